"""The REST API (FastAPI): one router per resource, OpenAPI at ``/docs``.

Who sees what follows :mod:`buendnisatlas.graph.visibility`: without a token a caller is
the public; with the coordinator token (``BUENDNISATLAS_API_TOKEN``) a caller sees and
edits everything.
"""

from buendnisatlas.api.rest.main import create_app

__all__ = ["create_app"]
