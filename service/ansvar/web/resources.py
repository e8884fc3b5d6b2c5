"""Dereferenceable IRIs: /id/…, /concept/…, /graph/… (303 See Other), resource pages
(/page/…), RDF descriptions (/data/…) and class pages (/class?iri=…).

The same functions render the static publication (see ansvar.publish).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from rdflib.namespace import RDF, SKOS

from .. import __version__
from ..namespaces import ANS, GRAPH_INFERRED, ORG, PREFIXES
from ..store import GraphStore
from ..store.base import SOLUTION_TYPES
from .errors import ProtocolError
from .i18n import page_language, remember_language, render_localised, translator
from .iris import (
    EXTENSION_OF,
    RDF_EXTENSIONS,
    RDF_TYPES,
    Links,
    bind_this,
    iri_for,
    is_safe_iri,
    ontology_anchor,
)
from .negotiation import negotiate, resolve_format
from .page_queries import page_query
from .pictures import picture_links
from .rows import Term, compact, first, labelled, pivot, term, values_html

router = APIRouter()

TEMPLATES = Path(__file__).parent / "templates"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
CACHE_CONTROL = "public, max-age=300"
PAGE_OFFERS = ("text/html", *RDF_TYPES)

ELI_LEGAL_RESOURCE = "http://data.europa.eu/eli/ontology#LegalResource"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
PROV_QUALIFIED = "http://www.w3.org/ns/prov#qualifiedDerivation"
EVIDENCE_METHOD = "https://w3id.org/ansvar/concept/evidence-method/"
RDF_TYPE = str(RDF.type)
PREF_LABEL = str(SKOS.prefLabel)


def page_environment():
    """The Jinja environment for pages outside a running app (static publication)."""
    env = Jinja2Templates(directory=str(TEMPLATES)).env
    env.globals["prefixes"] = PREFIXES
    return env


# -- reading the graph ---------------------------------------------------------------


def run(store: GraphStore, name: str, iri: str) -> list[dict]:
    return store.select(bind_this(page_query(name), iri))


def exists(store: GraphStore, iri: str) -> bool:
    return store.ask(bind_this(page_query("resource_exists"), iri)) or iri in store.named_graphs()


@dataclass
class Property:
    iri: Term
    values: list[Term]
    inferred: set[tuple]  # keys of values found only by inference
    evidence: list[dict] = field(default_factory=list)  # evidence records that support it


def resource_context(store: GraphStore, iri: str, lang: str, links: Links) -> dict | None:
    """Everything a resource page shows, or None if the graph knows nothing of `iri`."""
    rows = run(store, "resource_properties", iri)
    is_graph = iri in store.named_graphs()
    inbound_rows = run(store, "resource_inbound", iri)
    if not rows and not inbound_rows and not is_graph:
        return None
    properties = _properties(rows)
    types = properties.get(RDF_TYPE).values if RDF_TYPE in properties else []
    type_iris = {t.value for t in types}
    own = properties.get(PREF_LABEL).values if PREF_LABEL in properties else []
    labels = {t.lang: t.value for t in reversed(own)}
    for fallback in (
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://purl.org/dc/terms/title",
    ):
        if not labels and fallback in properties:
            labels = {t.lang: t.value for t in reversed(properties[fallback].values)}
    context = {
        "iri": iri,
        "label_sv": labels.get("sv") or labels.get("") or next(iter(labels.values()), None) or compact(iri),
        "label_en": labels.get("en"),
        "types": sorted(
            (t for t in types if not _trivial_type(t.value)),
            key=lambda t: (not t.value.startswith(str(ANS)), t.label(lang).casefold()),
        ),
        "properties": sorted(properties.values(), key=lambda p: _property_order(p, lang)),
        "inbound": _inbound(inbound_rows),
        "sources": _sources(properties),
        "lang": lang,
        "t": translator(lang),
        "links": links,
        "formats": RDF_EXTENSIONS,
        "is_concept": str(SKOS.Concept) in type_iris or str(SKOS.ConceptScheme) in type_iris,
        "version": __version__,
        "root": links.base,
        **page_helpers(lang, links),
    }
    if PROV_QUALIFIED in properties or str(ANS.generalDuty) in properties:
        _attach_evidence(properties, _records(run(store, "resource_evidence", iri)))
    if str(ANS.JointResponsibility) in type_iris and str(ANS.actor) in properties:
        context["joint_holders"] = properties[str(ANS.actor)].values
    if str(ANS.GeneralDuty) in type_iris:
        context["holders"] = _records(run(store, "general_duty_holders", iri), lang=lang)
    if str(ANS.Evidence) in type_iris:
        context["evidence_for"] = next(
            (subjects for prop, subjects in context["inbound"] if prop.value == PROV_QUALIFIED), []
        )
    if str(ORG.Organization) in type_iris or str(ANS.Actor) in type_iris:
        context["responsibilities"] = _records(run(store, "actor_responsibilities", iri))
    if str(ANS.Agreement) in type_iris:
        context["parties"] = _records(run(store, "agreement_parties", iri), sort_by="party", lang=lang)
        context["bodies"] = _records(run(store, "agreement_bodies", iri))
    if ELI_LEGAL_RESOURCE in type_iris or str(ANS.Statute) in type_iris or str(ANS.Section) in type_iris:
        context["sections"] = _records(run(store, "statute_sections", iri), sort_by="number")
        context["duties"] = _records(run(store, "statute_duties", iri))
    context["pictures"] = picture_links(
        iri, type_iris, {p.iri.value: [v.value for v in p.values if v.is_iri] for p in properties.values()}
    )
    if is_graph:
        summary = run(store, "graph_summary", iri)[0]
        context["graph"] = {k: int(v["value"]) for k, v in summary.items()}
    return context


def _trivial_type(iri: str) -> bool:
    return iri.startswith("http://www.w3.org/2002/07/owl#") or iri == "http://www.w3.org/2000/01/rdf-schema#Resource"


def _properties(rows: list[dict]) -> dict[str, Property]:
    found: dict[str, Property] = {}
    graphs: dict[tuple, set[str]] = {}
    by_property: dict[str, dict[tuple, Term]] = {}
    for row in rows:
        p = row["p"]["value"]
        prop = found.get(p)
        if prop is None:
            prop = found[p] = Property(Term("uri", p), [], set())
        prop.iri.add_label(row.get("plabel"))
        values = by_property.setdefault(p, {})
        value = term(row["o"])
        value = values.setdefault(value.key, value)
        value.add_label(row.get("olabel"))
        graphs.setdefault((p, value.key), set()).add(row["g"]["value"])
    for p, prop in found.items():
        prop.values = sorted(by_property[p].values(), key=lambda v: (v.lang not in ("sv", ""), v.value))
        prop.inferred = {k for (q, k), gs in graphs.items() if q == p and gs == {str(GRAPH_INFERRED)}}
    return found


def _property_order(prop: Property, lang: str) -> tuple:
    first_ones = [RDF_TYPE, PREF_LABEL]
    rank = first_ones.index(prop.iri.value) if prop.iri.value in first_ones else len(first_ones)
    return (rank, prop.iri.label(lang).casefold())


def _inbound(rows: list[dict]) -> list[tuple[Term, list[Term]]]:
    grouped: dict[str, tuple[Term, dict[tuple, Term]]] = {}
    for row in rows:
        p = row["p"]["value"]
        prop, subjects = grouped.setdefault(p, (Term("uri", p), {}))
        prop.add_label(row.get("plabel"))
        s = Term("uri", row["s"]["value"])
        s = subjects.setdefault(s.key, s)
        s.add_label(row.get("slabel"))
    return [(prop, list(subjects.values())) for prop, subjects in grouped.values()]


def _sources(properties: dict[str, Property]) -> dict:
    docs = properties[PROV_DERIVED].values if PROV_DERIVED in properties else []
    quotes = properties[str(ANS.quote)].values if str(ANS.quote) in properties else []
    return {"documents": docs, "quotes": quotes}


def _attach_evidence(properties: dict[str, Property], evidence: list[dict]) -> None:
    """Each property gets the evidence records whose ans:supports names it."""
    for record in evidence:
        for supported in record.get("supports", []):
            if supported.value in properties:
                properties[supported.value].evidence.append(record)


def _records(rows: list[dict], sort_by: str = "label", lang: str = "sv") -> list[dict]:
    records = [{"iri": r, **fields} for r, fields in pivot(rows).items()]

    def key(record):
        t = first(record, sort_by)
        text = t.label(lang) if t else ""
        return (int(text) if text.isdigit() else 10**9, text.casefold(), record["iri"])

    return sorted(records, key=key)


def page_helpers(lang: str, links: Links) -> dict:
    """HTML pieces the templates call once per value or row (plain Python: fast on big pages)."""

    def html(values) -> Markup:
        return values_html(values, lang, links)

    def record_link(record: dict) -> Markup:
        labels = record.get("label", [])
        chosen = [t for t in labels if t.lang == lang] or [t for t in labels if t.lang == "sv"] or labels
        return Markup('<a href="{}">{}</a>').format(
            links.page(record["iri"]), chosen[0].value if chosen else record["iri"]
        )

    def period(record: dict) -> str:
        start, end = first(record, "from"), first(record, "until")
        return f"{start.value if start else '…'} – {end.value if end else ''}" if start or end else ""

    t = translator(lang)

    def quotes(record: dict) -> Markup:
        out = Markup("<br>").join(Markup("<q>{}</q>").format(q.value) for q in record.get("quote", []))
        for reason in record.get("uncertain", []):
            out += Markup('<br><small class="uncertain">{}: {}</small>').format(t("inferred_uncertain"), reason.value)
        if record.get("basis_source"):
            out += Markup("<br><small>{}: {}</small>").format(t("basis"), html(record["basis_source"]))
        if record.get("source"):
            out += Markup("<br><small>{}: {}</small>").format(t("source"), html(record["source"]))
        return out

    def evidence(record: dict) -> Markup:
        """One piece of evidence in a line: the quote and its document, or how it is known."""
        method = first(record, "method")
        kind = method.value.removeprefix(EVIDENCE_METHOD) if method else ""
        uncertain = any(v.value == "true" for v in record.get("uncertain", []))
        entity = html(record.get("entity", []))
        parts = [Markup("<q>{}</q>").format(q.value) for q in record.get("quote", [])]
        if uncertain or kind == "inferred":
            reasons = "; ".join(r.value for r in record.get("reason", []))
            parts.append(Markup('<span class="uncertain">{}: {}</span>').format(t("inferred_uncertain"), reasons))
        elif kind in ("statute", "register"):
            parts.append(Markup("{}: {}").format(t(kind), entity))
        elif entity:
            parts.append(Markup("<small>{}: {}</small>").format(t("source"), entity))
        parts.append(Markup('<small>(<a href="{}">{}</a>)</small>').format(links.page(record["iri"]), t("evidence")))
        return Markup(" ").join(parts)

    def joint(record: dict) -> Markup:
        holders = record.get("joint", [])
        if len(holders) < 2:
            return Markup("")
        return Markup('<br><small class="joint">gemensamt ansvar / joint: {}</small>').format(
            Markup(", ").join(html([h]) for h in holders)
        )

    return {
        "html": html,
        "record_link": record_link,
        "period": period,
        "quotes": quotes,
        "evidence": evidence,
        "joint": joint,
    }


def render_page(env, context: dict) -> str:
    return env.get_template("resource.html").render(**context)


def class_context(store: GraphStore, iri: str, lang: str, links: Links) -> dict | None:
    summary = store.select(bind_this(page_query("class_summary"), iri))
    count = next((int(r["v"]["value"]) for r in summary if r["field"]["value"] == "count"), 0)
    labels = labelled([r for r in summary if r["field"]["value"] == "label"], "v", "none")
    if count == 0 and not labels:
        return None
    label_values = {t.lang: t.value for t in labels.values()}
    instances = labelled(run(store, "class_instances", iri), "s", "label")
    return {
        "iri": iri,
        "label_sv": label_values.get("sv") or label_values.get("") or compact(iri),
        "label_en": label_values.get("en"),
        "definition": [
            t for t in labelled([r for r in summary if r["field"]["value"] == "definition"], "v", "none").values()
        ],
        "count": count,
        "subclasses": list(labelled([r for r in summary if r["field"]["value"] == "subclass"], "v", "label").values()),
        "superclasses": list(
            labelled([r for r in summary if r["field"]["value"] == "superclass"], "v", "label").values()
        ),
        "instances": sorted(instances.values(), key=lambda t: t.label(lang).casefold()),
        "ontology_anchor": ontology_anchor(iri),
        "lang": lang,
        "t": translator(lang),
        "links": links,
        "root": links.base,
        **page_helpers(lang, links),
    }


def describe(store: GraphStore, iri: str, media_type: str) -> bytes:
    """The RDF document of a resource; a named graph's IRI gives the graph's triples."""
    name = "graph_contents" if iri in store.named_graphs() else "resource_describe"
    return store.query(bind_this(page_query(name), iri), accept=(SOLUTION_TYPES[0], media_type)).body


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
    from .search import label_index

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
    body = render_page(request.app.state.templates, context).encode("utf-8")
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
    body = request.app.state.templates.get_template("class.html").render(**context).encode("utf-8")
    response = cached(request, body, _with_charset("text/html"), {"Vary": "Cookie"})
    remember_language(request, response)
    return response
