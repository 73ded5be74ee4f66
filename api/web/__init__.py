"""The German web pages, served by the same FastAPI app as the REST API."""
