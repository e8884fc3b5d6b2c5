"""The SPARQL 1.1 Protocol endpoint (read-only) at /sparql."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from jinja2 import Environment
from starlette.background import BackgroundTask

from ..namespaces import BASE, sparql_prologue
from ..questions import catalogue
from ..store.base import GRAPH_TYPES, SOLUTION_TYPES, ResultKind
from .budget import client_address
from .errors import ProtocolError
from .negotiation import negotiate, resolve_format
from .request_body import read_body
from .service_description import service_description
from .updates import run_update

router = APIRouter()

_GRAPH_SIBLING = {
    "application/sparql-results+json": "application/ld+json",
    "application/sparql-results+xml": "application/rdf+xml",
}

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


def _params(query_string: str) -> dict[str, list[str]]:
    return parse_qs(query_string, keep_blank_values=True)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ProtocolError(400, f"the parameter '{name}' may be given only once")
    return values[0] if values else None


def _wanted_types(request: Request, params: dict[str, list[str]]) -> tuple[str | None, str | None]:
    # Clients such as SPARQLWrapper repeat format/output; the first value counts.
    fmt = next(iter(params.get("format", []) + params.get("output", [])), None)
    if fmt:
        media = resolve_format(fmt)
        if media is None or media not in (*SOLUTION_TYPES, *GRAPH_TYPES):
            raise ProtocolError(406, f"unknown result format '{fmt}'")
        if media in SOLUTION_TYPES:  # format=json/xml on a CONSTRUCT means the RDF sibling
            return media, _GRAPH_SIBLING.get(media, GRAPH_TYPES[0])
        return None, media
    accept = request.headers.get("accept")
    return negotiate(accept, SOLUTION_TYPES), negotiate(accept, GRAPH_TYPES)


def _no_update_dataset(*param_sets: dict[str, list[str]]) -> None:
    """The update protocol's dataset parameters are not supported: refuse, never ignore."""
    for params in param_sets:
        for name in ("using-graph-uri", "using-named-graph-uri"):
            if name in params:
                raise ProtocolError(
                    400, f"'{name}' is not supported: name the graphs with USING / WITH / GRAPH in the update"
                )


class _UpdateRequest(Exception):
    """The request carries a SPARQL Update, not a query."""

    def __init__(self, text: str):
        self.text = text


async def _read_request(request: Request) -> tuple[str | None, dict[str, list[str]]]:
    """The query text and all protocol parameters, from any of the three forms."""
    settings = request.app.state.settings
    query_string: bytes = request.scope["query_string"]  # what request.url.query decodes, without the URL
    if len(query_string) > settings.max_url_bytes:
        raise ProtocolError(
            414, f"the query string is longer than {settings.max_url_bytes} bytes: send the query with POST"
        )
    params = _params(query_string.decode("latin-1"))
    if request.method != "POST":
        return _one(params, "query"), params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request, settings.max_request_bytes)
    if content_type == FORM:
        form = _params(body.decode("utf-8", errors="replace"))
        if "update" in form:
            if settings.update_token:  # read-only endpoints refuse every update with 403 first
                _no_update_dataset(params, form)
            raise _UpdateRequest(_one(form, "update") or "")
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
        return _one(params, "query"), params
    if content_type == SPARQL_QUERY:
        return _utf8_query(request.headers.get("content-type", ""), body), params
    if content_type == SPARQL_UPDATE:
        if settings.update_token:
            _no_update_dataset(params)
        raise _UpdateRequest(body.decode("utf-8", errors="replace"))
    raise ProtocolError(415, f"unsupported content type '{content_type or '(none)'}': use {FORM} or {SPARQL_QUERY}")


def _utf8_query(content_type: str, body: bytes) -> str:
    """A direct POST query body: the protocol allows UTF-8 only (W3C test bad_query_non_utf8)."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        charset = value.strip().strip('"')
        if name.strip().lower() == "charset" and charset.lower() not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"unsupported charset '{charset}': {SPARQL_QUERY} must be UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {SPARQL_QUERY} body is not valid UTF-8") from None


ENDPOINT_PATH = "/sparql"
TRUNCATED_HEADER = "X-Ansvar-Result-Truncated"
LIMIT_HEADER = "X-Ansvar-Result-Limit"


# GET, HEAD and POST are answered by `sparql_asgi.SparqlShortcut` with this same function; the
# route gives the OpenAPI description and, for other methods, the 405.
@router.api_route(ENDPOINT_PATH, methods=["GET", "HEAD", "POST"])
async def sparql(request: Request) -> Response:
    try:
        query, params = await _read_request(request)
    except _UpdateRequest as update:
        return await run_update(request, update.text)  # 403 unless a token is configured
    if "update" in params:
        raise ProtocolError(403, "SPARQL Update must be sent with POST (and a token); this request was refused")
    if query is None:
        return _describe_service(request)
    if not query.strip():
        raise ProtocolError(400, "the query is empty")
    # SERVICE and what cannot be parsed are refused by the guard, where the query is evaluated.
    solutions_type, graph_type = _wanted_types(request, params)
    outcome = await request.app.state.query_runner.run(
        query,
        (solutions_type or SOLUTION_TYPES[0], graph_type or GRAPH_TYPES[0]),
        _graph_iris(params, "default-graph-uri"),
        _graph_iris(params, "named-graph-uri"),
        client_address(request),
    )
    result = outcome.result
    wanted = graph_type if result.kind is ResultKind.GRAPH else solutions_type
    if wanted is None:
        offers = GRAPH_TYPES if result.kind is ResultKind.GRAPH else SOLUTION_TYPES
        raise ProtocolError(
            406, "none of the accepted media types fits this query's result; offered: " + ", ".join(offers)
        )
    headers = {LIMIT_HEADER: str(outcome.limit)}
    if outcome.truncated:
        headers[TRUNCATED_HEADER] = "true"
    if outcome.file is not None:  # a large result: sent from the worker's file in chunks, then deleted
        cleanup = BackgroundTask(outcome.file.unlink, missing_ok=True)
        return FileResponse(
            outcome.file, media_type=_with_charset(result.media_type), headers=headers, background=cleanup
        )
    return Response(result.body, media_type=_with_charset(result.media_type), headers=headers)


def _graph_iris(params: dict[str, list[str]], name: str) -> list[str] | None:
    """The dataset parameter's IRIs, each absolute and valid, or 400 naming the parameter."""
    values = params.get(name) or None
    for value in values or ():
        try:
            ox.NamedNode(value)
        except ValueError as err:
            raise ProtocolError(400, f"'{name}' must be an absolute IRI; {value[:200]!r} is not ({err})") from None
    return values


def _with_charset(media_type: str) -> str:
    return media_type if media_type.startswith("application/sparql-results+xml") else f"{media_type}; charset=utf-8"


def _editor_page(request: Request) -> str:
    examples = list(catalogue().values())
    default_query = sparql_prologue() + (
        "\nSELECT ?s ?label WHERE {\n  ?s a ans:Agreement ; skos:prefLabel ?label .\n}\nLIMIT 20\n"
    )
    templates: Environment = request.app.state.templates
    return templates.get_template("sparql.html").render(
        request=request,
        settings=request.app.state.settings,
        examples=examples,
        # "</" is escaped so a query text can never close the <script> element.
        examples_json=json.dumps([q.bound() for q in examples]).replace("</", "<\\/"),
        default_query=default_query,
        editor_json=json.dumps({"defaultQuery": default_query, "baseIri": BASE}).replace("</", "<\\/"),
    )


def _describe_service(request: Request) -> Response:
    accept = request.headers.get("accept")
    media = negotiate(accept, ("text/html", *GRAPH_TYPES[:4]))
    if media == "text/html" and "text/html" in (accept or ""):
        return HTMLResponse(_editor_page(request))
    endpoint = str(request.url.replace(query=""))
    void = str(request.url.replace(path="/void", query=""))
    graph = service_description(endpoint, request.app.state.store.named_graphs(), void_url=void)
    media = media if media in GRAPH_TYPES else "text/turtle"
    fmt = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/ld+json": "json-ld",
        "application/rdf+xml": "xml",
    }[media]
    return Response(graph.serialize(format=fmt), media_type=_with_charset(media))
