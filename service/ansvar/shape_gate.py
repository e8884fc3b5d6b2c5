"""The build's gate: the shapes of shapes/ on the built data, evaluated on a pyoxigraph store.

pyshacl evaluates a constraint once per focus node in Python (a SPARQL constraint on
rdflib's engine: 10-20 ms each, thousands of focus nodes: minutes per build); the store
evaluates each constraint once for all focus nodes, as `ansvar check` does. The project's
SPARQL-only shapes run as rule_catalogue.StoreShape queries, the SHACL Core shapes as the
queries of shacl_core.ShapeCompiler; pyshacl runs only what the compiler leaves to it.
tests/test_integrity_shapes.py and tests/test_shacl_core.py check that this reports what
pyshacl does on every fixture. The report graph holds the results of the core shapes
(a SHACL validation report), which the build's stage `check` reads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .dataset_store import constructed
from .rule_catalogue import ASH, RuleCatalogue, StoreShape, as_of_literal
from .shacl_core import Select, ShapeCompiler, rows_graph, selector, stated_texts
from .shape_reads import reads, reads_query
from .validate import ValidationLine, ValidationReport, result_lines, run_pyshacl, severity_rank

__all__ = ["run_gate"]


def run_gate(data: ox.Store, shapes: Graph, file_of_subject: dict[str, Path] | None = None) -> ValidationReport:
    """Validate the union of the named graphs of `data` (read only) with `shapes`; each result names
    the file that states its focus node. rdflib graphs of the data are made only for what needs one:
    pyshacl, when the compiler leaves it shapes, and the texts a result has as focus node."""
    files = file_of_subject or {}
    catalogue = RuleCatalogue(shapes)
    select = selector(data, union=True)
    on_store = [s for s in catalogue.store_shapes if str(s.iri).startswith(ASH)]
    compiler = ShapeCompiler(catalogue.core_shapes(on_store), catalogue.target_query)
    results = compiler.report(select, Graph())  # pyshacl's own messages read the data for blank nodes only
    if _names_blank_nodes(results) and _generic_messages(compiler):
        results = compiler.report(select, _described(select))
    conforms = (None, SH.conforms, Literal(True)) in results
    if compiler.leftover:  # the shapes the compiler leaves to pyshacl
        left_shapes = compiler.without_compiled()
        left_conforms, left = run_pyshacl(_pyshacl_data(data, left_shapes, compiler.leftover), left_shapes)
        results += left
        conforms = conforms and left_conforms
    found = _store_findings(select, on_store, catalogue, files)
    lines = sorted(
        result_lines(results, stated_texts(results, select), files) + found,
        key=lambda f: (-severity_rank(f.severity), f.file or "", f.focus, f.path or ""),
    )
    conforms = conforms and not any(f.severity == "violation" for f in found)
    return ValidationReport(conforms, lines, results)


def _names_blank_nodes(results: Graph) -> bool:
    return any(isinstance(node, BNode) for p in (SH.focusNode, SH.value) for node in results.objects(None, p))


def _generic_messages(compiler: ShapeCompiler) -> bool:
    """Whether a compiled constraint's result may need pyshacl's own message (no sh:message)."""
    return any((c.shape, SH.message, None) not in compiler.shapes for c in compiler.constraints)


def _described(select: Select) -> Graph:
    """The triples about blank nodes, which pyshacl's own messages spell out (others need no data),
    with the store's labels, which the results name."""
    return rows_graph(select("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER (isBlank(?s)) }"))


def _pyshacl_data(data: ox.Store, shapes: Graph, roots: set[Node]) -> Graph:
    """The plain rdflib graph pyshacl reads: the part of the data the shapes `roots` can read,
    or all of it when they may read anything (shape_reads.py)."""
    what = reads(shapes, roots)
    return constructed(data, "CONSTRUCT WHERE { ?s ?p ?o }" if what is None else reads_query(what))


def _store_findings(
    select: Select, shapes: list[StoreShape], catalogue: RuleCatalogue, files: dict[str, Path]
) -> list[ValidationLine]:
    today = as_of_literal(dt.date.today()).n3()
    found: dict[tuple[str | None, ...], ValidationLine] = {}
    for shape in shapes:
        rule = catalogue.rule_of(shape.iri)
        for query, constraint in shape.queries(today):
            for row in select(query):
                if "this" not in row:
                    continue
                value = row.get("value") or row["this"]  # SHACL-SPARQL 5.3.2: else the focus node
                path = row.get("path")
                focus = row["this"]["value"]
                file = files.get(focus)
                messages = sorted(constraint.filled(row).values())
                line = ValidationLine(
                    severity=shape.severity,
                    focus=focus,
                    path=path["value"] if path and path["type"] == "uri" else None,
                    value=_term(value),
                    message="; ".join(messages) or "constraint not met",
                    shape=rule.iri,
                    file=str(file) if file else None,
                )
                found[(line.shape, line.focus, line.path, line.value, line.message)] = line
    return list(found.values())


def _term(binding: dict[str, str]) -> str:
    """A SPARQL JSON term in N-Triples syntax, as pyshacl's results show values."""
    if binding["type"] == "uri":
        return URIRef(binding["value"]).n3()
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=binding.get("datatype")).n3()
