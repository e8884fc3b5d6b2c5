"""The FastAPI application: every route reads the graph through one GraphStore."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import __version__
from ..catalog import Publication
from ..render.environment import environment, render
from ..settings import Settings
from ..store import GraphStore
from ..store.embedded import EmbeddedStore
from ..store.query_pool import QueryPool
from ..updates import UpdateManager
from . import (
    access_log,
    api_docs,
    budget,
    checks,
    downloads,
    errors,
    ontology,
    pictures,
    questions,
    resources,
    search,
    sparql,
    updates,
)
from .page_queries import page_query
from .query_runner import QueryRunner
from .security_headers import SecurityHeaders
from .sparql_asgi import SparqlShortcut


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    downloads.remove_scratch(app.state)  # dumps written for a store without its own
    # The workers and their scratch files go here: uvicorn re-raises SIGTERM after shutdown,
    # so code after `uvicorn.run` never runs.
    runner = app.state.query_runner
    if runner.pool is not None:
        runner.pool.close()


def create_app(store: GraphStore, settings: Settings | None = None, pool: QueryPool | None = None) -> FastAPI:
    """The app over `store`; user SPARQL goes to `pool` (killable workers) when given."""
    app = FastAPI(title="Ansvarsgrafen", version=__version__, docs_url=None, redoc_url=None, lifespan=_lifespan)
    app.state.store = store
    app.state.settings = settings or Settings()
    app.state.query_runner = QueryRunner(store, app.state.settings, pool)
    app.state.update_manager = _update_manager(app, store, app.state.settings)
    app.add_middleware(SparqlShortcut)  # added first, so innermost: every middleware below sees /sparql
    # Browser tools and other endpoints read /sparql and the pages from other origins;
    # writes are never shared: no Authorization header, and /store is same-origin only.
    app.add_middleware(
        _ReadOnlyCors,  # type: ignore[arg-type]  # a CORSMiddleware subclass; Starlette's stub wants a factory
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["Accept", "Accept-Language", "Content-Type"],
        expose_headers=[sparql.TRUNCATED_HEADER, sparql.LIMIT_HEADER],
    )
    access_log.install(app)
    budget.install(app)  # per-client query time budget on /sparql and /checks (429)
    api_docs.install(app)  # its assets are under /static/swagger-ui
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.state.templates = environment()  # the one environment of every page (ansvar.render)
    errors.install(app)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: error and CORS answers get them too
    app.include_router(sparql.router)
    app.include_router(updates.router)  # Graph Store Protocol at /store
    app.include_router(resources.router)  # linked data: /id, /concept, /graph, /page, /data, /class
    app.include_router(search.router)
    app.include_router(downloads.router)  # /download/…, /catalog, /void
    app.include_router(ontology.router)  # /ontology: documentation (HTML) or the ontology (RDF)
    app.include_router(checks.router)  # /checks: completeness and gap checks (HTML, JSON, RDF)
    app.include_router(pictures.router)  # /pictures: county map, responsibility matrix, network, timeline
    questions.install(app)  # /queries: the catalogue of questions, one OpenAPI entry each

    @app.get("/", response_class=HTMLResponse)
    def landing(request: Request) -> HTMLResponse:
        store: GraphStore = request.app.state.store
        context = {
            "request": request,
            "classes": store.select(page_query("class_counts")),
            "graphs": store.select(page_query("graph_sizes")),
            "sources": store.select(page_query("sources")),
            "version": __version__,
        }
        return HTMLResponse(render("index.html", **context))

    @app.get("/health")
    def health() -> dict[str, Any]:  # the response model: dict[str, Any] has the same schema as dict
        return {"status": "ok", "graphs": len(app.state.store.named_graphs())}

    return app


class _ReadOnlyCors:
    """CORS headers on every route except the Graph Store Protocol's writes."""

    def __init__(self, app: ASGIApp, **options: Any) -> None:
        self.app, self.cors = app, CORSMiddleware(app, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].rstrip("/") == "/store":
            return await self.app(scope, receive, send)
        return await self.cors(scope, receive, send)


def _update_manager(app: FastAPI, store: GraphStore, settings: Settings) -> UpdateManager | None:
    """Writes are possible only with a token and an embedded store."""
    if not settings.update_token or not isinstance(store, EmbeddedStore):
        return None
    log_path = settings.update_log or ((settings.store_dir or Path.cwd()) / "ansvar-updates.jsonl")

    def on_commit(new_store: EmbeddedStore) -> None:
        # Swap what every route reads; restart the query workers on the new data.
        app.state.store = new_store
        runner: QueryRunner = app.state.query_runner
        old_pool = runner.pool
        new_pool = old_pool.restarted_on(new_store, settings.store_dir) if old_pool else None
        app.state.query_runner = QueryRunner(new_store, settings, new_pool)
        if old_pool is not None:
            old_pool.close()

    return UpdateManager(
        store,
        store_dir=settings.store_dir,
        log_path=log_path,
        on_commit=on_commit,
        max_depth=settings.max_nesting_depth,
        publication=Publication.from_settings(settings),
    )
