"""On-disk store generations: one commit point, nothing half-written ever served.

A build or an update writes a complete generation (data, check report, dumps,
catalogue record) in a private directory and makes it current in one atomic
switch. These tests kill real `ansvar build` and `ansvar serve` processes with
SIGKILL and then open the store as a restarted server would.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import psutil
import pyoxigraph as ox
import pytest
from ansvar.namespaces import GRAPH_CHECKS
from ansvar.store.embedded import EmbeddedStore
from conftest import ANSVAR, run_cli, start_server

EXTRA = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/ansvar/id/county/10> skos:hiddenLabel "genereringstest"@sv .
"""
PREFIX = "gen-"
PAUSE_POINTS = ("store", "check", "describe", "commit", "committed")
TOKEN = "generation-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UPDATE_GRAPH = "https://w3id.org/ansvar/graph/source/kill-test"
COUNTY = "https://w3id.org/ansvar/id/county/10"


def _quads(*labels: str) -> bytes:
    quads = [
        ox.Quad(
            ox.NamedNode(COUNTY),
            ox.NamedNode("http://www.w3.org/2004/02/skos/core#hiddenLabel"),
            ox.Literal(label),
            ox.NamedNode(UPDATE_GRAPH),
        )
        for label in labels
    ]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def test_two_generations_in_one_second_and_process_never_merge(tmp_path):
    first = EmbeddedStore.write_directory(tmp_path, _quads("a", "b", "c"))
    second = EmbeddedStore.write_directory(tmp_path, _quads("d"))
    assert first.location != second.location
    assert len(second) == 1
    reopened = EmbeddedStore.open_directory(tmp_path)
    assert len(reopened) == 1 and reopened.location == second.location


def test_live_generation_is_never_written_to(tmp_path):
    store = EmbeddedStore.write_directory(tmp_path, _quads("a"))
    with pytest.raises(PermissionError):
        store.replace_graph(str(GRAPH_CHECKS), b"")
    assert len(EmbeddedStore.open_directory(tmp_path)) == 1


def test_old_generations_go_only_when_no_reader_holds_them(tmp_path):
    EmbeddedStore.write_directory(tmp_path, _quads("a"))
    reader = EmbeddedStore.open_directory(tmp_path)  # holds a shared lock on generation 1
    for label in ("b", "c", "d"):
        EmbeddedStore.write_directory(tmp_path, _quads(label))
    names = sorted(p.name for p in tmp_path.glob(PREFIX + "*"))
    assert reader.location.name in names  # still read: kept, and still answers
    assert reader.ask(f'ASK {{ <{COUNTY}> ?p "a" }}')
    assert len(names) == 3  # the one read, the previous and the current
    reader.close()
    EmbeddedStore.write_directory(tmp_path, _quads("e"))
    assert reader.location.name not in {p.name for p in tmp_path.glob(PREFIX + "*")}


def _generation_state(store_dir: Path) -> tuple[int, bool]:
    """(quads served, whole?) as a restarted server sees the store: data, checks graph, dumps, record."""
    store = EmbeddedStore.open_directory(store_dir)
    try:
        count = len(store)
        checks = store.ask(f"ASK {{ GRAPH <{GRAPH_CHECKS}> {{ ?s ?p ?o }} }}")
        generation = store.location
        manifest_file = generation / "dumps" / "manifest.json"
        manifest = json.loads(manifest_file.read_text()) if manifest_file.exists() else None
        whole = (
            checks and manifest is not None and manifest["quads"] == count and (generation / "catalog.ttl").is_file()
        )
        return count, whole
    finally:
        store.close()


def _build_process(store_dir: Path, extra: Path, pause_at: str | None) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1"}
    if pause_at:
        env["ANSVAR_TEST_PAUSE_AT"] = pause_at
    return subprocess.Popen(
        [*ANSVAR, "build", "--store-dir", str(store_dir), "--add", str(extra)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_pause(proc: subprocess.Popen, point: str, timeout: float = 120) -> bool:
    seen = threading.Event()

    def read() -> None:
        for line in proc.stderr:
            if line.strip() == f"paused at {point}":
                seen.set()

    threading.Thread(target=read, daemon=True).start()
    return seen.wait(timeout)


@pytest.fixture(scope="module")
def generations(tmp_path_factory):
    """A store with the shipped data, and the figures of the old and the new generation."""
    tmp = tmp_path_factory.mktemp("generations")
    extra = tmp / "generation-test.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    reference = tmp / "reference"
    assert run_cli("build", "--store-dir", str(reference), "--add", str(extra)).returncode == 0
    new_count, new_whole = _generation_state(reference)
    store_dir = tmp / "store"
    assert run_cli("build", "--store-dir", str(store_dir)).returncode == 0
    old_count, old_whole = _generation_state(store_dir)
    assert old_whole and new_whole and old_count != new_count
    return store_dir, extra, old_count, new_count


def _served_after_kill(store_dir: Path, old: int, new: int) -> str:
    count, whole = _generation_state(store_dir)
    if count == old and whole:
        return "old"
    if count == new and whole:
        return "new"
    return f"half-written ({count} quads, whole={whole})"


def test_build_killed_at_each_stage_serves_old_or_new_generation_whole(generations):
    store_dir, extra, old, new = generations
    seen = {}
    for point in PAUSE_POINTS:
        proc = _build_process(store_dir, extra, point)
        try:
            assert _wait_for_pause(proc, point), f"the build never reached {point}"
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        seen[point] = _served_after_kill(store_dir, old, new)
        if seen[point] == "new":  # start the next run from the old generation again
            assert run_cli("build", "--store-dir", str(store_dir)).returncode == 0
    half = [p for p, what in seen.items() if what not in ("old", "new")]
    print(f"kill -9 at {len(seen)} build stages: {seen}; half-written stores served: {len(half)}")
    assert half == []
    # Before the switch the old generation is served, after it the new one.
    assert [seen[p] for p in PAUSE_POINTS] == ["old", "old", "old", "old", "new"]
    # The killed builds' staging directories go at the next commit (nobody holds their lock).
    assert run_cli("build", "--store-dir", str(store_dir)).returncode == 0
    assert len(list(store_dir.glob(PREFIX + "*"))) <= 2


def test_build_killed_at_random_moments_never_serves_a_half_written_store(generations):
    store_dir, extra, old, new = generations
    rng = random.Random(20240613)  # noqa: S311 - kill times, not secrets
    outcomes = []
    for _ in range(8):
        proc = _build_process(store_dir, extra, None)
        time.sleep(rng.uniform(0.5, 8.0))  # a build takes 4-6 s here: kills land in every stage
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        outcomes.append(_served_after_kill(store_dir, old, new))
        if outcomes[-1] == "new":  # start the next run from the old generation again
            assert run_cli("build", "--store-dir", str(store_dir)).returncode == 0
    half = [o for o in outcomes if o not in ("old", "new")]
    print(
        f"kill -9 at random: {len(outcomes)} runs, {outcomes.count('old')} old, {outcomes.count('new')} new; "
        f"half-written stores served: {len(half)}"
    )
    assert half == []


def _kill_tree(proc: subprocess.Popen) -> None:
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    for child in children:  # the query workers this server started
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    proc.wait(timeout=30)


def _accepted_labels_present(store_dir: Path, labels: list[str]) -> list[str]:
    store = EmbeddedStore.open_directory(store_dir)
    try:
        return [label for label in labels if not store.ask(f'ASK {{ <{COUNTY}> ?p "{label}"@sv }}')]
    finally:
        store.close()


def test_server_killed_during_updates_loses_no_accepted_change(tmp_path):
    store_dir = tmp_path / "store"
    env = {"ANSVAR_UPDATE_TOKEN": TOKEN, "ANSVAR_UPDATE_LOG": str(tmp_path / "updates.jsonl")}
    rng = random.Random(7)  # noqa: S311 - kill times, not secrets
    accepted: list[str] = []
    sent = 0
    for round_no in range(3):
        srv = start_server(tmp_path, "--store-dir", str(store_dir), env=env)
        stop = threading.Event()

        def stream(round_no=round_no, srv=srv, stop=stop) -> None:
            nonlocal sent
            i = 0
            while not stop.is_set():
                label = f"kill-{round_no}-{i}"
                i += 1
                sent += 1
                update = (
                    f"INSERT DATA {{ GRAPH <{UPDATE_GRAPH}> {{ <{COUNTY}> "
                    f'<http://www.w3.org/2004/02/skos/core#hiddenLabel> "{label}"@sv }} }}'
                )
                try:
                    r = httpx.post(srv.url + "/sparql", data={"update": update}, headers=AUTH, timeout=120)
                except httpx.HTTPError:
                    return  # the server was killed while this one was in flight
                if 200 <= r.status_code < 300:
                    accepted.append(label)

        writer = threading.Thread(target=stream, daemon=True)
        writer.start()
        floor = len(accepted)
        deadline = time.monotonic() + 120
        while len(accepted) == floor and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(rng.uniform(0.0, 5.0))  # an update takes a few seconds: kills land mid-commit
        _kill_tree(srv.process)
        stop.set()
        writer.join(timeout=130)
        lost = _accepted_labels_present(store_dir, accepted)
        assert lost == [], f"accepted changes lost after kill -9: {lost}"
        count, whole = _generation_state(store_dir)
        assert whole, f"half-written store after kill -9 ({count} quads)"
    print(
        f"kill -9 of the server 3 times during {sent} updates ({len(accepted)} accepted): "
        "accepted changes lost: 0; half-written stores served: 0"
    )
    assert accepted  # the stream really committed changes
