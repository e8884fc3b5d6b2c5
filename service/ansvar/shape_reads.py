"""What shapes can read of a data graph: the predicates and classes they name.

pyshacl needs an rdflib graph, and an rdflib graph of the whole data costs about a
kilobyte and tens of microseconds a triple. The shapes the gate leaves to pyshacl
(shacl_core.ShapeCompiler.leftover) read only some of it: the triples of the
predicates on their paths, targets and property-pair constraints, the predicates of
their SPARQL constraints' triple patterns (read by parsing the query with rdflib),
and rdf:type for the classes they target or require (with those classes' subclasses,
as SHACL's instances are) and rdfs:subClassOf. `reads` says which; it is None when a
shape may read any triple (sh:closed, SHACL-AF targets or rules, a SPARQL pattern
whose predicate is a variable or a negated path), and then the whole data is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

__all__ = ["Reads", "reads", "reads_query"]

# Parameters whose value is a predicate the shape reads.
_PREDICATE_VALUES = {
    SH.path,
    SH.inversePath,
    SH.zeroOrMorePath,
    SH.oneOrMorePath,
    SH.zeroOrOnePath,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
}
_CLASS_VALUES = {SH.targetClass, SH["class"]}
_READ_ANYTHING = {SH.target, SH.rule}  # SHACL-AF: a target or rule may be any query


class _Anything(Exception):
    """The shapes may read any triple."""


@dataclass
class Reads:
    predicates: set[URIRef] = field(default_factory=set)
    classes: set[URIRef] = field(default_factory=set)


def reads(shapes: Graph, roots: Iterable[Node]) -> Reads | None:
    """What the shapes `roots` (and every node they lead to in `shapes`) read; None: anything."""
    found = Reads(predicates={RDFS.subClassOf})
    seen: set[Node] = set()
    todo = list(roots)
    try:
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if isinstance(node, URIRef) and (node, RDF.type, RDFS.Class) in shapes:
                found.classes.add(node)  # implicit class target
            for parameter, value in shapes.predicate_objects(node):
                _read(shapes, node, parameter, value, found)
                if isinstance(value, (URIRef, BNode)):
                    todo.append(value)
    except _Anything:
        return None
    return found


def _read(shapes: Graph, node: Node, parameter: Node, value: Node, found: Reads) -> None:
    if parameter in _READ_ANYTHING or (parameter == SH.closed and isinstance(value, Literal) and value.value is True):
        raise _Anything
    if parameter in (SH.select, SH.ask):
        found.predicates |= _query_predicates(_prologue(shapes, node) + str(value))
    elif not isinstance(value, URIRef):
        return
    elif parameter in _PREDICATE_VALUES or parameter == RDF.first:  # list members: path steps (or a superset)
        found.predicates.add(value)
    elif parameter in _CLASS_VALUES:
        found.classes.add(value)


def _prologue(shapes: Graph, constraint: Node) -> str:
    """The PREFIX lines of a SPARQL constraint's sh:prefixes declarations (SHACL 5.2.1)."""
    lines = []
    for declarer in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def _query_predicates(text: str) -> set[URIRef]:
    found: set[URIRef] = set()
    _walk(prepareQuery(text).algebra, found)
    return found


def _walk(part: Any, found: set[URIRef]) -> None:
    """Every predicate of the triple patterns in a query's algebra (BGPs, and the untranslated
    triples blocks of EXISTS, whose triples are flat lists: s p o s p o …)."""
    if isinstance(part, CompValue):
        if part.name == "BGP":
            for _s, predicate, _o in part["triples"] or []:
                found |= _path_predicates(predicate)
        elif part.name == "TriplesBlock":
            for flat in part["triples"] or []:
                for predicate in flat[1::3]:
                    found |= _path_predicates(predicate)
        for value in part.values():
            _walk(value, found)
    elif isinstance(part, (list, tuple)):
        for value in part:
            _walk(value, found)


def _path_predicates(predicate: Any) -> set[URIRef]:
    if isinstance(predicate, URIRef):
        return {predicate}
    if isinstance(predicate, (SequencePath, AlternativePath)):
        return set().union(*(_path_predicates(step) for step in predicate.args))
    if isinstance(predicate, InvPath):
        return _path_predicates(predicate.arg)
    if isinstance(predicate, MulPath):
        return _path_predicates(predicate.path)
    if isinstance(predicate, CompValue) and "Negated" not in predicate.name:  # a path not yet translated
        return set().union(*(_path_predicates(v) for v in _parts(predicate)))
    raise _Anything  # a variable, a negated path: any predicate


def _parts(value: Any) -> list[Any]:
    if isinstance(value, CompValue):
        return [p for v in value.values() for p in _parts(v)]
    if isinstance(value, (list, tuple)):
        return [p for v in value for p in _parts(v)]
    return [value] if isinstance(value, URIRef) else []


def reads_query(what: Reads) -> str:
    """A CONSTRUCT of the triples `what` names, on a store whose default graph is the data."""
    predicates = " ".join(p.n3() for p in sorted(what.predicates))
    found = f"{{ VALUES ?p {{ {predicates} }} ?s ?p ?o }}"
    if what.classes:  # the instances of each class and of its subclasses
        classes = " ".join(c.n3() for c in sorted(what.classes))
        found += (
            f" UNION {{ VALUES ?class {{ {classes} }} ?o {RDFS.subClassOf.n3()}* ?class ."
            f" ?s {RDF.type.n3()} ?o BIND ({RDF.type.n3()} AS ?p) }}"
        )
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {found} }}"
