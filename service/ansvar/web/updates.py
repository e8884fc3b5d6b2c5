"""Writes: SPARQL 1.1 Update on /sparql and the Graph Store Protocol on /store.

Off unless a token is configured. Each accepted change is validated by the
shapes and committed atomically (see ansvar.updates); a change that breaks a
shape gets 422 with the report, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..build import BuildFailed
from ..rdf_input import InputRejected, parse_rdf
from ..store.base import GRAPH_TYPES
from ..updates import UpdateManager, UpdateOutcome, UpdateRefused, UpdateSyntaxError
from .auth import require_update_token
from .budget import client_address
from .errors import ProtocolError
from .negotiation import SYNONYMS, negotiate
from .request_body import read_body

router = APIRouter()

_INPUT_FORMATS = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


def _manager(request: Request) -> UpdateManager:
    manager: UpdateManager | None = request.app.state.update_manager
    if manager is None:
        raise ProtocolError(
            403, "updates are disabled: this endpoint is read-only (set ANSVAR_UPDATE_TOKEN to enable them)"
        )
    return manager


async def run_update(request: Request, text: str) -> Response:
    """Called by /sparql for update requests, after the token check."""
    require_update_token(request)
    manager = _manager(request)
    return await _committed(request, manager.sparql_update, text, client_address(request))


async def _committed(request: Request, fn: Callable[..., UpdateOutcome], *args: object) -> Response:
    try:
        outcome: UpdateOutcome = await run_in_threadpool(fn, *args)
    except UpdateSyntaxError as err:
        raise ProtocolError(400, f"SPARQL Update: {err}") from None
    except UpdateRefused as err:
        raise ProtocolError(403, str(err)) from None
    except KeyError as err:
        raise ProtocolError(404, f"no such graph: {err.args[0]}") from None
    except BuildFailed as err:
        findings = [f.__dict__ for f in err.report.violations]
        return JSONResponse(
            {"error": "the change breaks the shapes; nothing was changed", "violations": findings}, status_code=422
        )
    return JSONResponse(
        {"status": "committed", "triples_before": outcome.triples_before, "triples_after": outcome.triples_after}
    )


def _graph_param(request: Request) -> str:
    graphs = request.query_params.getlist("graph")
    if len(graphs) != 1 or not graphs[0].strip():
        raise ProtocolError(400, "name exactly one graph with ?graph=<IRI>")
    iri = graphs[0].strip()
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise ProtocolError(400, f"not an absolute IRI: {iri!r}") from None
    return iri


@router.get("/store")
def read_graph(request: Request) -> Response:
    iri = _graph_param(request)
    media = negotiate(request.headers.get("accept"), GRAPH_TYPES[:4])
    if media is None:
        raise ProtocolError(406, "offered: " + ", ".join(GRAPH_TYPES[:4]))
    body = request.app.state.store.dump_graph(iri, media)
    if body is None:
        raise ProtocolError(404, f"no such graph: {iri}")
    return Response(body, media_type=f"{media}; charset=utf-8")


async def _body_as_ntriples(request: Request) -> bytes:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    content_type = SYNONYMS.get(content_type, content_type)
    if content_type not in _INPUT_FORMATS:
        raise ProtocolError(415, f"unsupported content type '{content_type}': send one of {', '.join(_INPUT_FORMATS)}")
    settings = request.app.state.settings
    body = await read_body(request, settings.max_request_bytes)
    try:
        # Bounded and checked before parsing; nothing is fetched (see ansvar.rdf_input).
        quads = await run_in_threadpool(parse_rdf, body, content_type, settings.max_nesting_depth)
    except InputRejected as err:
        raise ProtocolError(400, str(err)) from None
    ntriples = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    if ntriples is None:  # pyoxigraph returns None only when given an output to write to, which this does not pass
        raise RuntimeError("pyoxigraph returned no N-Triples")
    return ntriples


@router.api_route("/store", methods=["PUT", "POST", "DELETE"])
async def write_graph(request: Request) -> Response:
    """PUT replaces the graph, POST adds to it, DELETE drops it (token required)."""
    require_update_token(request)
    iri = _graph_param(request)
    manager = _manager(request)
    if request.method == "DELETE":
        return await _committed(request, manager.delete_graph, iri, client_address(request))
    data = await _body_as_ntriples(request)
    write = manager.put_graph if request.method == "PUT" else manager.post_graph
    return await _committed(request, write, iri, data, client_address(request))
