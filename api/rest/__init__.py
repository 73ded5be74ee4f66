"""The REST API (FastAPI): one router per resource, OpenAPI at ``/docs``.

Who sees and changes what is decided by the service layer (:mod:`buendnisatlas.services`):
without a token a caller is the public; with a personal API token (``Authorization:
Bearer <Token>``) the token's account with its role and alliances; the bootstrap token
``BUENDNISATLAS_API_TOKEN`` is an administrator (see :mod:`buendnisatlas.api.rest.deps`).
"""

from buendnisatlas.api.rest.main import create_app, served_app

__all__ = ["create_app", "served_app"]
