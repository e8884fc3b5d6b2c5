"""Dereferenceable IRIs: /id/…, /concept/…, /graph/… (303 See Other), resource pages
(/page/…), RDF descriptions (/data/…) and class pages (/class?iri=…).

What the pages show comes from ansvar.render.pages, which the static publication uses too.
"""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from ..namespaces import is_safe_iri
from ..render.links import EXTENSION_OF, RDF_EXTENSIONS, RDF_TYPES, Links, iri_for
from ..render.pages import class_context, describe, exists, render_class_page, render_resource_page, resource_context
from ..store import GraphStore
from .errors import ProtocolError
from .i18n import page_language, remember_language, render_localised
from .negotiation import negotiate, resolve_format
from .search import label_index

router = APIRouter()

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
CACHE_CONTROL = "public, max-age=300"
PAGE_OFFERS = ("text/html", *RDF_TYPES)


# -- HTTP ------------------------------------------------------------------------------


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def cached(request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None) -> Response:
    """200 with ETag and Cache-Control, or 304 if the client holds the same bytes."""
    tag = _etag(body)
    all_headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL, **(headers or {})}
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=all_headers)
    return Response(body, media_type=media_type, headers=all_headers)


def _with_charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8"


def _licence_link() -> dict[str, str]:
    return {"Link": f'<{LICENCE}>; rel="license"'}


def _split_extension(ns: str, rest: str, store: GraphStore) -> tuple[str | None, str, str | None]:
    """(iri, rest, extension): '/id/x.ttl' names id/x in Turtle unless id/x.ttl itself exists."""
    iri = iri_for(ns, rest)
    if iri is not None and exists(store, iri):
        return iri, rest, None
    stem, dot, ext = rest.rpartition(".")
    if dot and (ext in RDF_EXTENSIONS or ext == "html"):
        stem_iri = iri_for(ns, stem)
        if stem_iri is not None and exists(store, stem_iri):
            return stem_iri, stem, ext
    return None, rest, None


def _format_param(request: Request, offers: tuple[str, ...]) -> str | None:
    fmt = request.query_params.get("_format")
    if fmt is None:
        return None
    media = resolve_format(fmt)
    if media == "text/n-triples":
        media = "application/n-triples"
    if media not in offers:
        raise ProtocolError(406, f"unknown _format {fmt!r}; use one of html, {', '.join(RDF_EXTENSIONS)}")
    return media


def _not_acceptable(offers: tuple[str, ...]) -> ProtocolError:
    return ProtocolError(406, "none of the accepted media types is offered; offered: " + ", ".join(offers))


def not_found(request: Request, iri: str | None, path: str) -> Response:
    lang = page_language(request)
    media = negotiate(request.headers.get("accept"), PAGE_OFFERS)
    if media != "text/html":
        return PlainTextResponse(f"not found: {iri or path}\nsearch: /search?q=\n", status_code=404)
    nearest = label_index(request.app.state.store).nearest(iri or path, lang) if iri else []
    words = (iri or path).rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    html = render_localised(request, "not_found.html", lang, iri=iri or path, nearest=nearest, q=words)
    return HTMLResponse(html, status_code=404)


def _dereference(request: Request, ns: str, rest: str) -> Response:
    store: GraphStore = request.app.state.store
    iri, rest, ext = _split_extension(ns, rest, store)
    if iri is None:
        return not_found(request, iri_for(ns, rest), request.url.path)
    media = _format_param(request, PAGE_OFFERS)
    if media is None and ext is not None:
        media = "text/html" if ext == "html" else RDF_EXTENSIONS[ext]
    if media is None:
        media = negotiate(request.headers.get("accept"), PAGE_OFFERS)
        if media is None:
            raise _not_acceptable(PAGE_OFFERS)
    if media == "text/html":
        location = f"/page/{ns}/{rest}"
        lang = request.query_params.get("lang")
        if lang:
            location += f"?lang={'en' if lang == 'en' else 'sv'}"
    else:
        location = f"/data/{ns}/{rest}.{EXTENSION_OF[media]}"
    return RedirectResponse(location, status_code=303, headers={"Vary": "Accept", "Cache-Control": CACHE_CONTROL})


@router.api_route("/id/{rest:path}", methods=["GET", "HEAD"], include_in_schema=False)
def dereference_id(request: Request, rest: str) -> Response:
    return _dereference(request, "id", rest)


@router.api_route("/concept/{rest:path}", methods=["GET", "HEAD"], include_in_schema=False)
def dereference_concept(request: Request, rest: str) -> Response:
    return _dereference(request, "concept", rest)


@router.api_route("/graph/{rest:path}", methods=["GET", "HEAD"], include_in_schema=False)
def dereference_graph(request: Request, rest: str) -> Response:
    return _dereference(request, "graph", rest)


@router.api_route("/def", methods=["GET", "HEAD"], include_in_schema=False)
@router.api_route("/def/{version}", methods=["GET", "HEAD"], include_in_schema=False)
def dereference_ontology(request: Request, version: str | None = None) -> Response:
    """def#<term> (and the version IRI def/<version>): the ontology, documented at /ontology,
    which negotiates HTML or RDF itself; the term's anchor is the fragment the client keeps."""
    return RedirectResponse("/ontology", status_code=303, headers={"Cache-Control": CACHE_CONTROL})


@router.api_route("/shapes", methods=["GET", "HEAD"], include_in_schema=False)
def dereference_shapes(request: Request) -> Response:
    """shapes#<shape>: the named graph of the SHACL shapes, as a page or as data."""
    return _dereference(request, "graph", "shapes")


@router.api_route("/page/{ns}/{rest:path}", methods=["GET", "HEAD"])
def resource_page(request: Request, ns: str, rest: str) -> Response:
    """The HTML page of a resource (sv by default, ?lang=en)."""
    store: GraphStore = request.app.state.store
    if rest.endswith(".html"):
        rest = rest[: -len(".html")]
    iri = iri_for(ns, rest)
    lang = page_language(request)
    context = resource_context(store, iri, lang, Links("/")) if iri else None
    if context is None:
        return not_found(request, iri, request.url.path)
    context["request"] = request
    body = render_resource_page(context).encode("utf-8")
    response = cached(request, body, _with_charset("text/html"), {"Vary": "Cookie", **_licence_link()})
    remember_language(request, response)
    return response


@router.api_route("/data/{ns}/{rest:path}", methods=["GET", "HEAD"])
def resource_data(request: Request, ns: str, rest: str) -> Response:
    """The RDF description of a resource: by extension, `_format`, or Accept."""
    store: GraphStore = request.app.state.store
    iri, rest, ext = _split_extension(ns, rest, store)
    if iri is None or ext == "html":
        return not_found(request, iri_for(ns, rest), request.url.path)
    headers = _licence_link()
    media = _format_param(request, RDF_TYPES)
    if media is None and ext is not None:
        media = RDF_EXTENSIONS[ext]
    if media is None:
        media = negotiate(request.headers.get("accept"), RDF_TYPES)
        if media is None:
            raise _not_acceptable(RDF_TYPES)
        headers["Vary"] = "Accept"
        headers["Content-Location"] = f"/data/{ns}/{rest}.{EXTENSION_OF[media]}"
    return cached(request, describe(store, iri, media), _with_charset(media), headers)


@router.api_route("/class", methods=["GET", "HEAD"])
def class_page(request: Request, iri: str = "") -> Response:
    """A class and its instances (?iri=<class IRI>)."""
    if not iri or not is_safe_iri(iri):
        raise ProtocolError(400, "give the class as ?iri=<an absolute IRI>")
    lang = page_language(request)
    context = class_context(request.app.state.store, iri, lang, Links("/"))
    if context is None:
        return not_found(request, None, iri)
    context["request"] = request
    body = render_class_page(context).encode("utf-8")
    response = cached(request, body, _with_charset("text/html"), {"Vary": "Cookie"})
    remember_language(request, response)
    return response
