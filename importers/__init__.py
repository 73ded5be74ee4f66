"""Turn files into validated model objects; nothing reaches a store unless all is valid."""
