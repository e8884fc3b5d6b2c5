"""The FastAPI application: every route reads the graph through one GraphStore."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..namespaces import PREFIXES
from ..settings import Settings
from ..store import GraphStore
from . import errors, sparql
from .page_queries import page_query

TEMPLATES = Path(__file__).parent / "templates"


def create_app(store: GraphStore, settings: Settings | None = None) -> FastAPI:
    app = FastAPI(title="Ansvarsgrafen", version=__version__, docs_url="/api/docs", redoc_url=None)
    app.state.store = store
    app.state.settings = settings or Settings()
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES)).env
    app.state.templates.globals["prefixes"] = PREFIXES
    errors.install(app)
    app.include_router(sparql.router)

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
        return HTMLResponse(request.app.state.templates.get_template("index.html").render(**context))

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok", "graphs": len(app.state.store.named_graphs())}

    return app
