"""`ansvar build` and `ansvar query` as a user runs them: subprocesses of the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys

from ansvar.store.embedded import EmbeddedStore
from conftest import FIXTURES, run_cli

# What a build has no use for: the remote store's HTTP client, the reference reasoner of the
# tests, `ansvar coverage`, the Jinja pages. A cold build pays for every module it imports.
NOT_FOR_THE_BUILD = ("httpx", "owlrl", "jinja2", "ansvar.coverage", "ansvar.web", "ansvar.render", "uvicorn")
BUILD_AND_LIST_MODULES = f"""
import sys
from ansvar.cli import app
try:
    app(["build"])
except SystemExit as stop:
    assert stop.code == 0, stop.code
print(sorted(m for m in sys.modules if m.startswith({NOT_FOR_THE_BUILD!r})))
"""


def test_build_prints_summary_per_graph_and_stage():
    proc = run_cli("build")
    assert proc.returncode == 0, proc.stderr
    for graph in ("graph/ontology", "graph/reference", "graph/inferred"):
        assert graph in proc.stdout
    # The shipped data meets every shape of the gate, warnings and info included.
    assert "validation: conforms (0 warnings, 0 info)" in proc.stdout
    for stage in ("load", "infer", "validate", "store"):
        assert f"{stage} " in proc.stdout


def test_the_build_imports_nothing_it_does_not_run():
    proc = subprocess.run([sys.executable, "-c", BUILD_AND_LIST_MODULES], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "validation: conforms" in proc.stdout
    assert proc.stdout.splitlines()[-1] == "[]"


def test_broken_turtle_names_file_and_line():
    proc = run_cli("build", "--add", str(FIXTURES / "broken.ttl"))
    assert proc.returncode == 1
    assert "broken.ttl" in proc.stderr
    assert "line 6" in proc.stderr  # the statement that is missing its dot ends there


def test_shacl_violation_stops_build_with_focus_node_and_path():
    proc = run_cli("build", "--add", str(FIXTURES / "violation.ttl"))
    assert proc.returncode == 1
    assert "nothing was stored" in proc.stderr
    assert "id/responsibility/test/no-actor" in proc.stderr
    assert "def#actor" in proc.stderr and "def#dutyKind" in proc.stderr
    assert "violation.ttl" in proc.stderr


def test_failed_build_keeps_previous_store_generation(tmp_path):
    store_dir = tmp_path / "store"
    assert run_cli("build", "--store-dir", str(store_dir)).returncode == 0
    first = EmbeddedStore.live_generation(store_dir)
    assert first is not None
    proc = run_cli("build", "--store-dir", str(store_dir), "--add", str(FIXTURES / "violation.ttl"))
    assert proc.returncode == 1
    assert EmbeddedStore.live_generation(store_dir) == first
    # The surviving store is complete and answers queries.
    store = EmbeddedStore.open_directory(store_dir)
    assert store.ask("ASK { ?s a <https://w3id.org/ansvar/def#County> }")


def test_query_command_formats(tmp_path):
    store_dir = tmp_path / "store"
    assert run_cli("build", "--store-dir", str(store_dir)).returncode == 0
    q = "SELECT ?c WHERE { ?c a ans:County } ORDER BY ?c"
    proc = run_cli("query", q, "--format", "json", "--store-dir", str(store_dir))
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["results"]["bindings"]
    assert len(rows) == 21
    csv = run_cli("query", q, "--format", "csv", "--store-dir", str(store_dir)).stdout.splitlines()
    assert csv[0] == "c" and len(csv) == 22
    table = run_cli("query", q, "--store-dir", str(store_dir)).stdout
    assert "21 row(s)" in table and "id:county/10" in table
    ttl = run_cli(
        "query",
        "CONSTRUCT { ?c a ans:County } WHERE { ?c a ans:County }",
        "--format",
        "turtle",
        "--store-dir",
        str(store_dir),
    ).stdout
    assert ttl.count("County") >= 21


def test_query_command_from_file_and_bad_query(tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?x a ans:County }")
    store_dir = tmp_path / "store"
    assert run_cli("build", "--store-dir", str(store_dir)).returncode == 0
    assert run_cli("query", f"@{rq}", "--store-dir", str(store_dir)).stdout.strip() == "yes"
    bad = run_cli("query", "SELECT WHERE {", "--store-dir", str(store_dir))
    assert bad.returncode == 2 and "invalid SPARQL" in bad.stderr
