"""Every door into the system: the CLI, later the REST API and the web pages."""
