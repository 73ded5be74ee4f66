"""Interactive maps and charts from graph views."""
