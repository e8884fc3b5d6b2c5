"""Dumps of the whole graph at stable /download/… paths, and the dataset description:
the DCAT-AP-SE record at /catalog.rdf (RDF/XML, the one URL Sveriges dataportal harvests) and
/catalog (by Accept), and the VoID description at /void (and /.well-known/void).
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from rdflib import Graph
from starlette.datastructures import State

from ..catalog import Publication, dcat_graph, void_graph
from ..dumps import LICENCE, MANIFEST, Manifest, dumps_dir_of, store_label, write_dumps
from ..store import GraphStore
from .errors import ProtocolError
from .i18n import page_language, render_localised
from .iris import RDF_TYPES
from .negotiation import negotiate, resolve_format
from .resources import cached

router = APIRouter()

_lock = threading.Lock()
_RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def ensure_dumps(request: Request) -> tuple[Path, Manifest]:
    """The dumps of the served store generation: those the build wrote, else written now (once).

    Cached per generation, so after an update /download and /catalog follow the new data.
    """
    state = request.app.state
    store: GraphStore = state.store
    label = store_label(store)
    with _lock:
        cached_dumps = getattr(state, "dumps", None)
        if cached_dumps is not None and cached_dumps[0] == label:
            return cached_dumps[1], cached_dumps[2]
        directory = dumps_dir_of(store)
        manifest = Manifest.read(directory) if directory else None
        if directory is None or manifest is None or manifest.store != label:
            # An in-memory store (or one built without dumps): a cache directory for this
            # process; a live generation is never written to.
            scratch = tempfile.TemporaryDirectory(prefix="ansvar-dumps-")
            directory = Path(scratch.name)
            manifest = write_dumps(store, directory, label)
            _forget_old_scratch(state, scratch)
        state.dumps = (label, directory, manifest)
        return directory, manifest


def _forget_old_scratch(state: State, directory: tempfile.TemporaryDirectory[str]) -> None:
    """Keep the scratch dumps of this and the previous generation (a download may be reading it).

    The app's shutdown removes the rest (remove_scratch)."""
    scratch = getattr(state, "dumps_scratch", [])
    scratch.append(directory)
    for old in scratch[:-2]:
        old.cleanup()
    state.dumps_scratch = scratch[-2:]


def remove_scratch(state: State) -> None:
    """Remove the scratch dumps (the app is shutting down)."""
    for scratch in getattr(state, "dumps_scratch", []):
        scratch.cleanup()
    state.dumps_scratch = []


def _publication(request: Request) -> Publication:
    """Who publishes the record (the settings) and where (the settings' base URL, else this server)."""
    return Publication.from_settings(request.app.state.settings, str(request.base_url))


def _rdf_response(request: Request, graph: Graph, media: str | None = None) -> Response:
    if media is None:
        fmt = request.query_params.get("_format") or request.query_params.get("format")
        media = resolve_format(fmt) if fmt else negotiate(request.headers.get("accept"), RDF_TYPES)
    if media not in RDF_TYPES:
        raise ProtocolError(406, "offered: " + ", ".join(RDF_TYPES))
    body = graph.serialize(format=_RDFLIB_FORMATS[media], encoding="utf-8")
    return cached(
        request,
        body,
        f"{media}; charset=utf-8",
        {"Vary": "Accept", "Link": f'<{LICENCE}>; rel="license"'},
    )


def _record(request: Request) -> Graph:
    _directory, manifest = ensure_dumps(request)
    return dcat_graph(request.app.state.store, manifest, _publication(request), manifest.created)


@router.api_route("/catalog", methods=["GET", "HEAD"])
def catalog(request: Request) -> Response:
    """The DCAT-AP-SE catalogue record (Turtle, N-Triples, JSON-LD, RDF/XML by Accept)."""
    return _rdf_response(request, _record(request))


@router.api_route("/catalog.rdf", methods=["GET", "HEAD"])
def catalog_rdf(request: Request) -> Response:
    """The DCAT-AP-SE record as RDF/XML: the stable URL to register on Sveriges dataportal."""
    return _rdf_response(request, _record(request), "application/rdf+xml")


@router.api_route("/datasets/dcat", methods=["GET", "HEAD"], include_in_schema=False)
def datasets_dcat(request: Request) -> Response:
    """The harvest source path the portal pre-registers for public bodies (…/datasets/dcat)."""
    # 301: a redirect the portal's harvester follows (it takes 301, 303, 307 and 308).
    return RedirectResponse(str(_publication(request).url("catalog.rdf")), status_code=301)


@router.api_route("/void", methods=["GET", "HEAD"])
@router.api_route("/.well-known/void", methods=["GET", "HEAD"], include_in_schema=False)
def void(request: Request) -> Response:
    """The VoID description of the graph."""
    _directory, manifest = ensure_dumps(request)
    return _rdf_response(request, void_graph(request.app.state.store, manifest, _publication(request)))


@router.get("/download/")
def download_index(request: Request) -> Response:
    """The dumps with size, triple count and SHA-256 (HTML, or JSON with Accept/format=json)."""
    _directory, manifest = ensure_dumps(request)
    fmt = request.query_params.get("format")
    media = (
        "application/json"
        if fmt == "json"
        else negotiate(request.headers.get("accept"), ("text/html", "application/json"))
    )
    if media == "application/json":
        return JSONResponse(_public_manifest(manifest))
    lang = page_language(request)
    html = render_localised(request, "downloads.html", lang, manifest=manifest)
    return HTMLResponse(html)


def _public_manifest(manifest: Manifest) -> dict[str, object]:
    data = {k: v for k, v in manifest.__dict__.items() if k not in ("files", "store")}
    data["files"] = [{**f.__dict__, "url": f"/download/{f.name}"} for f in manifest.files]
    return data


@router.api_route("/download/{name}", methods=["GET", "HEAD"])
def download(request: Request, name: str) -> Response:
    directory, manifest = ensure_dumps(request)
    if name == MANIFEST:
        return JSONResponse(_public_manifest(manifest))
    entry = manifest.file(name)
    if entry is None:
        raise ProtocolError(404, f"no dump named {name!r}; see /download/")
    tag = f'"{entry.sha256}"'
    headers = {
        "ETag": tag,
        "Cache-Control": "public, max-age=3600",
        "Link": f'<{LICENCE}>; rel="license"',
        "Content-Disposition": f'attachment; filename="{name}"',
    }
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    media = "application/gzip" if entry.gzipped else f"{entry.media_type}; charset=utf-8"
    # Sent from the file in chunks with its Content-Length: a dump is never read whole into memory.
    return FileResponse(directory / name, media_type=media, headers=headers)
