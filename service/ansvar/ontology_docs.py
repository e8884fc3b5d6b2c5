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
from urllib.parse import quote as urlquote

from jinja2 import Environment
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from .namespaces import (
    ANS,
    BASE,
    CONCEPT,
    ELI,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    GRAPH_SHAPES,
    ONTOLOGY_IRI,
    ORG,
    PREFIXES,
    SOURCE_GRAPH_PREFIX,
)
from .questions import Question
from .store.base import GraphStore

__all__ = [
    "ENTAILMENT_USE",
    "FOREIGN_NOTES",
    "MAIN_RELATIONS",
    "MAX_RESULT_ROWS",
    "NAMED_GRAPHS",
    "Names",
    "SCHEME_ORDER",
    "build_page",
    "concept_schemes",
    "entailments",
    "log",
    "main_relations",
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

    def compact(self, iri) -> str:
        s = str(iri)
        for prefix, ns in self._ordered:
            if s.startswith(ns) and "/" not in s[len(ns) :] and "#" not in s[len(ns) :]:
                return f"{prefix}:{s[len(ns) :]}"
        return f"<{s}>"

    def display(self, iri) -> str:
        """A short text for a result cell: a prefixed name, or the IRI without the base."""
        name = self.compact(iri)
        if not name.startswith("<"):
            return name
        s = str(iri)
        return s[len(BASE) :] if s.startswith(BASE) else s

    @staticmethod
    def href(iri) -> str:
        """Where a result cell links: terms and concepts to this page, things to their page here."""
        s = str(iri)
        if s.startswith(str(ANS)):
            return "#" + s[len(str(ANS)) :]
        if s.startswith(str(CONCEPT)) and s.count("/", len(str(CONCEPT))) == 1:
            return "#concept-" + s[len(str(CONCEPT)) :].replace("/", "-")
        if s.startswith(BASE):
            return "/" + s[len(BASE) :]
        return s

    def label(self, iri, lang: str) -> str:
        for p in (RDFS.label, SKOS.prefLabel):
            for o in self.g.objects(iri, p):
                if isinstance(o, Literal) and o.language == lang:
                    return str(o)
        return ""

    def text(self, iri, prop, lang: str = "en") -> str:
        for o in self.g.objects(iri, prop):
            if isinstance(o, Literal) and o.language == lang:
                return str(o)
        return ""


############################################################################
# Main classes and the relations they carry
############################################################################

# Which properties an analyst uses on each main class. The ontology gives each
# property's label, definition and range; this list only says which belong
# together, and names the target where the ontology leaves the range open.
MAIN_RELATIONS: tuple[tuple[URIRef, tuple[tuple[URIRef, str | None], ...]], ...] = (
    (
        ANS.Responsibility,
        (
            (ANS.actor, "org:Organization (one; several only on an ans:JointResponsibility)"),
            (ANS.generalDuty, None),
            (ANS.dutyKind, "duty: concept"),
            (ANS.obligationKind, "obligation: concept"),
            (ANS.holderRole, "holder-role: concept (CPSV-AP: competent ~ cv:hasCompetentAuthority)"),
            (ANS.task, "task: concept (hierarchy)"),
            (ANS.object, "a body, grant programme, agreement or action plan"),
            (ANS.recipient, "an organisation or a target-group: concept"),
            (ANS.targetGroup, "target-group: concept"),
            (ANS.area, None),
            (ANS.legalBasis, "ans:Section, ans:Statute or ans:Agreement"),
            (ANS.condition, "condition: concept"),
            (ANS.validFrom, None),
            (ANS.validUntil, None),
            (PROV.wasDerivedFrom, "ans:SourceDocument"),
            (PROV.qualifiedDerivation, "ans:Evidence (one per group of statements with the same support)"),
            (ANS.conflictsWith, None),
        ),
    ),
    (
        ANS.GeneralDuty,
        (
            (ANS.holderKind, None),
            (ANS.dutyKind, "duty: concept"),
            (ANS.task, "task: concept"),
            (ANS.legalBasis, "ans:Section, ans:Statute or ans:Agreement"),
            (ANS.obligationKind, "obligation: concept"),
            (PROV.qualifiedDerivation, "ans:Evidence (supports what its holders share)"),
        ),
    ),
    (
        ANS.Evidence,
        (
            (PROV.entity, "ans:SourceDocument, a statute section or a register"),
            (ANS.supports, "a property of the fact, e.g. ans:task"),
            (ANS.method, "evidence-method: concept"),
            (ANS.quote, None),
            (ANS.uncertain, None),
            (ANS.reason, None),
        ),
    ),
    (
        ANS.DutyTransfer,
        (
            (ANS.transferredDuty, None),
            (ANS.resultingDuty, None),
            (ANS.eventDate, None),
            (ANS.enactedBy, None),
        ),
    ),
    (
        ANS.UnmodelledStatement,
        (
            (ANS.quote, None),
            (ANS.reason, None),
            (PROV.wasDerivedFrom, "ans:SourceDocument"),
        ),
    ),
    (
        ANS.Agreement,
        (
            (ANS.partyRecord, None),
            (ANS.hasParty, None),
            (ANS.adoptedOn, None),
            (ANS.adoptedBy, None),
            (ANS.area, None),
            (ANS.cooperationLevel, "level: concept"),
            (ANS.targetGroup, "target-group: concept"),
            (ANS.goal, None),
            (ANS.subGoal, None),
            (ANS.principle, None),
            (ANS.cooperationArea, None),
            (ANS.actionPlan, None),
            (ANS.revisionFrequency, "frequency: concept"),
            (ANS.basedOn, "ans:Strategy"),
            (DCTERMS.replaces, "ans:Agreement"),
            (DCTERMS.isReplacedBy, "ans:Agreement"),
            (ANS.validFrom, None),
            (ANS.validUntil, None),
            (PROV.wasDerivedFrom, "ans:SourceDocument"),
        ),
    ),
    (
        ANS.AgreementParty,
        (
            (ANS.agreement, None),
            (ANS.party, None),
            (ORG.role, "role: concept (e.g. role:signatory)"),
            (ANS.signingPost, None),
            (ANS.validFrom, None),
            (ANS.validUntil, None),
        ),
    ),
    (
        ANS.CollaborationBody,
        (
            (ANS.cooperationLevel, "level: concept"),
            (ANS.area, None),
            (ANS.establishedUnder, None),
            (ANS.appointedBy, None),
            (ANS.meetingFrequency, "frequency: concept"),
            (ANS.meetingsPerYear, None),
            (ORG.subOrganizationOf, "org:Organization (the body it sits within)"),
            (ANS.validFrom, None),
            (ANS.validUntil, None),
        ),
    ),
    (
        ORG.Membership,
        (
            (ORG.organization, "the ans:CollaborationBody"),
            (ORG.member, "the member org:Organization"),
            (ORG.role, "role: concept (member, chair, convenor, rapporteur, leader, adjunct …)"),
            (ANS.participation, "participation: concept (standing, when-needed)"),
            (ANS.heldThroughPost, None),
            (ANS.appointedBy, None),
            (ANS.validFrom, None),
            (ANS.validUntil, None),
        ),
    ),
    (
        ANS.Actor,
        (
            (ANS.area, None),
            (ORG.subOrganizationOf, "org:Organization (the parent)"),
            (ANS.successor, None),
            (ANS.predecessor, None),
            (ORG.changedBy, "org:ChangeEvent that ended it"),
            (ORG.resultedFrom, "org:ChangeEvent that created it"),
            (ANS.contactPoint, None),
            (ANS.holdsResponsibility, None),
            (ANS.validFrom, None),
            (ANS.validUntil, None),
        ),
    ),
    (
        ORG.ChangeEvent,
        (
            (ORG.originalOrganization, "org:Organization before the change"),
            (ORG.resultingOrganization, "org:Organization after the change"),
            (ANS.eventDate, None),
        ),
    ),
    (ANS.Territory, ((ANS.withinTerritory, None), (ANS.containsTerritory, None))),
    (
        ANS.Statute,
        (
            (ANS.sfsNumber, None),
            (ELI.first_date_entry_in_force, "xsd:date (gives ans:validFrom)"),
            (ELI.date_no_longer_in_force, "xsd:date (gives ans:validUntil)"),
            (ANS.validFrom, None),
            (ANS.validUntil, None),
            (ELI.repealed_by, "ans:Statute"),
            (DCTERMS.isReplacedBy, "ans:Statute"),
            (ELI.has_part, "ans:Section"),
        ),
    ),
    (
        ANS.Section,
        (
            (ELI.is_part_of, "ans:Statute"),
            (ANS.sectionNumber, None),
            (ANS.validFrom, None),
            (ANS.validUntil, None),
            (DCTERMS.isReplacedBy, "ans:Section"),
        ),
    ),
    (
        ANS.GrantProgramme,
        (
            (ANS.eligibleApplicant, "applicant-type: concept"),
            (ANS.purpose, "task: concept"),
            (ANS.targetGroup, "target-group: concept"),
            (ANS.legalBasis, "ans:Section or ans:Statute"),
            (ANS.area, None),
        ),
    ),
    (
        ANS.SourceDocument,
        (
            (DCTERMS.title, None),
            (DCTERMS.publisher, "org:Organization"),
            (ANS.documentKind, "document-kind: concept"),
            (DCTERMS.language, None),
            (ANS.sha256, None),
            (ANS.fileName, None),
        ),
    ),
)

# Short English notes for the reused (W3C/EU) properties the table names.
FOREIGN_NOTES: dict[URIRef, str] = {
    PROV.wasDerivedFrom: "the source document the fact comes from (PROV-O)",
    PROV.qualifiedDerivation: "the evidence for some statements of the fact (PROV-O qualified derivation)",
    PROV.entity: "the source the evidence comes from (PROV-O)",
    ORG.role: "the role held (W3C ORG)",
    ORG.organization: "the body of a membership (W3C ORG)",
    ORG.member: "the member of a membership (W3C ORG)",
    ORG.subOrganizationOf: "the parent organisation (W3C ORG; inverse org:hasSubOrganization)",
    ORG.changedBy: "the change event that ended or changed the organisation (W3C ORG)",
    ORG.resultedFrom: "the change event that created the organisation (W3C ORG)",
    ORG.originalOrganization: "an organisation the event ended or changed (W3C ORG)",
    ORG.resultingOrganization: "an organisation the event produced (W3C ORG)",
    DCTERMS.replaces: "the earlier agreement or statute this one replaces (DCTERMS)",
    DCTERMS.isReplacedBy: "the later agreement, statute or section that replaced it (DCTERMS)",
    DCTERMS.title: "title (DCTERMS)",
    DCTERMS.publisher: "publisher (DCTERMS)",
    DCTERMS.language: 'language code, e.g. "sv" (DCTERMS)',
    ELI.first_date_entry_in_force: "date of entry into force (ELI)",
    ELI.date_no_longer_in_force: "last day in force (ELI)",
    ELI.repealed_by: "the statute that repealed it (ELI)",
    ELI.has_part: "a section of the statute (ELI; inverse of eli:is_part_of)",
    ELI.is_part_of: "the statute the section belongs to (ELI)",
}


def main_relations(names: Names) -> list[dict]:
    g = names.g
    out = []
    for cls, props in MAIN_RELATIONS:
        rows = []
        for prop, hint in props:
            ranges = [names.compact(r) for r in g.objects(prop, RDFS.range)]
            rows.append(
                {
                    "property": names.compact(prop),
                    "anchor": str(prop).split("#")[-1] if str(prop).startswith(str(ANS)) else None,
                    "label_sv": names.label(prop, "sv"),
                    "label_en": names.label(prop, "en"),
                    "definition": names.text(prop, SKOS.definition) or FOREIGN_NOTES.get(prop, ""),
                    "target": hint or ", ".join(ranges) or "—",
                }
            )
        subclasses = sorted(
            names.compact(s)
            for s in g.subjects(RDFS.subClassOf, cls)
            if str(s).startswith(str(ANS))
        )
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


def concept_schemes(names: Names) -> list[dict]:
    g = names.g
    schemes = [
        s for s in g.subjects(RDF.type, SKOS.ConceptScheme) if str(s).startswith(str(CONCEPT))
    ]
    order = {k: i for i, k in enumerate(SCHEME_ORDER)}
    schemes.sort(key=lambda s: (order.get(str(s)[len(str(CONCEPT)) :], len(order)), str(s)))
    out = []
    for scheme in schemes:
        key = str(scheme)[len(str(CONCEPT)) :]
        members = set(g.subjects(SKOS.inScheme, scheme))
        children: dict = {}
        roots = []
        for c in members:
            parents = [b for b in g.objects(c, SKOS.broader) if b in members]
            if parents:
                for p in parents:
                    children.setdefault(p, []).append(c)
            else:
                roots.append(c)
        rows: list[dict] = []
        # Depth-first, parents before their narrower concepts; `path` guards against cycles.
        stack = [(c, 0, frozenset()) for c in sorted(roots, key=str, reverse=True)]
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


def entailments(names: Names) -> list[dict]:
    g = names.g

    def pairs(pred) -> list[str]:
        return sorted(
            f"{names.compact(s)} → {names.compact(o)}"
            for s, o in g.subject_objects(pred)
            if isinstance(s, URIRef) and isinstance(o, URIRef)
        )

    inverse = sorted(
        f"{names.compact(s)} ↔ {names.compact(o)}" for s, o in g.subject_objects(OWL.inverseOf)
    )
    chains = sorted(
        f"{names.compact(p)} = {' / '.join(names.compact(x) for x in Collection(g, lst))}"
        for p, lst in g.subject_objects(OWL.propertyChainAxiom)
    )
    transitive = sorted(names.compact(p) for p in g.subjects(RDF.type, OWL.TransitiveProperty))
    domain_range = sorted(
        {names.compact(p) for p in g.subjects(RDFS.domain, None)}
        | {
            names.compact(p)
            for p in g.subjects(RDFS.range, None)
            if not _is_datatype(g.value(p, RDFS.range))
        }
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
    return [
        {"kind": kind, "axioms": axioms[kind], "gives": gives} for kind, gives in ENTAILMENT_USE
    ]


# What a query gets from each kind of axiom (the axioms themselves are read from the ontology).
ENTAILMENT_USE = (
    (
        "rdfs:subClassOf",
        "?x a ans:Actor finds every kind of actor; ?x a org:Organization also finds collaboration "
        "bodies; ?a a ans:Agreement finds regional, local and central agreements and letters of "
        "intent.",
    ),
    (
        "rdfs:subPropertyOf",
        "a statute's ELI in-force and repeal dates are also ans:validFrom / ans:validUntil, so one "
        "as-of test works on statutes, sections, agreements and organisations alike.",
    ),
    (
        "owl:inverseOf",
        "either direction can be queried whichever one the data asserts, e.g. "
        "?org ans:holdsResponsibility ?r or ?org org:resultedFrom ?event.",
    ),
    (
        "owl:TransitiveProperty",
        "?municipalArea ans:withinTerritory id:county/13 and … id:country/se both hold: one hop "
        "reaches every enclosing territory.",
    ),
    (
        "owl:propertyChainAxiom",
        "?agreement ans:hasParty ?org without going through the party records; ans:successor from "
        "ORG change events even where the data asserts only the event.",
    ),
    (
        "rdfs:domain / rdfs:range",
        "nodes get their type from how they are used (e.g. anything with ans:dutyKind is an "
        "ans:Responsibility; the object of ans:actor is an org:Organization).",
    ),
    (
        "owl:disjointWith",
        "no triples: the tests run owlrl over the built data and fail on any inconsistency (e.g. "
        "an organisation used as a territory or a target group).",
    ),
)


def _is_datatype(iri) -> bool:
    return iri is not None and (
        str(iri).startswith("http://www.w3.org/2001/XMLSchema#") or iri == RDF.langString
    )


############################################################################
# Example results from the live store
############################################################################


def run_example(store: GraphStore, example: Question, names: Names) -> dict:
    try:
        result = json.loads(store.query(example.bound()).body)
    except Exception as err:  # shown on the page; tests/test_ontology.py runs every example
        log.exception("example query %s failed", example.name)
        return {"columns": [], "rows": [], "total": 0, "error": f"{type(err).__name__}: {err}"}
    columns = result["head"]["vars"]
    bindings = result["results"]["bindings"]
    rows = [[_cell(b.get(c), names) for c in columns] for b in bindings[:MAX_RESULT_ROWS]]
    return {"columns": columns, "rows": rows, "total": len(bindings), "error": None}


def _cell(term: dict | None, names: Names) -> dict:
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
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept)) | set(
        ontology.subjects(RDF.type, SKOS.ConceptScheme)
    )
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


def _lang(g: Graph, s, props, lang: str) -> str:
    for p in props:
        for o in g.objects(s, p):
            if isinstance(o, Literal) and o.language == lang:
                return str(o)
    return ""


def _ontpub():
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
    return doc.make_html()


############################################################################
# The page
############################################################################

NAMED_GRAPHS = (
    (str(GRAPH_ONTOLOGY), "this ontology and the concept schemes"),
    (
        str(GRAPH_REFERENCE),
        "reference data: territories, organisations and their history, statutes and sections",
    ),
    (
        SOURCE_GRAPH_PREFIX + "<name>",
        "the facts of one source document (agreements, bodies, memberships, responsibilities …)",
    ),
    (str(GRAPH_INFERRED), "the owlrl entailments listed below, kept apart from what was asserted"),
    (str(GRAPH_SHAPES), "the SHACL shapes the build validates with"),
)

_CONTENT_START = '<div id="content">'
_CLASSES_SECTION = '<div class="section" id="classes">'
_TOC_LIST = '<ul class="first">'


def build_page(
    ontology: Graph, store: GraphStore, examples: list[Question], templates: Environment
) -> str:
    names = Names(ontology)
    context = {
        "version": str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo) or ""),
        "version_iri": str(ontology.value(ONTOLOGY_IRI, OWL.versionIRI) or ""),
        "history": sorted(
            (str(h) for h in ontology.objects(ONTOLOGY_IRI, SKOS.historyNote)), reverse=True
        ),
        "prefixes": names.prefixes,
        "graphs": NAMED_GRAPHS,
        "main": main_relations(names),
        "schemes": concept_schemes(names),
        "entailments": entailments(names),
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
    guide = templates.get_template("ontology_guide.html").render(**context)
    nav = templates.get_template("ontology_nav.html").render()
    html = pylode_html(ontology)
    # pyLODE writes a whole document; the guide goes before its class list and
    # into its table of contents, the site's navigation at the top.
    html = html.replace(_CONTENT_START, _CONTENT_START + nav, 1)
    if _CLASSES_SECTION in html:
        html = html.replace(_CLASSES_SECTION, guide + _CLASSES_SECTION, 1)
    else:  # another pyLODE layout: keep the guide, at the end of the content
        html = html.replace("</body>", guide + "</body>", 1)
    toc = templates.get_template("ontology_toc.html").render(
        examples=examples, schemes=context["schemes"]
    )
    html = html.replace(_TOC_LIST, _TOC_LIST + toc, 1)
    return html
