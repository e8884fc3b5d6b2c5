"""A check of a built generation (`ansvar check --store-dir`, /checks) reads its data from the
generation's TriG dump when the manifest vouches for it, takes what the build's gate found from
gate.json, and reports exactly what evaluating every shape on the store itself reports."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ansvar.build import run_build
from ansvar.checks import CheckData, sources
from ansvar.checks.gate_record import CORE, FOUND_NONE
from ansvar.checks.run import run_checks
from ansvar.dumps import vouched_dump
from ansvar.load import load_shapes
from ansvar.paths import ProjectPaths, default_paths
from ansvar.store.embedded import EmbeddedStore
from conftest import run_cli

AS_OF = dt.date(2024, 6, 30)
TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture()
def generation(tmp_path):
    """The shipped data built into a store directory of its own (the test may spoil its files)."""
    run_build(store_dir=tmp_path / "store").store.close()
    opened = EmbeddedStore.open_directory(tmp_path / "store")
    yield opened
    opened.close()


def _report(data: CheckData) -> list[str]:
    return sorted(json.dumps(f.to_json(), sort_keys=True) for f in run_checks(data, AS_OF).findings)


def _every_shape(store: EmbeddedStore) -> CheckData:
    """A check that knows nothing of the build: every shape evaluated, the data copied from the store."""
    return CheckData(store, load_shapes(default_paths()))


def _computed() -> str:
    return "computed here"


def test_the_check_of_a_generation_is_the_check_of_every_shape(generation):
    data = CheckData.from_store(generation)
    assert data.once(CORE, _computed) == []  # the gate's: it found nothing
    assert data.once(FOUND_NONE, frozenset[str])  # the integrity shapes the gate ran
    report = _report(CheckData.from_store(generation))
    assert len(report) > 20
    assert report == _report(_every_shape(generation))


def test_the_data_read_from_the_dump_is_the_data_of_the_store(generation, monkeypatch):
    dump = vouched_dump(generation, "application/trig")
    assert dump is not None and dump.parent == generation.generation.dumps_dir
    from_dump = CheckData.from_store(generation).select(TRIPLES)
    monkeypatch.setattr(sources, "_SLICE", 1000)  # the store filled in many slices
    sliced = CheckData.from_store(generation).select(TRIPLES)
    copied = _every_shape(generation).select(TRIPLES)
    with dump.open("ab") as spoiled:
        spoiled.write(
            b"<https://w3id.org/ansvar/id/x> <https://w3id.org/ansvar/def#p> <https://w3id.org/ansvar/id/y> .\n"
        )
    assert vouched_dump(generation, "application/trig") is None
    after = CheckData.from_store(generation).select(TRIPLES)  # copied from the store again
    assert len(from_dump) > 30000
    key = lambda rows: sorted(json.dumps(r, sort_keys=True) for r in rows)  # noqa: E731
    assert key(from_dump) == key(sliced) == key(copied) == key(after)


def test_a_check_with_other_shapes_evaluates_them_all(generation, project_copy):
    shapes = project_copy / "shapes"
    first = sorted(shapes.glob("*.ttl"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# a comment changes no shape\n", encoding="utf-8")
    same = CheckData.from_store(generation, ProjectPaths(project_copy))
    assert same.once(CORE, _computed) == []  # the same graph: the record holds
    integrity = shapes / "integrity.ttl"
    changed = integrity.read_text(encoding="utf-8").replace('sh:message "', 'sh:message "(changed) ', 1)
    integrity.write_text(changed, encoding="utf-8")
    other = CheckData.from_store(generation, ProjectPaths(project_copy))
    assert other.once(CORE, _computed) == "computed here"


def _cli_findings(*args: str) -> list[tuple[str, str]]:
    proc = run_cli("check", *args, "--format", "json", "--as-of", AS_OF.isoformat())
    assert proc.returncode in (0, 1), proc.stderr
    counties = json.loads(proc.stdout)["counties"]
    return sorted((f["rule"], f["focus"]) for c in counties for r in c["rules"] for f in r["findings"])


def test_the_cli_check_of_a_store_directory_matches_with_or_without_the_record(generation, tmp_path):
    store_dir = str(tmp_path / "store")
    full = sorted((f.rule.identifier, f.focus) for f in run_checks(_every_shape(generation), AS_OF).findings)
    assert _cli_findings("--store-dir", store_dir) == full
    assert _cli_findings("--store-dir", store_dir, "--every-shape") == full
    assert CheckData.from_store(generation, gate_record=False).once(CORE, _computed) == "computed here"


def test_a_json_report_is_the_same_bytes_whatever_the_hash_seed():
    outputs = set()
    for seed in ("1", "2", "3"):
        proc = run_cli("check", "--format", "json", "--as-of", AS_OF.isoformat(), env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 1, proc.stderr  # the shipped data has gaps
        outputs.add(proc.stdout)
    assert len(outputs) == 1
