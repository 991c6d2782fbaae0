"""The REST API (FastAPI, under ``/api/v1``) and the app factory that also mounts the pages.

``create_app(url=None)`` returns the ASGI app; nothing opens a database at import.
"""

from .app import API_PREFIX, create_app, route_table
from .deps import SIGNED_IN, WebConfig, allow, gate_of

__all__ = ["API_PREFIX", "SIGNED_IN", "WebConfig", "allow", "create_app", "gate_of", "route_table"]
