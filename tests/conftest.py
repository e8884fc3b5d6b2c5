"""Shared fixtures: the built graph, and a real `ansvar serve` on a free loopback port."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from ansvar.build import run_build
from servers import free_port, http_ready, start_process, stop_process

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
ANSVAR = [sys.executable, "-m", "ansvar.cli"]
# SCB's county codes (län), as the register lists them: 21 counties.
COUNTY_CODES = "01 03 04 05 06 07 08 09 10 12 13 14 17 18 19 20 21 22 23 24 25".split()


def run_cli(*args: str, timeout: float = 300, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    return subprocess.run([*ANSVAR, *args], capture_output=True, text=True, timeout=timeout, env=env, **kwargs)


@pytest.fixture(scope="session")
def built():
    return run_build()


@pytest.fixture(scope="session")
def store(built):
    return built.store


class Server:
    def __init__(self, process: subprocess.Popen, url: str, log: Path):
        self.process, self.url, self.log = process, url, log

    def get(self, path: str, **kwargs) -> httpx.Response:
        return httpx.get(self.url + path, timeout=60, **kwargs)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return httpx.post(self.url + path, timeout=60, **kwargs)

    def put(self, path: str, **kwargs) -> httpx.Response:
        return httpx.put(self.url + path, timeout=60, **kwargs)

    def delete(self, path: str, **kwargs) -> httpx.Response:
        return httpx.delete(self.url + path, timeout=60, **kwargs)


def start_server(tmp: Path, *extra: str, env: dict | None = None) -> Server:
    """`ansvar serve` on a free port; its temporary files (the workers' copy of an in-memory
    store, result spools) go under `tmp`, so a server a test kills leaves nothing in /tmp."""
    port = free_port()
    log = tmp / f"server-{port}.log"
    url = f"http://127.0.0.1:{port}"
    scratch = tmp / f"server-{port}-tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    process = start_process(
        [*ANSVAR, "serve", "--host", "127.0.0.1", "--port", str(port), *extra],
        http_ready(url + "/health"),
        log=log,
        name="ansvar serve",
        env={**os.environ, "TMPDIR": str(scratch), **(env or {})},
    )
    return Server(process, url, log)


def stop_server(server: Server) -> None:
    stop_process(server.process)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(srv)


MODEL_FIXTURE = FIXTURES / "model" / "modell-exempel.ttl"


def store_with(store_dir: Path, extra: list[Path]) -> Path:
    """The shipped graph plus `extra` source files, inferred and stored in `store_dir` without
    the shapes gate: tests of pages and queries on a small fixture in the current model."""
    from ansvar.dataset import InferredDataset
    from ansvar.infer import infer
    from ansvar.load import load_all
    from ansvar.paths import default_paths
    from ansvar.store.embedded import EmbeddedStore

    loaded = load_all(default_paths(), extra)
    inferred = infer(loaded.graphs[g] for g in loaded.data_graph_names())
    EmbeddedStore.write_directory(store_dir, InferredDataset(loaded, inferred).nquads()).close()
    return store_dir


@pytest.fixture(scope="session")
def model_server(tmp_path_factory):
    """A real `ansvar serve` on the shipped data plus tests/fixtures/model/modell-exempel.ttl."""
    tmp = tmp_path_factory.mktemp("model-server")
    srv = start_server(tmp, "--store-dir", str(store_with(tmp / "store", [MODEL_FIXTURE])))
    yield srv
    stop_server(srv)


@pytest.fixture()
def project_copy(tmp_path):
    """A private copy of the data directories, for tests that must change data."""
    for name in ("ontology", "shapes", "data", "queries"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path
