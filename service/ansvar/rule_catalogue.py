"""The shape catalogue: the shapes in shapes/ seen as rules (ids, severities, messages),
and the compiler of the SPARQL-only ones into store queries.

Two questions are answered here, from the shapes graph alone:

- which shapes gate the build: every shape except those whose sh:severity is
  sh:Warning or sh:Info (those report gaps, not broken data);
- which shapes the check runner evaluates on the store instead of in pyshacl:
  node shapes whose only constraints are SHACL-SPARQL (sh:sparql) and whose
  targets can be written as a graph pattern. pyshacl runs a SPARQL constraint
  once per focus node on rdflib's engine, which is slow on large graphs; on the
  store each one is a single query (see checks/engine_store.py and bench/check_bench.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from .namespaces import BASE
from .shacl_core import sparql_prologue
from .validate import severity_name

__all__ = [
    "ASH",
    "AS_OF_DATE",
    "CHECK_PARAMETERS",
    "CONFIG_LINE",
    "GAP_RULE",
    "NON_BLOCKING",
    "Rule",
    "RuleCatalogue",
    "SparqlConstraint",
    "StoreShape",
    "as_of_literal",
    "gate_shapes",
    "non_blocking_shapes",
]

ASH = BASE + "shapes#"
GAP_RULE = URIRef(ASH + "GapRule")
AS_OF_DATE = URIRef(ASH + "asOfDate")
CHECK_PARAMETERS = URIRef(ASH + "check-parameters")

NON_BLOCKING = (SH.Warning, SH.Info)

# The line by which a gap rule reads the as-of date (shapes/gaps.ttl), once per branch that needs it.
CONFIG_LINE = re.compile(r"\?config\s+ash:asOfDate\s+\?(\w+)\s*\.")

# Constraint parameters of SHACL Core: a shape that has any of them is not
# SPARQL-only and stays with pyshacl.
_CORE_PARAMETERS = {
    SH.property,
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH.minExclusive,
    SH.minInclusive,
    SH.maxExclusive,
    SH.maxInclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.languageIn,
    SH.uniqueLang,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH["not"],
    SH["and"],
    SH["or"],
    SH.xone,
    SH.node,
    SH.qualifiedValueShape,
    SH.closed,
    SH.hasValue,
    SH["in"],
    SH.path,
}
_TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def non_blocking_shapes(shapes: Graph) -> set[Node]:
    """Top-level shapes (with a target) whose severity is Warning or Info."""
    return {
        s
        for sev in NON_BLOCKING
        for s in shapes.subjects(SH.severity, sev)
        if any(shapes.value(s, p) is not None for p in _TARGET_PREDICATES)
    }


def _without(shapes: Graph, drop: set[Node]) -> Graph:
    kept = Graph()
    for prefix, ns in shapes.namespaces():
        kept.bind(prefix, ns, override=False)
    for triple in shapes:
        if triple[0] not in drop:
            kept.add(triple)
    return kept


def gate_shapes(shapes: Graph) -> Graph:
    """The shapes graph without the shapes that can only warn or inform (the build gate)."""
    drop = non_blocking_shapes(shapes)
    return _without(shapes, drop) if drop else shapes


@dataclass(frozen=True)
class Rule:
    """A named shape as reports show it: id, severity, title, why it matters."""

    iri: str
    identifier: str
    severity: str
    label: dict[str, str] = field(default_factory=dict)
    rationale: str | None = None
    gap: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "id": self.identifier,
            "severity": self.severity,
            "label": dict(sorted(self.label.items())),  # by language: the same report, the same bytes
            "rationale": self.rationale,
            "gap": self.gap,
        }


_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class SparqlConstraint:
    select: str  # the sh:select text with its PREFIX prologue
    messages: dict[str, str]  # language -> template with {?var} / {$this}

    def filled(self, row: dict[str, dict[str, str]]) -> dict[str, str]:
        """The messages, language -> text, with their {?var} / {$var} placeholders taking the
        lexical form of the result row's values (SHACL-SPARQL message templates)."""
        return {
            lang: _PLACEHOLDER.sub(lambda m: row[m.group(1)]["value"] if m.group(1) in row else "", template)
            for lang, template in self.messages.items()
        }


@dataclass(frozen=True)
class StoreShape:
    """A SPARQL-only node shape, with its targets as one graph pattern that binds ?this."""

    iri: URIRef
    target_prologue: str
    target_pattern: str
    constraints: tuple[SparqlConstraint, ...]
    severity: str

    @property
    def reads_as_of(self) -> bool:
        """Whether a constraint reads the as-of date (else its findings are the same on every date)."""
        return any(CONFIG_LINE.search(c.select) for c in self.constraints)

    def queries(self, as_of_literal: str) -> list[tuple[str, SparqlConstraint]]:
        """One query per constraint: its SELECT for all focus nodes at once, joined with the targets.

        The as-of date replaces each config line of the rule (one per (sub-)select) as a VALUES row. `as_of_literal`
        is produced by as_of_literal from a datetime.date, never from user text.
        """
        out = []
        for constraint in self.constraints:
            prologue, body = _split_prologue(constraint.select)
            prologue = "\n".join(sorted(set((prologue + "\n" + self.target_prologue).split("\n")) - {""}))
            body = CONFIG_LINE.sub(lambda m: f"VALUES ?{m.group(1)} {{ {as_of_literal} }}", body)
            query = f"{prologue}\nSELECT * WHERE {{\n  {{ {self.target_pattern} }}\n  {{ {body} }}\n}}"
            out.append((query, constraint))
        return out


def _split_prologue(select: str) -> tuple[str, str]:
    lines = select.splitlines()
    prologue = [ln for ln in lines if ln.strip().upper().startswith(("PREFIX ", "BASE "))]
    body = [ln for ln in lines if ln not in prologue]
    return "\n".join(prologue), "\n".join(body)


def _label(shapes: Graph, node: Node) -> dict[str, str]:
    labels: dict[str, str] = {}
    for predicate in (RDFS.label, SKOS.prefLabel):
        for value in shapes.objects(node, predicate):
            if isinstance(value, Literal):
                labels.setdefault(value.language or "en", str(value))
    return labels


def _messages(shapes: Graph, *nodes: Node) -> dict[str, str]:
    for node in nodes:
        found: dict[str, str] = {}
        for value in shapes.objects(node, SH.message):
            if isinstance(value, Literal):
                found.setdefault(value.language or "en", str(value))
        if found:
            return found
    return {}


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


class RuleCatalogue:
    """All shapes of a shapes graph as rules, and the split between pyshacl and the store."""

    def __init__(self, shapes: Graph):
        self.shapes = shapes
        self.rules: dict[str, Rule] = {}
        self._owner: dict[Node, Node | None] = {}
        for shape in self._named_shapes():
            self.rules[str(shape)] = self._rule(shape)
        self.store_shapes: list[StoreShape] = [s for s in map(self._store_shape, self._node_shapes()) if s]

    # -- reading the shapes ------------------------------------------------------

    def _node_shapes(self) -> list[Node]:
        shapes = set(self.shapes.subjects(RDF.type, SH.NodeShape))
        for predicate in _TARGET_PREDICATES:
            shapes.update(self.shapes.subjects(predicate, None))
        return sorted((s for s in shapes if not self.shapes.value(s, SH.deactivated)), key=str)

    def _named_shapes(self) -> list[URIRef]:
        candidates = set(self._node_shapes())
        candidates.update(self.shapes.subjects(RDF.type, SH.PropertyShape))
        return sorted((s for s in candidates if isinstance(s, URIRef)), key=str)

    def _rule(self, shape: URIRef) -> Rule:
        identifier = self.shapes.value(shape, DCTERMS.identifier)
        severity = severity_name(self.shapes.value(shape, SH.severity))
        comment = self.shapes.value(shape, RDFS.comment)
        return Rule(
            iri=str(shape),
            identifier=str(identifier) if identifier else _local_name(str(shape)),
            severity=severity,
            label=_label(self.shapes, shape),
            rationale=str(comment) if comment else None,
            gap=(shape, RDF.type, GAP_RULE) in self.shapes,
        )

    def rule_of(self, source_shape: Node | None) -> Rule:
        """The named rule a result belongs to: the source shape, or the named shape that holds it."""
        seen: set[Node] = set()
        node = source_shape
        while node is not None and node not in seen:
            if str(node) in self.rules:
                return self.rules[str(node)]
            seen.add(node)
            node = self._holder(node)
        iri = str(source_shape)
        return Rule(
            iri=iri, identifier=_local_name(iri) if isinstance(source_shape, URIRef) else "shape", severity="violation"
        )

    def _holder(self, node: Node) -> Node | None:
        if node in self._owner:
            return self._owner[node]
        holder: Node | None = None
        for predicate in (
            SH.property,
            SH.node,
            SH.qualifiedValueShape,
            SH["not"],
            SH["or"],
            SH["and"],
            SH.xone,
            SH.sparql,
            RDF.first,
        ):
            holder = next(iter(self.shapes.subjects(predicate, node)), None)
            if holder is not None:
                break
        if holder is None:  # a member of an sh:or / sh:and / sh:xone list: climb to the list's owner
            rest = next(iter(self.shapes.subjects(RDF.rest, node)), None)
            holder = rest
        self._owner[node] = holder
        return holder

    # -- which shapes run on the store ---------------------------------------------

    def _store_shape(self, shape: Node) -> StoreShape | None:
        if not isinstance(shape, URIRef) or not list(self.shapes.objects(shape, SH.sparql)):
            return None
        if any(self.shapes.value(shape, p) is not None for p in _CORE_PARAMETERS):
            return None
        if list(self.shapes.objects(shape, SH.rule)):
            return None
        target = self._target_pattern(shape)
        if target is None:
            return None
        target_prologue, target_pattern = target
        constraints = []
        for constraint in self.shapes.objects(shape, SH.sparql):
            select = self.shapes.value(constraint, SH.select)
            if select is None or self.shapes.value(constraint, SH.deactivated):
                return None
            prologue = self._prologue(constraint)
            constraints.append(SparqlConstraint(prologue + str(select), _messages(self.shapes, constraint, shape)))
        severity = severity_name(self.shapes.value(shape, SH.severity))
        return StoreShape(shape, target_prologue, target_pattern, tuple(constraints), severity)

    def _prologue(self, node: Node) -> str:
        return sparql_prologue(self.shapes, node)

    def _target_pattern(self, shape: URIRef) -> tuple[str, str] | None:
        """The shape's targets as (prologue, one pattern binding ?this) (SHACL 2.1.3), or None."""
        branches = []
        prologues = []
        # Class targets as plain rdf:type: the checks run on inferred data, where every
        # instance carries its superclasses (a path rdf:type/rdfs:subClassOf* costs far more).
        for cls in self.shapes.objects(shape, SH.targetClass):
            branches.append(f"?this a {cls.n3()} .")
        if (shape, RDF.type, RDFS.Class) in self.shapes:
            branches.append(f"?this a {shape.n3()} .")
        for node in self.shapes.objects(shape, SH.targetNode):
            branches.append(f"BIND ({node.n3()} AS ?this)")
        for prop in self.shapes.objects(shape, SH.targetSubjectsOf):
            branches.append(f"?this {prop.n3()} ?targetObject .")
        for prop in self.shapes.objects(shape, SH.targetObjectsOf):
            branches.append(f"?targetSubject {prop.n3()} ?this .")
        for target in self.shapes.objects(shape, SH.target):
            found = self._target_select(target)
            if found is None:
                return None  # other SHACL-AF targets stay with pyshacl
            prologue, body = _split_prologue(found)
            prologues.append(prologue)
            branches.append("{ " + body + " }")
        if not branches:
            return None
        pattern = "SELECT DISTINCT ?this WHERE { " + " UNION ".join("{ " + b + " }" for b in branches) + " }"
        return "\n".join(prologues), pattern

    def _target_select(self, target: Node) -> str | None:
        """The SELECT of a SPARQL-based target (SHACL-AF 4.2), with its prologue; for an instance of
        a target type, the type's SELECT with each parameter pre-bound to the target's value."""
        select = self.shapes.value(target, SH.select)
        if (target, RDF.type, SH.SPARQLTarget) in self.shapes and select is not None:
            return self._prologue(target) + str(select)
        kind = self.shapes.value(target, RDF.type)
        template = self.shapes.value(kind, SH.select) if kind is not None else None
        if kind is None or template is None or (kind, RDF.type, SH.SPARQLTargetType) not in self.shapes:
            return None
        text = str(template)
        for parameter in self.shapes.objects(kind, SH.parameter):
            path = self.shapes.value(parameter, SH.path)
            value = self.shapes.value(target, path) if isinstance(path, URIRef) else None
            if value is None:
                return None
            name = re.escape(_local_name(str(path)))
            text = re.sub(rf"\$({name})\b", value.n3().replace("\\", "\\\\"), text)
        return self._prologue(kind) + text

    def target_query(self, shape: URIRef) -> tuple[str, str] | None:
        """The focus nodes of a shape as (prologue, SELECT DISTINCT ?this …), or None when not expressible."""
        return self._target_pattern(shape)

    def core_shapes(self, on_store: list[StoreShape] | None = None) -> Graph:
        """The shapes graph without the SPARQL-only shapes the store runs (`on_store`, default all)."""
        return _without(self.shapes, {s.iri for s in (self.store_shapes if on_store is None else on_store)})

    def gap_rules(self) -> list[Rule]:
        return sorted((r for r in self.rules.values() if r.gap), key=lambda r: r.identifier)


def as_of_literal(value: dt.date) -> Literal:
    """The xsd:date literal of a date object (never of user text)."""
    return Literal(value.isoformat(), datatype=XSD.date)
