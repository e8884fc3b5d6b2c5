"""What the resource and class pages show, read from the graph: the view models the service
and the static publication (ansvar.publish) render with the same templates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from rdflib.namespace import RDF, SKOS

from .. import __version__
from ..namespaces import ANS, BASE, GRAPH_INFERRED, ORG, compact
from ..query_files import page_query
from ..store import GraphStore
from ..store.base import SOLUTION_TYPES
from .environment import render
from .links import RDF_EXTENSIONS, Links, bind_this, ontology_anchor
from .strings import translator
from .terms import Row, Term, first, labelled, pivot, term, values_html

__all__ = [
    "Property",
    "Record",
    "class_context",
    "describe",
    "exists",
    "page_helpers",
    "picture_links",
    "render_class_page",
    "render_resource_page",
    "resource_context",
    "run",
]

_ELI_LEGAL_RESOURCE = "http://data.europa.eu/eli/ontology#LegalResource"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_PROV_QUALIFIED = "http://www.w3.org/ns/prov#qualifiedDerivation"
_EVIDENCE_METHOD = "https://w3id.org/ansvar/concept/evidence-method/"
_RDF_TYPE = str(RDF.type)
_PREF_LABEL = str(SKOS.prefLabel)
_LABEL_FALLBACKS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title")

Record = dict[str, Any]  # {"iri": str, field: [Term, …]}: one pivoted row group of a page query
_TermKey = tuple[str, str, str, str]


# -- reading the graph ---------------------------------------------------------------


def run(store: GraphStore, name: str, iri: str) -> list[Row]:
    """A page query (web/queries/<name>.rq) about `iri`."""
    return store.select(bind_this(page_query(name), iri))


def exists(store: GraphStore, iri: str) -> bool:
    return store.ask(bind_this(page_query("resource_exists"), iri)) or iri in store.named_graphs()


def describe(store: GraphStore, iri: str, media_type: str) -> bytes:
    """The RDF document of a resource; a named graph's IRI gives the graph's triples."""
    name = "graph_contents" if iri in store.named_graphs() else "resource_describe"
    return store.query(bind_this(page_query(name), iri), accept=(SOLUTION_TYPES[0], media_type)).body


@dataclass
class Property:
    iri: Term
    values: list[Term]
    inferred: set[_TermKey]  # keys of values found only by inference
    evidence: list[Record] = field(default_factory=list)  # evidence records that support it


# -- the resource page ---------------------------------------------------------------


def resource_context(store: GraphStore, iri: str, lang: str, links: Links) -> dict[str, Any] | None:
    """Everything a resource page shows, or None if the graph knows nothing of `iri`."""
    rows = run(store, "resource_properties", iri)
    is_graph = iri in store.named_graphs()
    inbound_rows = run(store, "resource_inbound", iri)
    if not rows and not inbound_rows and not is_graph:
        return None
    properties = _properties(rows)
    types = _values(properties, _RDF_TYPE)
    type_iris = {t.value for t in types}
    labels = _labels(properties)
    context: dict[str, Any] = {
        "iri": iri,
        "label_sv": labels.get("sv") or labels.get("") or next(iter(labels.values()), None) or compact(iri),
        "label_en": labels.get("en"),
        "types": sorted(
            (t for t in types if not _trivial_type(t.value)),
            key=lambda t: (not t.value.startswith(str(ANS)), t.label(lang).casefold()),
        ),
        "properties": sorted(properties.values(), key=lambda p: _property_order(p, lang)),
        "inbound": _inbound(inbound_rows),
        "sources": {"documents": _values(properties, _PROV_DERIVED), "quotes": _values(properties, str(ANS.quote))},
        "formats": RDF_EXTENSIONS,
        "is_concept": str(SKOS.Concept) in type_iris or str(SKOS.ConceptScheme) in type_iris,
        "version": __version__,
        **_page_basics(lang, links),
    }
    if _PROV_QUALIFIED in properties or str(ANS.generalDuty) in properties:
        _attach_evidence(properties, _records(run(store, "resource_evidence", iri)))
    context |= _by_type(store, iri, type_iris, properties, context["inbound"], lang)
    context["pictures"] = picture_links(
        iri, type_iris, {p.iri.value: [v.value for v in p.values if v.is_iri] for p in properties.values()}
    )
    if is_graph:
        summary = run(store, "graph_summary", iri)[0]
        context["graph"] = {k: int(v["value"]) for k, v in summary.items()}
    return context


def _by_type(
    store: GraphStore,
    iri: str,
    type_iris: set[str],
    properties: dict[str, Property],
    inbound: list[tuple[Term, list[Term]]],
    lang: str,
) -> dict[str, Any]:
    """The sections a page adds for what the resource is: holders, parties, sections, duties …"""
    found: dict[str, Any] = {}
    if str(ANS.JointResponsibility) in type_iris and str(ANS.actor) in properties:
        found["joint_holders"] = properties[str(ANS.actor)].values
    if str(ANS.GeneralDuty) in type_iris:
        found["holders"] = _records(run(store, "general_duty_holders", iri), lang=lang)
    if str(ANS.Evidence) in type_iris:
        found["evidence_for"] = next((subjects for prop, subjects in inbound if prop.value == _PROV_QUALIFIED), [])
    if str(ORG.Organization) in type_iris or str(ANS.Actor) in type_iris:
        found["responsibilities"] = _records(run(store, "actor_responsibilities", iri))
    if str(ANS.Agreement) in type_iris:
        found["parties"] = _records(run(store, "agreement_parties", iri), sort_by="party", lang=lang)
        found["bodies"] = _records(run(store, "agreement_bodies", iri))
    if type_iris & {_ELI_LEGAL_RESOURCE, str(ANS.Statute), str(ANS.Section)}:
        found["sections"] = _records(run(store, "statute_sections", iri), sort_by="number")
        found["duties"] = _records(run(store, "statute_duties", iri))
    return found


def _page_basics(lang: str, links: Links) -> dict[str, Any]:
    """What every page template takes: its language and strings, where links go, the helpers."""
    return {"lang": lang, "t": translator(lang), "links": links, "root": links.base, **page_helpers(lang, links)}


def _values(properties: dict[str, Property], iri: str) -> list[Term]:
    return properties[iri].values if iri in properties else []


def _labels(properties: dict[str, Property]) -> dict[str, str]:
    """The resource's names by language: skos:prefLabel, else rdfs:label, else dcterms:title."""
    for prop in (_PREF_LABEL, *_LABEL_FALLBACKS):
        labels = {t.lang: t.value for t in reversed(_values(properties, prop))}
        if labels:
            return labels
    return {}


def _trivial_type(iri: str) -> bool:
    return iri.startswith("http://www.w3.org/2002/07/owl#") or iri == "http://www.w3.org/2000/01/rdf-schema#Resource"


def _properties(rows: list[Row]) -> dict[str, Property]:
    found: dict[str, Property] = {}
    graphs: dict[tuple[str, _TermKey], set[str]] = {}
    by_property: dict[str, dict[_TermKey, Term]] = {}
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


def _property_order(prop: Property, lang: str) -> tuple[int, str]:
    first_ones = [_RDF_TYPE, _PREF_LABEL]
    rank = first_ones.index(prop.iri.value) if prop.iri.value in first_ones else len(first_ones)
    return (rank, prop.iri.label(lang).casefold())


def _inbound(rows: list[Row]) -> list[tuple[Term, list[Term]]]:
    grouped: dict[str, tuple[Term, dict[_TermKey, Term]]] = {}
    for row in rows:
        p = row["p"]["value"]
        prop, subjects = grouped.setdefault(p, (Term("uri", p), {}))
        prop.add_label(row.get("plabel"))
        s = Term("uri", row["s"]["value"])
        s = subjects.setdefault(s.key, s)
        s.add_label(row.get("slabel"))
    return [(prop, list(subjects.values())) for prop, subjects in grouped.values()]


def _attach_evidence(properties: dict[str, Property], evidence: list[Record]) -> None:
    """Each property gets the evidence records whose ans:supports names it."""
    for record in evidence:
        for supported in record.get("supports", []):
            if supported.value in properties:
                properties[supported.value].evidence.append(record)


def _records(rows: list[Row], sort_by: str = "label", lang: str = "sv") -> list[Record]:
    records: list[Record] = [{"iri": r, **fields} for r, fields in pivot(rows).items()]

    def key(record: Record) -> tuple[int, str, str]:
        t = first(record, sort_by)
        text = t.label(lang) if t else ""
        return (int(text) if text.isdigit() else 10**9, text.casefold(), record["iri"])

    return sorted(records, key=key)


def render_resource_page(context: dict[str, Any]) -> str:
    return render("resource.html", **context)


# -- HTML pieces of the pages --------------------------------------------------------


class _Helpers:
    """HTML pieces the templates call once per value or row (plain Python: fast on big pages)."""

    def __init__(self, lang: str, links: Links):
        self.lang, self.links, self.t = lang, links, translator(lang)

    def html(self, values: Iterable[Term] | None) -> Markup:
        return values_html(values, self.lang, self.links)

    def record_link(self, record: Record) -> Markup:
        labels = record.get("label", [])
        chosen = [t for t in labels if t.lang == self.lang] or [t for t in labels if t.lang == "sv"] or labels
        return Markup('<a href="{}">{}</a>').format(
            self.links.page(record["iri"]), chosen[0].value if chosen else record["iri"]
        )

    @staticmethod
    def period(record: Record) -> str:
        start, end = first(record, "from"), first(record, "until")
        return f"{start.value if start else '…'} – {end.value if end else ''}" if start or end else ""

    def quotes(self, record: Record) -> Markup:
        t = self.t
        out = Markup("<br>").join(Markup("<q>{}</q>").format(q.value) for q in record.get("quote", []))
        for reason in record.get("uncertain", []):
            out += Markup('<br><small class="uncertain">{}: {}</small>').format(t("inferred_uncertain"), reason.value)
        if record.get("basis_source"):
            out += Markup("<br><small>{}: {}</small>").format(t("basis"), self.html(record["basis_source"]))
        if record.get("source"):
            out += Markup("<br><small>{}: {}</small>").format(t("source"), self.html(record["source"]))
        return out

    def evidence(self, record: Record) -> Markup:
        """One piece of evidence in a line: the quote and its document, or how it is known."""
        t = self.t
        method = first(record, "method")
        kind = method.value.removeprefix(_EVIDENCE_METHOD) if method else ""
        uncertain = any(v.value == "true" for v in record.get("uncertain", []))
        entity = self.html(record.get("entity", []))
        parts = [Markup("<q>{}</q>").format(q.value) for q in record.get("quote", [])]
        if uncertain or kind == "inferred":
            reasons = "; ".join(r.value for r in record.get("reason", []))
            parts.append(Markup('<span class="uncertain">{}: {}</span>').format(t("inferred_uncertain"), reasons))
        elif kind in ("statute", "register"):
            parts.append(Markup("{}: {}").format(t(kind), entity))
        elif entity:
            parts.append(Markup("<small>{}: {}</small>").format(t("source"), entity))
        parts.append(
            Markup('<small>(<a href="{}">{}</a>)</small>').format(self.links.page(record["iri"]), t("evidence"))
        )
        return Markup(" ").join(parts)

    def joint(self, record: Record) -> Markup:
        holders = record.get("joint", [])
        if len(holders) < 2:
            return Markup("")
        return Markup('<br><small class="joint">gemensamt ansvar / joint: {}</small>').format(
            Markup(", ").join(self.html([h]) for h in holders)
        )


def page_helpers(lang: str, links: Links) -> dict[str, Callable[..., Markup | str]]:
    """The HTML helpers by the names the templates call them."""
    h = _Helpers(lang, links)
    return {
        "html": h.html,
        "record_link": h.record_link,
        "period": h.period,
        "quotes": h.quotes,
        "evidence": h.evidence,
        "joint": h.joint,
    }


# -- the class page ------------------------------------------------------------------


def class_context(store: GraphStore, iri: str, lang: str, links: Links) -> dict[str, Any] | None:
    """A class, its place in the hierarchy and its instances, or None if the graph has neither."""
    summary = run(store, "class_summary", iri)
    count = next((int(r["v"]["value"]) for r in summary if r["field"]["value"] == "count"), 0)

    def field_values(name: str, label_var: str) -> list[Term]:
        return list(labelled([r for r in summary if r["field"]["value"] == name], "v", label_var).values())

    labels = field_values("label", "none")
    if count == 0 and not labels:
        return None
    label_values = {t.lang: t.value for t in labels}
    instances = labelled(run(store, "class_instances", iri), "s", "label")
    return {
        "iri": iri,
        "label_sv": label_values.get("sv") or label_values.get("") or compact(iri),
        "label_en": label_values.get("en"),
        "definition": field_values("definition", "none"),
        "count": count,
        "subclasses": field_values("subclass", "label"),
        "superclasses": field_values("superclass", "label"),
        "instances": sorted(instances.values(), key=lambda t: t.label(lang).casefold()),
        "ontology_anchor": ontology_anchor(iri),
        **_page_basics(lang, links),
    }


def render_class_page(context: dict[str, Any]) -> str:
    return render("class.html", **context)


# -- links to the pictures -----------------------------------------------------------

_COUNTY = BASE + "id/county/"
_AGREEMENT = BASE + "id/agreement/"


def picture_links(iri: str, types: set[str], values: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(string key, path) of the pictures that show a county, actor, agreement or body.

    `values` maps a property IRI to the IRIs the resource has for it (ans:area, ans:establishedUnder).
    """
    links: list[tuple[str, str]] = []
    counties = [a[len(_COUNTY) :] for a in values.get(str(ANS.area), []) if a.startswith(_COUNTY)]
    if str(ANS.County) in types:
        counties = [iri[len(_COUNTY) :]]
        links.append(("picture_map", "/pictures/map"))
    agreements = ([iri] if str(ANS.Agreement) in types else []) + values.get(str(ANS.establishedUnder), [])
    for agreement in agreements:
        if agreement.startswith(_AGREEMENT):
            links.append(("picture_network", f"/pictures/network?agreement={agreement[len(_AGREEMENT) :]}"))
    if types & {str(ANS.County), str(ANS.Actor), str(ANS.Agreement), str(ANS.CollaborationBody)}:
        for code in counties:
            links.append(("picture_matrix", f"/pictures/matrix?county={code}"))
            links.append(("picture_timeline", f"/pictures/timeline?county={code}"))
        if not counties:
            links.append(("picture_timeline", "/pictures/timeline"))
    return links
