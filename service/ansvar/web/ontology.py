"""GET /ontology: the ontology's documentation (HTML) or the ontology itself (RDF), by Accept."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..ontology_docs import ontology_page
from ..store.base import SOLUTION_TYPES
from .errors import ProtocolError
from .negotiation import negotiate, resolve_format
from .page_queries import page_query

router = APIRouter()

HTML = "text/html"
RDF_OFFERS = ("text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples")
OFFERS = (HTML, *RDF_OFFERS)  # HTML first: a browser's */* gets the documentation

_lock = threading.Lock()  # one generation per app, even under concurrent first requests


@router.get("/ontology")
def ontology(request: Request) -> Response:
    media = _wanted(request)
    headers = {"Vary": "Accept"}
    if media == HTML:
        return HTMLResponse(_page(request), headers=headers)
    result = request.app.state.store.query(page_query("ontology_graph"), accept=(SOLUTION_TYPES[0], media))
    return Response(result.body, media_type=f"{media}; charset=utf-8", headers=headers)


def _wanted(request: Request) -> str:
    fmt = request.query_params.get("format")
    if fmt is not None:
        media = resolve_format(fmt)
        if media not in OFFERS:
            raise ProtocolError(406, f"unknown format '{fmt}' for /ontology; offered: " + ", ".join(OFFERS))
        return media
    media = negotiate(request.headers.get("accept"), OFFERS)
    if media is None:
        raise ProtocolError(
            406,
            "none of the accepted media types is offered; /ontology offers: " + ", ".join(OFFERS),
        )
    return media


def _page(request: Request) -> str:
    """The documentation page, generated on the first request and kept for the app's life."""
    state = request.app.state
    cached: str | None = getattr(state, "ontology_page", None)
    if cached is not None:
        return cached
    with _lock:
        if getattr(state, "ontology_page", None) is None:
            state.ontology_page = ontology_page(state.store)
        page: str = state.ontology_page
        return page
