"""SHACL Core shapes compiled to SPARQL: one SELECT per constraint for all focus nodes at once.

pyshacl evaluates each constraint per focus node and value node in Python (three
minutes for the core shapes on a national graph of a million triples); the same
constraint as one query on the pyoxigraph store takes milliseconds to seconds.
The compiler reads the shapes graph (SHACL 1.0, section 4: the core constraint
components), never a list of our shapes: each constraint becomes a graph pattern
that matches its violations, and a nested shape (sh:node, sh:not, sh:or, sh:and,
sh:qualifiedValueShape) becomes a pattern that matches when a node violates it.

What it does not compile (sh:closed, sh:xone, sh:equals, string lengths, value
ranges, SPARQL constraints mixed with core ones, counts above 3 …) makes the
whole top-level shape run in pyshacl instead (`ShapeCompiler.leftover`), so the
results are always pyshacl's. The results are written as a SHACL validation
report (sh:ValidationReport) with pyshacl's messages (its own code writes the
default ones), so every reader of pyshacl's reports reads them unchanged;
tests/test_shacl_core.py compares both on every fixture and the shipped data.

Class targets and sh:class read rdf:type as stated: the shapes run on data with
its entailments (infer.py), where every instance carries its superclasses.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pyoxigraph as ox
from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

__all__ = [
    "CompiledConstraint",
    "Row",
    "Select",
    "ShapeCompiler",
    "Unsupported",
    "binding_term",
    "rows_graph",
    "selector",
    "sparql_prologue",
    "stated_texts",
    "store_of",
]

Row = dict[str, dict[str, str]]
Select = Callable[[str], list[Row]]

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)
# Parameters a shape may carry besides its constraints.
_NOT_CONSTRAINTS = {
    SH.path,
    SH.property,
    SH.severity,
    SH.message,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.flags,
    *_TARGETS,
}
# XPath constructor functions that fail on an ill-typed lexical form (pyshacl reports those).
_CASTABLE = {XSD.date, XSD.dateTime, XSD.decimal, XSD.integer, XSD.boolean, XSD.double, XSD.float}
_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
_MAX_COUNT = 3  # counts are compiled as joins of that many distinct values at most


class Unsupported(Exception):
    """A construct the compiler leaves to pyshacl."""


@dataclass(frozen=True)
class CompiledConstraint:
    """One constraint of a shape as a query whose rows (?this, maybe ?value) are its results."""

    shape: Node
    parameter: URIRef  # the constraint parameter (sh:minCount …), which names its component
    path: Node | None
    severity: Node
    query: str
    has_value: bool
    messages: tuple[Node, ...] = ()  # a SPARQL constraint's own sh:message (SHACL 5.3.2), else the shape's


class ShapeCompiler:
    """The shapes of a shapes graph as SPARQL queries, and those left to pyshacl."""

    def __init__(self, shapes: Graph, targets: Callable[[URIRef], tuple[str, str] | None]):
        """`targets(shape)` is (prologue, SELECT of the focus nodes as ?this) of a top-level shape, or None."""
        self.shapes = shapes
        self._count = itertools.count()
        self.constraints: list[CompiledConstraint] = []
        self.leftover: set[Node] = set()
        self.compiled: set[Node] = set()  # the top-level shapes whose every constraint is a query
        for shape in self._top_level():
            focus = targets(shape) if isinstance(shape, URIRef) else None
            try:
                if focus is None:
                    raise Unsupported(f"the targets of {shape}")
                prologue, select = focus
                found = self._compile(shape, "{ " + select + " }", "?this")
                self.constraints += [replace(c, query=prologue + "\n" + c.query) for c in found]
                self.compiled.add(shape)
            except Unsupported:
                self.leftover.add(shape)
        # Shapes that are also classes target their instances (SHACL 2.1.3.1); pyshacl keeps those.
        self.leftover.update(set(self.shapes.subjects(RDF.type, RDFS.Class)) & self._shape_nodes())
        self._pyshacl: ShapesGraph | None = None

    def _shape_nodes(self) -> set[Node]:
        return set(self.shapes.subjects(RDF.type, SH.NodeShape)) | set(self.shapes.subjects(RDF.type, SH.PropertyShape))

    def _top_level(self) -> list[Node]:
        found = {s for p in _TARGETS for s in self.shapes.subjects(p, None)}
        return sorted((s for s in found if not _true(self.shapes.value(s, SH.deactivated))), key=str)

    def _var(self) -> str:
        return f"?v{next(self._count)}"

    # -- top-level results -------------------------------------------------------

    def _compile(self, shape: Node, focus: str, this: str) -> Iterator[CompiledConstraint]:
        if _true(self.shapes.value(shape, SH.deactivated)):
            return
        path, value, values = self._values(shape, this)
        severity = self.shapes.value(shape, SH.severity) or SH.Violation
        for parameter, pattern, reported in self._patterns(shape, this, path, value, values, sparql_apart=True):
            columns = "?this" + (f" ({reported} AS ?value)" if reported else "")
            query = f"SELECT DISTINCT {columns} ?pair WHERE {{ {focus} {pattern} }}"
            yield CompiledConstraint(shape, parameter, path, severity, query, reported is not None)
        for constraint in sorted(self.shapes.objects(shape, SH.sparql), key=str):
            if path is not None:
                raise Unsupported("a SPARQL constraint on a property shape")
            if not _true(self.shapes.value(constraint, SH.deactivated)):
                yield self._sparql(shape, constraint, focus, severity)
        for child in self.shapes.objects(shape, SH.property):
            if path is not None:
                raise Unsupported("a property shape within a property shape")
            yield from self._compile(child, focus, this)

    def _sparql(self, shape: Node, constraint: Node, focus: str, severity: Node) -> CompiledConstraint:
        """A node shape's SPARQL-based constraint (SHACL 5) as one query for all focus nodes.

        Its SELECT binds $this (the focus, ?this here) itself; it runs as a sub-select joined
        with the focus nodes. Compiled only when each result is one row of ?this and maybe ?value
        and the messages have no {?var} to fill; else the shape stays with pyshacl."""
        select = self.shapes.value(constraint, SH.select)
        if not isinstance(select, Literal):
            raise Unsupported(f"the SPARQL constraint {constraint} without sh:select")
        prologue = sparql_prologue(self.shapes, constraint)
        algebra = translateQuery(parseQuery(prologue + str(select))).algebra
        projected = {str(v) for v in algebra["PV"]}
        if not projected <= {"this", "value"} or "this" not in projected or not _binds_this(algebra["p"]):
            raise Unsupported(f"the SPARQL constraint {constraint}: not one join on $this giving $this and ?value")
        messages = tuple(self.shapes.objects(constraint, SH.message)) or tuple(self.shapes.objects(shape, SH.message))
        if any("{" in str(m) for m in messages):
            raise Unsupported(f"the message templates of {constraint}")
        columns = "?this ?value" if "value" in projected else "?this (?this AS ?value)"  # 5.3.2: else the focus
        body = "\n".join(line for line in str(select).splitlines() if not _is_prologue_line(line))
        query = f"{prologue}SELECT DISTINCT {columns} ?pair WHERE {{ {focus} {{ {body} }} }}"
        return CompiledConstraint(shape, SH.sparql, None, severity, query, True, messages)

    def _values(self, shape: Node, focus: str) -> tuple[Node | None, str, str]:
        """(path, value variable, pattern binding it) of a shape's value nodes for `focus`."""
        path = self.shapes.value(shape, SH.path)
        if path is None:
            return None, focus, ""
        value = self._var()
        return path, value, f"{focus} {self._path(path)} {value} ."

    def _path(self, path: Node) -> str:
        if isinstance(path, URIRef):
            return path.n3()
        if (path, RDF.first, None) in self.shapes:
            return "(" + "/".join(self._path(step) for step in Collection(self.shapes, path)) + ")"
        for predicate, template in (
            (SH.alternativePath, None),
            (SH.inversePath, "^{}"),
            (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"),
            (SH.zeroOrOnePath, "{}?"),
        ):
            inner = self.shapes.value(path, predicate)
            if inner is None:
                continue
            if template is None:
                return "(" + "|".join(self._path(step) for step in Collection(self.shapes, inner)) + ")"
            return "(" + template.format(self._path(inner)) + ")"
        raise Unsupported(f"the path {path}")

    # -- constraints as patterns of their violations -------------------------------

    def _patterns(
        self, shape: Node, focus: str, path: Node | None, value: str, values: str, sparql_apart: bool = False
    ) -> Iterator[tuple[URIRef, str, str | None]]:
        """(parameter, pattern of its violations for `focus`, the reported value variable or None).

        `sparql_apart`: the caller compiles the shape's SPARQL constraints (a top-level shape's);
        in a nested shape they stay with pyshacl."""
        node_value = None if path is not None else value  # a node shape reports the focus as value
        for parameter, argument in sorted(self.shapes.predicate_objects(shape)):
            if parameter in _NOT_CONSTRAINTS or parameter not in CONSTRAINT_PARAMETERS_MAP:
                continue
            if sparql_apart and parameter == SH.sparql:
                continue
            if not isinstance(parameter, URIRef):
                continue
            yield parameter, *self._pattern(shape, parameter, argument, focus, path, value, values, node_value)

    def _pattern(
        self,
        shape: Node,
        parameter: URIRef,
        argument: Node,
        focus: str,
        path: Node | None,
        value: str,
        values: str,
        node_value: str | None,
    ) -> tuple[str, str | None]:
        filters = self._value_filter(shape, parameter, argument, value)
        if filters is not None:
            return f"{values} FILTER ({filters})", value
        if parameter in (SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape):
            if path is None:
                raise Unsupported(f"{parameter} on a node shape")
            return self._counted(shape, parameter, argument, focus, self._path(path), values, value), None
        if parameter == SH.hasValue:
            if path is None:
                return f"FILTER (!sameTerm({focus}, {argument.n3()}))", node_value
            return f"FILTER NOT EXISTS {{ {focus} {self._path(path)} {argument.n3()} }}", None
        if parameter in (SH.lessThan, SH.lessThanOrEquals):
            other = self._var()
            operator = "<" if parameter == SH.lessThan else "<="
            broken = f"FILTER (!COALESCE({value} {operator} {other}, false)) BIND ({other} AS ?pair)"
            return f"{values} {focus} {argument.n3()} {other} {broken}", value
        return self._shape_based(parameter, argument, value, values), value

    def _value_filter(self, shape: Node, parameter: URIRef, argument: Node, v: str) -> str | None:
        """A FILTER condition true of a value node that breaks a value-type or string constraint."""
        if parameter == SH["class"]:
            # rdf:type as stated: the data carries its entailments (a path rdf:type/rdfs:subClassOf*
            # took seconds per constraint at 100 k triples)
            return f"NOT EXISTS {{ {v} {RDF.type.n3()} {argument.n3()} }}"
        if parameter == SH.datatype:
            wrong = f"!isLiteral({v}) || datatype({v}) != {argument.n3()}"
            if argument in _CASTABLE:
                wrong += f" || !COALESCE(isLiteral({argument.n3()}(STR({v}))), false)"
            return wrong
        if parameter == SH.nodeKind:
            kind = _KINDS.get(argument) if isinstance(argument, URIRef) else None
            if kind is None:
                raise Unsupported(f"node kind {argument}")
            return "!" + kind.format(v=v)
        if parameter == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            options = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return f"isBlank({v}) || !REGEX(STR({v}), {Literal(str(argument)).n3()}{options})"
        if parameter == SH.languageIn:
            tags = " || ".join(f"langMatches(lang({v}), {Literal(str(t)).n3()})" for t in self._list(argument))
            return f"!isLiteral({v}) || !({tags or 'false'})"
        if parameter == SH["in"]:
            members = " || ".join(f"sameTerm({v}, {m.n3()})" for m in self._list(argument))
            return f"!({members or 'false'})"
        return None

    def _counted(
        self, shape: Node, parameter: URIRef, argument: Node, focus: str, path: str, values: str, value: str
    ) -> str:
        if parameter == SH.minCount:
            return f"FILTER NOT EXISTS {{ {self._distinct(focus, path, _count(argument))} }}"
        if parameter == SH.maxCount:
            return self._distinct(focus, path, _count(argument) + 1)
        if parameter == SH.uniqueLang:
            if not _true(argument):
                return "FILTER (false)"
            a, b = self._var(), self._var()
            same = f"!sameTerm({a}, {b}) && lang({a}) != '' && LCASE(lang({a})) = LCASE(lang({b}))"
            return f"{focus} {path} {a} . {focus} {path} {b} . FILTER ({same}) BIND (LCASE(lang({a})) AS ?pair)"
        # sh:qualifiedValueShape with sh:qualifiedMinCount 1 (no maximum, not disjoint)
        minimum = self.shapes.value(shape, SH.qualifiedMinCount)
        extra = {SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint} & set(self.shapes.predicates(shape))
        if extra or minimum is None or _count(minimum) != 1:
            raise Unsupported("qualified counts other than a minimum of 1")
        return f"FILTER NOT EXISTS {{ {values} FILTER NOT EXISTS {{ {self._violation(argument, value)} }} }}"

    def _distinct(self, focus: str, path: str, n: int) -> str:
        """A pattern that matches when `focus` has at least `n` distinct values on `path`."""
        if n > _MAX_COUNT:
            raise Unsupported(f"a count of {n}")
        if n == 0:
            return "FILTER (true)"
        names = [self._var() for _ in range(n)]
        triples = " ".join(f"{focus} {path} {name} ." for name in names)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2))
        return triples + (f" FILTER ({distinct})" if distinct else "")

    def _shape_based(self, parameter: URIRef, argument: Node, value: str, values: str) -> str:
        if parameter == SH.node:
            return f"{values} FILTER EXISTS {{ {self._violation(argument, value)} }}"
        if parameter == SH["not"]:
            return f"{values} FILTER NOT EXISTS {{ {self._violation(argument, value)} }}"
        if parameter in (SH["or"], SH["and"]):
            joiner = " && " if parameter == SH["or"] else " || "
            tests = [f"EXISTS {{ {self._violation(member, value)} }}" for member in self._list(argument)]
            return f"{values} FILTER ({joiner.join(tests) or ('false' if parameter == SH['and'] else 'true')})"
        raise Unsupported(f"the parameter {parameter}")

    def _violation(self, shape: Node, focus: str, depth: int = 0) -> str:
        """A pattern that matches when the node bound to `focus` does not conform to `shape`."""
        if depth > 8:
            raise Unsupported("shapes nested this deep (or recursive)")
        if _true(self.shapes.value(shape, SH.deactivated)):
            return "FILTER (false)"
        path, value, values = self._values(shape, focus)
        branches = [pattern for _p, pattern, _v in self._patterns(shape, focus, path, value, values)]
        for child in self.shapes.objects(shape, SH.property):
            branches.append(self._violation(child, focus, depth + 1))
        if not branches:
            return "FILTER (false)"
        return " UNION ".join("{ " + b + " }" for b in branches)

    def _list(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    # -- running ---------------------------------------------------------------------

    def report(self, select: Select, messages_data: Graph) -> Graph:
        """The results of every compiled constraint as a SHACL validation report."""
        report = Graph()
        root = BNode()
        report.add((root, RDF.type, SH.ValidationReport))
        conforms = True
        for constraint in self.constraints:
            for row in select(constraint.query):
                if "this" not in row:
                    continue
                focus = binding_term(row["this"])
                value = binding_term(row["value"]) if constraint.has_value and "value" in row else None
                self._add_result(report, root, constraint, focus, value, messages_data)
                conforms = conforms and constraint.severity != SH.Violation
        report.add((root, SH.conforms, Literal(conforms)))
        return report

    def _add_result(
        self, report: Graph, root: Node, constraint: CompiledConstraint, focus: Node, value: Node | None, data: Graph
    ) -> None:
        result = BNode()
        report.add((root, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, focus))
        report.add((result, SH.resultSeverity, constraint.severity))
        report.add((result, SH.sourceShape, constraint.shape))
        report.add((result, SH.sourceConstraintComponent, _component(constraint.parameter)))
        if constraint.path is not None:
            report.add((result, SH.resultPath, constraint.path))
        if value is not None:
            report.add((result, SH.value, value))
        for message in self._messages(constraint, data, focus, value):
            report.add((result, SH.resultMessage, message))

    def _messages(self, constraint: CompiledConstraint, data: Graph, focus: Node, value: Node | None) -> list[Node]:
        given = list(constraint.messages) or list(self.shapes.objects(constraint.shape, SH.message))
        if given:
            return given
        # pyshacl's own text for a result without sh:message
        if self._pyshacl is None:
            self._pyshacl = ShapesGraph(self.shapes)
            _ = self._pyshacl.shapes  # finds and keeps every shape
        shape = self._pyshacl.lookup_shape_from_node(constraint.shape)
        component = CONSTRAINT_PARAMETERS_MAP[constraint.parameter](shape)
        return list(component.make_generic_messages(data, focus, value))

    def without_compiled(self) -> Graph:
        """The shapes graph with the compiled shapes' targets taken away: what pyshacl still runs."""
        kept = Graph()
        for prefix, namespace in self.shapes.namespaces():
            kept.bind(prefix, namespace, override=False)
        for s, p, o in self.shapes:
            if not (p in _TARGETS and s in self.compiled):
                kept.add((s, p, o))
        return kept


def sparql_prologue(shapes: Graph, node: Node) -> str:
    """The PREFIX lines of the sh:prefixes of a SPARQL constraint or target (SHACL 5.2.1), sorted."""
    lines: set[str] = set()
    for prefixes in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(prefixes, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.add(f"PREFIX {prefix}: {URIRef(str(namespace)).n3()}")
    return "".join(line + "\n" for line in sorted(lines))


# The algebra operators through which a triple pattern on ?this restricts every row.
_JOINED = {"Project": ("p",), "Distinct": ("p",), "Filter": ("p",), "Join": ("p1", "p2"), "LeftJoin": ("p1",)}


def _binds_this(node: object) -> bool:
    """Whether a SELECT's algebra matches ?this in a triple pattern outside OPTIONAL, UNION, MINUS
    and FILTER: then joining its rows with the focus nodes is pre-binding $this (SHACL 5.2.1).
    A SELECT that only filters needs the binding given, which a sub-select never has."""
    if not isinstance(node, CompValue):
        return False
    if node.name == "BGP":
        return any(Variable("this") in triple for triple in node["triples"])
    return any(_binds_this(node.get(part)) for part in _JOINED.get(node.name, ()))


def _is_prologue_line(line: str) -> bool:
    return line.strip().upper().startswith(("PREFIX ", "BASE "))


def _true(node: Node | None) -> bool:
    return isinstance(node, Literal) and node.value is True


def _count(node: Node) -> int:
    if not isinstance(node, Literal) or not isinstance(node.value, int):
        raise Unsupported(f"the count {node}")
    return node.value


def rows_graph(rows: list[Row]) -> Graph:
    """The triples of ?s ?p ?o result rows, as an rdflib graph."""
    graph = Graph()
    for row in rows:
        graph.add((binding_term(row["s"]), binding_term(row["p"]), binding_term(row["o"])))
    return graph


def stated_texts(results: Graph, select: Select) -> Graph:
    """The triples that state the texts a result has as focus node (SHACL reports the text itself)."""
    texts = {focus for focus in results.objects(None, SH.focusNode) if isinstance(focus, Literal)}
    if not texts:
        return Graph()
    values = " ".join(text.n3() for text in texts)
    return rows_graph(select(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?o {{ {values} }} ?s ?p ?o }}"))


def binding_term(binding: dict[str, str]) -> Node:
    """An rdflib term of a SPARQL JSON result binding; xsd:string literals plain, as rdflib parses them."""
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    datatype = binding.get("datatype")
    if binding.get("xml:lang"):
        return Literal(binding["value"], lang=binding["xml:lang"])
    return Literal(binding["value"], datatype=None if datatype in (None, str(XSD.string)) else URIRef(datatype))


def _component(parameter: URIRef) -> URIRef:
    if parameter == SH.qualifiedValueShape:  # the only qualified count compiled is a minimum
        return SH.QualifiedMinCountConstraintComponent
    return URIRef(CONSTRAINT_PARAMETERS_MAP[parameter].shacl_constraint_component)


def _ox_subject(term: Node) -> ox.NamedNode | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)  # the same label, so results name the rdflib graph's blank nodes
    raise TypeError(f"not a subject: {term!r}")


def _ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, (URIRef, BNode)):
        return _ox_subject(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(term, language=term.language)
        return ox.Literal(term, datatype=ox.NamedNode(term.datatype)) if term.datatype else ox.Literal(term)
    raise TypeError(f"not an RDF term: {term!r}")


def store_of(graph: Graph) -> ox.Store:
    """A pyoxigraph store of an rdflib graph (its default graph), blank nodes keeping their labels."""
    store = ox.Store()
    store.extend([ox.Quad(_ox_subject(s), ox.NamedNode(str(p)), _ox_term(o)) for s, p, o in graph])
    return store


def selector(store: ox.Store, union: bool = False) -> Select:
    """A function that runs a SELECT on `store` and returns its rows as SPARQL JSON bindings;
    on its default graph, or with `union` on the union of its named graphs."""

    def select(query: str) -> list[Row]:
        solutions = store.query(query, use_default_graph_as_union=union)
        assert isinstance(solutions, ox.QuerySolutions)  # the compiler writes SELECTs only
        body = solutions.serialize(format=ox.QueryResultsFormat.JSON)
        assert body is not None  # serialize() without an output returns the bytes
        rows: list[Row] = json.loads(body)["results"]["bindings"]
        return rows

    return select
