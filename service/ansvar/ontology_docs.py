"""The /ontology page: pyLODE's reference of every term, plus an analyst's guide.

The guide holds what pyLODE cannot know: how the main classes connect (which
properties a responsibility, agreement or body carries), the concept schemes
with their IRIs, the entailments that queries rely on, and the worked example
questions of the catalogue (queries/*.rq with `guide = true`) with their results from the live store.

Everything is generated from the ontology graph the store serves, once per app
start (see web/ontology.py), so the page documents exactly what /ontology
returns as Turtle.
"""

from __future__ import annotations

import json
import logging
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote as urlquote

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .namespaces import (
    ANS,
    BASE,
    CONCEPT,
    ONTOLOGY_IRI,
    PREFIXES,
)
from .paths import default_paths
from .query_files import page_query
from .questions import Question, catalogue
from .render.environment import render
from .store.base import SOLUTION_TYPES, GraphStore

__all__ = [
    "GUIDE_FILE",
    "MAX_RESULT_ROWS",
    "GuideTables",
    "Names",
    "SCHEME_ORDER",
    "build_page",
    "concept_schemes",
    "entailments",
    "guide_tables",
    "log",
    "main_relations",
    "ontology_page",
    "pylode_html",
    "reference_view",
    "run_example",
    "scheme_prefixes",
]

log = logging.getLogger("ansvar.ontology_docs")

MAX_RESULT_ROWS = 50  # rows of each example's result shown on the page

############################################################################
# Names
############################################################################

# Concept IRIs contain "/", which a SPARQL prefixed name cannot; one prefix per scheme.
SCHEME_ORDER = (
    "duty",
    "obligation",
    "holder-role",
    "evidence-method",
    "task",
    "target-group",
    "level",
    "role",
    "participation",
    "condition",
    "frequency",
    "document-kind",
    "applicant-type",
)


def scheme_prefixes(ontology: Graph) -> dict[str, str]:
    keys = {
        str(s)[len(str(CONCEPT)) :]
        for s in ontology.subjects(RDF.type, SKOS.ConceptScheme)
        if str(s).startswith(str(CONCEPT))
    }
    return {k: f"{CONCEPT}{k}/" for k in sorted(keys)}


class Names:
    """Compact names (ans:actor, task:health) and bilingual labels for IRIs."""

    def __init__(self, ontology: Graph):
        self.g = ontology
        self.prefixes = {**PREFIXES, **scheme_prefixes(ontology)}
        # Longest namespace first, so c:task/… is written task:…
        self._ordered = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))

    def compact(self, iri: Node | str) -> str:
        s = str(iri)
        for prefix, ns in self._ordered:
            if s.startswith(ns) and "/" not in s[len(ns) :] and "#" not in s[len(ns) :]:
                return f"{prefix}:{s[len(ns) :]}"
        return f"<{s}>"

    def display(self, iri: Node | str) -> str:
        """A short text for a result cell: a prefixed name, or the IRI without the base."""
        name = self.compact(iri)
        if not name.startswith("<"):
            return name
        s = str(iri)
        return s[len(BASE) :] if s.startswith(BASE) else s

    @staticmethod
    def href(iri: Node | str) -> str:
        """Where a result cell links: terms and concepts to this page, things to their page here."""
        s = str(iri)
        if s.startswith(str(ANS)):
            return "#" + s[len(str(ANS)) :]
        if s.startswith(str(CONCEPT)) and s.count("/", len(str(CONCEPT))) == 1:
            return "#concept-" + s[len(str(CONCEPT)) :].replace("/", "-")
        if s.startswith(BASE):
            return "/" + s[len(BASE) :]
        return s

    def label(self, iri: Node, lang: str) -> str:
        for p in (RDFS.label, SKOS.prefLabel):
            for o in self.g.objects(iri, p):
                if isinstance(o, Literal) and o.language == lang:
                    return str(o)
        return ""

    def text(self, iri: Node, prop: Node, lang: str = "en") -> str:
        for o in self.g.objects(iri, prop):
            if isinstance(o, Literal) and o.language == lang:
                return str(o)
        return ""


############################################################################
# Main classes and the relations they carry
############################################################################

# The guide's tables (ontology/guide.toml): which properties belong together on each main
# class, notes for the reused properties, what each kind of axiom gives a query, the named graphs.
GUIDE_FILE = "guide.toml"


@dataclass(frozen=True)
class GuideTables:
    main_relations: tuple[tuple[URIRef, tuple[tuple[URIRef, str | None], ...]], ...]
    foreign_notes: dict[URIRef, str]
    entailment_use: tuple[tuple[str, str], ...]
    named_graphs: tuple[tuple[str, str], ...]


def _expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"{GUIDE_FILE}: {curie!r} does not start with a prefix of ansvar.namespaces.PREFIXES")
    return URIRef(PREFIXES[prefix] + local)


@cache
def guide_tables(path: Path | None = None) -> GuideTables:
    """The tables of ontology/guide.toml, with the prefixed names expanded to IRIs."""
    data = tomllib.loads((path or default_paths().ontology / GUIDE_FILE).read_text(encoding="utf-8"))
    return GuideTables(
        main_relations=tuple(
            (_expand(c["iri"]), tuple((_expand(p["iri"]), p.get("target")) for p in c["property"]))
            for c in data["class"]
        ),
        foreign_notes={_expand(k): v for k, v in data["foreign_notes"].items()},
        entailment_use=tuple((e["kind"], e["gives"]) for e in data["entailment"]),
        named_graphs=tuple((g["iri"], g["holds"]) for g in data["named_graph"]),
    )


def main_relations(names: Names, tables: GuideTables) -> list[dict[str, Any]]:
    g = names.g
    out = []
    for cls, props in tables.main_relations:
        rows = []
        for prop, hint in props:
            ranges = [names.compact(r) for r in g.objects(prop, RDFS.range)]
            rows.append(
                {
                    "property": names.compact(prop),
                    "anchor": str(prop).split("#")[-1] if str(prop).startswith(str(ANS)) else None,
                    "label_sv": names.label(prop, "sv"),
                    "label_en": names.label(prop, "en"),
                    "definition": names.text(prop, SKOS.definition) or tables.foreign_notes.get(prop, ""),
                    "target": hint or ", ".join(ranges) or "—",
                }
            )
        subclasses = sorted(names.compact(s) for s in g.subjects(RDFS.subClassOf, cls) if str(s).startswith(str(ANS)))
        out.append(
            {
                "cls": names.compact(cls),
                "anchor": str(cls).split("#")[-1] if str(cls).startswith(str(ANS)) else None,
                "label_sv": names.label(cls, "sv"),
                "label_en": names.label(cls, "en"),
                "definition": names.text(cls, SKOS.definition),
                "subclasses": subclasses,
                "rows": rows,
            }
        )
    return out


############################################################################
# Concept schemes
############################################################################


def concept_schemes(names: Names) -> list[dict[str, Any]]:
    g = names.g
    schemes = [s for s in g.subjects(RDF.type, SKOS.ConceptScheme) if str(s).startswith(str(CONCEPT))]
    order = {k: i for i, k in enumerate(SCHEME_ORDER)}
    schemes.sort(key=lambda s: (order.get(str(s)[len(str(CONCEPT)) :], len(order)), str(s)))
    out = []
    for scheme in schemes:
        key = str(scheme)[len(str(CONCEPT)) :]
        members = set(g.subjects(SKOS.inScheme, scheme))
        children: dict[Node, list[Node]] = {}
        roots = []
        for c in members:
            parents = [b for b in g.objects(c, SKOS.broader) if b in members]
            if parents:
                for p in parents:
                    children.setdefault(p, []).append(c)
            else:
                roots.append(c)
        rows: list[dict[str, Any]] = []
        # Depth-first, parents before their narrower concepts; `path` guards against cycles.
        stack: list[tuple[Node, int, frozenset[Node]]] = [
            (c, 0, frozenset()) for c in sorted(roots, key=str, reverse=True)
        ]
        while stack:
            c, depth, path = stack.pop()
            if c in path:
                continue
            rows.append(
                {
                    "name": names.compact(c),
                    "iri": str(c),
                    "depth": depth,
                    "label_sv": names.label(c, "sv"),
                    "label_en": names.label(c, "en"),
                    "definition_sv": names.text(c, SKOS.definition, "sv"),
                    "definition_en": names.text(c, SKOS.definition, "en"),
                }
            )
            for child in sorted(children.get(c, []), key=str, reverse=True):
                stack.append((child, depth + 1, path | {c}))
        out.append(
            {
                "key": key,
                "iri": str(scheme),
                "prefix": f"PREFIX {key}: <{scheme}/>",
                "label_sv": names.label(scheme, "sv"),
                "label_en": names.label(scheme, "en"),
                "hierarchical": bool(children),
                "rows": rows,
            }
        )
    return out


############################################################################
# Entailments the queries rely on
############################################################################


def entailments(names: Names, tables: GuideTables) -> list[dict[str, Any]]:
    g = names.g

    def pairs(pred: Node) -> list[str]:
        return sorted(
            f"{names.compact(s)} → {names.compact(o)}"
            for s, o in g.subject_objects(pred)
            if isinstance(s, URIRef) and isinstance(o, URIRef)
        )

    inverse = sorted(f"{names.compact(s)} ↔ {names.compact(o)}" for s, o in g.subject_objects(OWL.inverseOf))
    chains = sorted(
        f"{names.compact(p)} = {' / '.join(names.compact(x) for x in Collection(g, lst))}"
        for p, lst in g.subject_objects(OWL.propertyChainAxiom)
    )
    transitive = sorted(names.compact(p) for p in g.subjects(RDF.type, OWL.TransitiveProperty))
    domain_range = sorted(
        {names.compact(p) for p in g.subjects(RDFS.domain, None)}
        | {names.compact(p) for p in g.subjects(RDFS.range, None) if not _is_datatype(g.value(p, RDFS.range))}
    )
    subclass_note = (
        f"{len(pairs(RDFS.subClassOf))} subclass axioms, e.g. ans:Municipality → "
        "ans:PublicOrganisation → ans:Actor → org:Organization"
    )
    axioms = {
        "rdfs:subClassOf": [subclass_note],
        "rdfs:subPropertyOf": pairs(RDFS.subPropertyOf),
        "owl:inverseOf": inverse,
        "owl:TransitiveProperty": transitive,
        "owl:propertyChainAxiom": chains,
        "rdfs:domain / rdfs:range": [", ".join(domain_range)],
        "owl:disjointWith": pairs(OWL.disjointWith),
    }
    return [{"kind": kind, "axioms": axioms[kind], "gives": gives} for kind, gives in tables.entailment_use]


def _is_datatype(iri: Node | None) -> bool:
    return iri is not None and (str(iri).startswith("http://www.w3.org/2001/XMLSchema#") or iri == RDF.langString)


############################################################################
# Example results from the live store
############################################################################


def run_example(store: GraphStore, example: Question, names: Names) -> dict[str, Any]:
    try:
        result = json.loads(store.query(example.bound()).body)
    except Exception as err:  # shown on the page; tests/test_ontology.py runs every example
        log.exception("example query %s failed", example.name)
        return {"columns": [], "rows": [], "total": 0, "error": f"{type(err).__name__}: {err}"}
    columns = result["head"]["vars"]
    bindings = result["results"]["bindings"]
    rows = [[_cell(b.get(c), names) for c in columns] for b in bindings[:MAX_RESULT_ROWS]]
    return {"columns": columns, "rows": rows, "total": len(bindings), "error": None}


def _cell(term: dict[str, str] | None, names: Names) -> dict[str, Any]:
    if term is None:
        return {"text": "", "href": None}
    if term["type"] == "uri":
        return {
            "text": names.display(term["value"]),
            "href": names.href(term["value"]),
            "iri": term["value"],
        }
    return {"text": term["value"], "href": None}


############################################################################
# pyLODE's reference of every term
############################################################################


def reference_view(ontology: Graph) -> Graph:
    """A presentation copy of the ontology for pyLODE, which joins all languages
    of a label into one string and takes every concept scheme for the ontology.
    Each term gets one title "english / svenska"; rdfs:comment (why the term was
    minted) moves to skos:note; concepts stay out (the guide lists them)."""
    view = Graph()
    for prefix, ns in PREFIXES.items():
        view.bind(prefix, ns)
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept)) | set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    for s, p, o in ontology:
        if s in concepts:
            continue
        if p in (
            RDFS.label,
            RDFS.comment,
            SKOS.definition,
            DCTERMS.title,
            DCTERMS.description,
        ) and isinstance(s, URIRef):
            continue
        view.add((s, p, o))
    for s in {s for s in ontology.subjects() if isinstance(s, URIRef) and s not in concepts}:
        en, sv = (
            _lang(ontology, s, (RDFS.label, DCTERMS.title), "en"),
            _lang(ontology, s, (RDFS.label, DCTERMS.title), "sv"),
        )
        if en or sv:
            title = " / ".join(x for x in (en, sv) if x)
            view.add((s, DCTERMS.title if s == ONTOLOGY_IRI else RDFS.label, Literal(title)))
        definition = _lang(ontology, s, (SKOS.definition, DCTERMS.description), "en")
        if definition:
            view.add((s, SKOS.definition, Literal(definition, lang="en")))
        for comment in ontology.objects(s, RDFS.comment):
            view.add((s, SKOS.note, comment))
    return view


def _lang(g: Graph, s: Node, props: Iterable[Node], lang: str) -> str:
    for p in props:
        for o in g.objects(s, p):
            if isinstance(o, Literal) and o.language == lang:
                return str(o)
    return ""


def _ontpub() -> Any:  # pyLODE has no type information: its OntPub class
    """Import pyLODE lazily: on import it sets the root logger to DEBUG
    (logging.basicConfig in pylode.profiles.supermodel), which would flood the
    server log; the root logger is put back as it was."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from pylode import OntPub

    root.setLevel(level)
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    return OntPub


def pylode_html(ontology: Graph) -> str:
    OntPub = _ontpub()
    doc = OntPub(ontology=reference_view(ontology), sort_subjects=True)
    # Anchors are the local names (#Responsibility, #dutyKind), so the guide and
    # other pages can link to a term; pyLODE would derive them from the title.
    for s in set(doc.ont.subjects()):
        if isinstance(s, URIRef) and str(s).startswith(str(ANS)):
            doc.fids[str(s)] = str(s)[len(str(ANS)) :]
    html: str = doc.make_html()
    return html


############################################################################
# The page
############################################################################

_CONTENT_START = '<div id="content">'
_CLASSES_SECTION = '<div class="section" id="classes">'
_TOC_LIST = '<ul class="first">'


def ontology_page(store: GraphStore) -> str:
    """The /ontology page of the ontology graph `store` serves, with the catalogue's guide examples."""
    turtle = store.query(page_query("ontology_graph"), accept=(SOLUTION_TYPES[0], "text/turtle")).body
    graph = Graph().parse(data=turtle, format="turtle")
    return build_page(graph, store, [q for q in catalogue().values() if q.guide])


def build_page(ontology: Graph, store: GraphStore, examples: list[Question]) -> str:
    names = Names(ontology)
    tables = guide_tables()
    context = {
        "version": str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo) or ""),
        "version_iri": str(ontology.value(ONTOLOGY_IRI, OWL.versionIRI) or ""),
        "history": sorted((str(h) for h in ontology.objects(ONTOLOGY_IRI, SKOS.historyNote)), reverse=True),
        "prefixes": names.prefixes,
        "graphs": tables.named_graphs,
        "main": main_relations(names, tables),
        "schemes": concept_schemes(names),
        "entailments": entailments(names, tables),
        "examples": [
            {
                "q": ex,
                "result": run_example(store, ex, names),
                "run_href": "/sparql#query=" + urlquote(ex.bound(), safe=""),
                "answer_href": f"/queries/{ex.name}",
            }
            for ex in examples
        ],
    }
    guide = render("ontology_guide.html", **context)
    nav = render("ontology_nav.html")
    html = pylode_html(ontology)
    # pyLODE writes a whole document; the guide goes before its class list and
    # into its table of contents, the site's navigation at the top.
    html = html.replace(_CONTENT_START, _CONTENT_START + nav, 1)
    if _CLASSES_SECTION in html:
        html = html.replace(_CLASSES_SECTION, guide + _CLASSES_SECTION, 1)
    else:  # another pyLODE layout: keep the guide, at the end of the content
        html = html.replace("</body>", guide + "</body>", 1)
    toc = render("ontology_toc.html", examples=examples, schemes=context["schemes"])
    html = html.replace(_TOC_LIST, _TOC_LIST + toc, 1)
    return html
