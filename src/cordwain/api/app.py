"""The app factory: the REST API under ``/api/v1`` and the web pages, over one database.

``create_app(url)`` builds everything without touching the database; the first request
loads (or creates) the key that signs session cookies. ``cordwain serve`` runs it with
uvicorn; tests run it with FastAPI's TestClient.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from cordwain import __version__

from .cache import DashboardCache
from .deps import LoginRequired, WebConfig, gate_of
from .errors import ERROR_RESPONSES, install
from .jobs import JobRunner
from .middleware import WebMiddleware
from .routers import AREAS as API_AREAS
from .schemas import HealthOut

API_PREFIX = "/api/v1"
STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"


def create_app(url: str | None = None, *, config: WebConfig | None = None) -> FastAPI:
    """The whole web app on the database at ``url`` (default: $CORDWAIN_DATABASE_URL)."""
    from cordwain.web import pages
    from cordwain.web.templating import html_error, to_login

    cfg = config or WebConfig(url=url)
    if url is not None:
        cfg.url = url
    app = FastAPI(
        title="cordwain",
        version=__version__,
        description=(
            "Planning and quality for a small-batch footwear workshop. Authenticate scripts "
            "with an API token: `Authorization: Bearer cw_...` (create one on your account "
            "page, or with `POST /api/v1/auth/token`). Every error answers "
            '`{"error": {"status", "code", "message", "details"}}`.'
        ),
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.config = cfg
    app.state.dashboard_cache = DashboardCache(cfg.dashboard_seconds)
    # Background jobs (plans, schedules...): the thread pool starts with the first job; their
    # state is kept in the database, so every worker process answers about every job.
    app.state.jobs = JobRunner(cfg.url)
    for router in API_AREAS:
        app.include_router(router, prefix=API_PREFIX, responses=ERROR_RESPONSES)

    @app.get("/healthz", response_model=HealthOut, tags=["system"], include_in_schema=False)
    def healthz() -> HealthOut:
        """Answers without touching the database (the load benchmark's baseline)."""
        return HealthOut(status="ok")

    for router in pages.AREAS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install(app, html_error)
    app.add_exception_handler(LoginRequired, to_login)
    app.add_middleware(WebMiddleware, config=cfg)
    return app


def route_table(app: FastAPI) -> list[tuple[str, str, object]]:
    """Every (path, method, gate) the app answers, for the permission matrix and the docs.

    ``gate`` is the permission the route checks, :data:`SIGNED_IN`, or None when public.
    """
    try:  # FastAPI >= 0.160 keeps included routers nested; this walks them with prefixes.
        from fastapi.routing import iter_route_contexts

        found = [(c.path, c.original_route) for c in iter_route_contexts(app.routes)]
    except ImportError:
        found = [(getattr(r, "path", None), r) for r in app.routes]
    table = []
    for path, route in found:
        methods = getattr(route, "methods", None)
        if path is None or not methods:
            continue
        dependant = getattr(route, "dependant", None)
        gate = gate_of(dependant) if dependant is not None else None
        for method in sorted(set(methods) - {"HEAD"}):
            table.append((path, method, gate))
    return table
