"""What the build's gate found, kept in its generation (checks/gate_record.py), stands for the
shapes the gate ran only; the build's check takes the core findings from the gate only when the
gate ran every core shape."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyoxigraph as ox
from ansvar.checks import CheckData
from ansvar.checks.gate_record import CORE, FOUND_NONE, read_gate_record, shapes_digest, write_gate_record
from ansvar.checks.report import Finding
from ansvar.checks.run import run_checks
from ansvar.checks.stage import check_build
from ansvar.load import LoadedData
from ansvar.namespaces import GRAPH_SHAPES
from ansvar.paths import ProjectPaths
from ansvar.rule_catalogue import RuleCatalogue, gate_shapes
from ansvar.shape_gate import run_gate
from ansvar.store.embedded import EmbeddedStore
from rdflib import Graph

ASH = "https://w3id.org/ansvar/shapes#"
ANS = "https://w3id.org/ansvar/def#"
PREFIXES = f"@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ans: <{ANS}> .\n@prefix ash: <{ASH}> .\n"
# A Violation store shape, and a core shape that only warns (so the gate leaves it out).
SHAPES = (
    PREFIXES
    + """
ash:integrity-any a sh:NodeShape ; sh:severity sh:Violation ; sh:targetClass ans:Thing ;
    sh:sparql [ sh:message "never"@en ;
        sh:select "SELECT $this WHERE { $this a <https://w3id.org/ansvar/def#Nothing> }" ] .
ash:named a sh:NodeShape ; sh:severity sh:Warning ; sh:targetClass ans:Thing ;
    sh:property [ sh:path ans:name ; sh:minCount 1 ; sh:message "a thing has a name"@en ] .
"""
)
THING = "https://w3id.org/ansvar/id/t"
AS_OF = dt.date(2024, 6, 30)
DATA = f"<{THING}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ANS}Thing> .\n"


def _shapes(text: str = SHAPES) -> Graph:
    return Graph().parse(data=text, format="turtle")


def _finding(catalogue: RuleCatalogue) -> Finding:
    return Finding(
        rule=catalogue.rules[ASH + "named"],
        severity="warning",
        focus="_:b0",
        message={"en": "a thing has a name", "sv": "en sak har ett namn"},
        path=ANS + "name",
        value=None,
        component="http://www.w3.org/ns/shacl#MinCountConstraintComponent",
    )


def test_the_digest_names_the_graph_not_its_text() -> None:
    reordered = PREFIXES + "\n".join(reversed(SHAPES.split(PREFIXES, 1)[1].strip().split("\n\n")))
    relabelled = SHAPES.replace("sh:property [", "sh:property _:p .\n_:p").replace('"@en ] .', '"@en .')
    assert shapes_digest(_shapes(reordered)) == shapes_digest(_shapes())
    assert shapes_digest(_shapes(relabelled)) == shapes_digest(_shapes())
    assert shapes_digest(_shapes(SHAPES.replace("sh:minCount 1", "sh:minCount 2"))) != shapes_digest(_shapes())


def test_a_record_reads_back_for_the_same_shapes(tmp_path: Path) -> None:
    shapes = _shapes()
    catalogue = RuleCatalogue(shapes)
    path = tmp_path / "gate.json"
    write_gate_record(path, shapes, [_finding(catalogue)], frozenset({ASH + "integrity-any"}))
    known = read_gate_record(path, _shapes(), RuleCatalogue(_shapes()))
    assert known[FOUND_NONE] == {ASH + "integrity-any"}
    core = known[CORE]
    assert isinstance(core, list) and len(core) == 1
    finding = core[0]
    assert finding.key() == _finding(catalogue).key()
    assert (finding.severity, finding.value_is_node, finding.component) == (
        "warning",
        False,
        _finding(catalogue).component,
    )


def test_a_record_of_other_shapes_or_unreadable_is_no_record(tmp_path: Path) -> None:
    shapes = _shapes()
    path = tmp_path / "gate.json"
    write_gate_record(path, shapes, [], frozenset({ASH + "integrity-any"}))
    other = _shapes(SHAPES.replace("sh:minCount 1", "sh:minCount 2"))
    assert read_gate_record(path, other, RuleCatalogue(other)) == {}
    record = json.loads(path.read_text())
    for broken in ({**record, "foundNone": [ASH + "not-a-shape"]}, {**record, "version": 0}, {**record, "core": 3}):
        path.write_text(json.dumps(broken))
        assert read_gate_record(path, shapes, RuleCatalogue(shapes)) == {}
    path.write_text("{not json")
    assert read_gate_record(path, shapes, RuleCatalogue(shapes)) == {}
    assert read_gate_record(tmp_path / "absent.json", shapes, RuleCatalogue(shapes)) == {}


def _project(root: Path, shapes: str = SHAPES) -> ProjectPaths:
    """A checkout whose shapes/ holds `shapes`."""
    (root / "shapes").mkdir(parents=True)
    (root / "shapes" / "shapes.ttl").write_text(shapes, encoding="utf-8")
    return ProjectPaths(root)


def _built(store_dir: Path, shapes: Graph, expected: list[tuple[str, str]] | None = None) -> EmbeddedStore:
    """The build's steps after load on DATA: gate, store (a staged generation), check."""
    data = ox.Store()
    data.load(DATA.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("https://w3id.org/ansvar/graph/t"))
    loaded = LoadedData(graphs={GRAPH_SHAPES: shapes}, store=data)
    gate = run_gate(data, gate_shapes(shapes))
    assert not gate.violations
    shapes_nt = {str(GRAPH_SHAPES): shapes.serialize(format="nt", encoding="utf-8")}
    store = EmbeddedStore.copy_of(data, store_dir, shapes_nt)
    report = check_build(store, loaded, gate, as_of=AS_OF, data_store=data)
    wanted = [(ASH + "named", THING)] if expected is None else expected
    assert [(f.rule.iri, f.focus) for f in report.findings] == wanted
    return store


def _computed() -> str:
    return "computed here"


def test_a_core_shape_the_gate_left_out_is_still_checked_and_not_recorded(tmp_path: Path) -> None:
    store = _built(tmp_path / "store", _shapes())
    checkout = _project(tmp_path / "checkout")
    later = CheckData.from_store(store, checkout)
    assert later.once(FOUND_NONE, frozenset[str]) == {ASH + "integrity-any"}  # from the record
    assert later.once(CORE, _computed) == "computed here"
    again = CheckData.from_store(store, checkout)
    assert [(f.rule.iri, f.focus) for f in run_checks(again, AS_OF).findings] == [(ASH + "named", THING)]
    store.discard()


# The warning shape made blocking and met by DATA: the gate runs every core shape.
BLOCKING = SHAPES.replace("ash:named a sh:NodeShape ; sh:severity sh:Warning ;", "ash:named a sh:NodeShape ;").replace(
    "sh:path ans:name", "sh:path <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
)


def test_a_check_of_the_generation_takes_what_its_gate_found_for_the_same_shapes_only(tmp_path: Path) -> None:
    store = _built(tmp_path / "store", _shapes(BLOCKING), expected=[])
    same = CheckData.from_store(store, _project(tmp_path / "same", BLOCKING))
    assert same.once(CORE, _computed) == []  # the gate's, not computed again
    assert same.once(FOUND_NONE, frozenset[str]) == {ASH + "integrity-any"}
    other = CheckData.from_store(store, _project(tmp_path / "other", BLOCKING.replace('"never"', '"not ever"')))
    assert other.once(CORE, _computed) == "computed here"
    assert other.once(FOUND_NONE, frozenset[str]) == frozenset()
    store.discard()
