"""Read-only replicas of one built generation behind nginx, with deploy/nginx/ansvar.conf.

Everything runs on 127.0.0.1: replicas are `ansvar serve --store-dir DIR` on free
ports, nginx is started with `-p tmpdir -c generated.conf -g 'daemon off;'`. The
load is bounded (a fixed number of requests from 8 threads); the figures are
printed, not asserted, except the failures, which must stay within what the
brief allows: none under steady load, none beyond the requests in flight when a
replica is killed, none during a release swap.
"""

from __future__ import annotations

import signal
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest
from conftest import ROOT, Server, run_cli, start_server, stop_server
from nginx import ansvar_conf, start_nginx
from servers import free_port

pytestmark = pytest.mark.server

CONF = ROOT / "deploy" / "nginx" / "ansvar.conf"
THREADS = 8
LOOKUP = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?l WHERE { "
    "<https://w3id.org/ansvar/id/org/{key}> skos:prefLabel ?l }"
)
ORGS = ("migrationsverket", "arbetsformedlingen", "forsakringskassan", "lansstyrelsen-10", "kommun-1080")
PAGES = ("/page/id/org/migrationsverket", "/page/id/agreement/blekinge-2016-2018", "/page/id/county/10", "/")


def request_plan(n: int) -> list[tuple[str, dict]]:
    """Mixed GETs: SPARQL lookups and linked-data pages (two of five are pages)."""
    plan = []
    for i in range(n):
        if i % 5 in (1, 3):
            plan.append((PAGES[i % len(PAGES)], {}))
        else:
            plan.append(("/sparql", {"query": LOOKUP.replace("{key}", ORGS[i % len(ORGS)])}))
    return plan


@dataclass
class LoadResult:
    ok: int = 0
    failures: list[str] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def line(self, label: str) -> str:
        ms = sorted(self.ms)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else 0
        return (
            f"{label}: {self.ok + len(self.failures)} requests, {len(self.failures)} failed, "
            f"{(self.ok + len(self.failures)) / self.seconds:.0f} req/s, "
            f"median {statistics.median(ms) if ms else 0:.1f} ms, p99 {p99:.1f} ms"
        )


def run_load(base_url: str, n: int, during=None, at: int | None = None) -> LoadResult:
    """Send n requests from THREADS threads; call `during()` once `at` requests have completed."""
    result = LoadResult()
    lock = threading.Lock()
    done = [0]
    fired = threading.Event()
    local = threading.local()

    def one(item):
        path, params = item
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base_url, timeout=30)
        start = time.perf_counter()
        try:
            r = client.get(
                path,
                params=params,
                headers={"Accept": "application/sparql-results+json"} if path == "/sparql" else {"Accept": "text/html"},
            )
            good = r.status_code == 200 and (path != "/sparql" or '"bindings"' in r.text)
            outcome = None if good else f"{r.status_code} {path}: {r.text[:120]}"
        except httpx.HTTPError as err:
            outcome = f"{type(err).__name__} {path}: {err}"
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            done[0] += 1
            if outcome is None:
                result.ok += 1
                result.ms.append(elapsed)
            else:
                result.failures.append(outcome)
            fire = during is not None and at is not None and done[0] >= at and not fired.is_set()
            if fire:
                fired.set()
        if fire:
            during()

    began = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(one, request_plan(n)))
    result.seconds = time.perf_counter() - began
    return result


def start_replicas(tmp: Path, store_dir: Path, count: int) -> list[Server]:
    """`ansvar serve --store-dir` replicas, started at the same time (each opens the store read-only)."""
    with ThreadPoolExecutor(count) as pool:
        return list(
            pool.map(lambda _: start_server(tmp, "--store-dir", str(store_dir), "--query-workers", "1"), range(count))
        )


def port_of(server: Server) -> int:
    return int(server.url.rsplit(":", 1)[1])


def kill_hard(server: Server) -> None:
    """SIGKILL the replica and its query workers (they would otherwise be orphaned)."""
    children = psutil.Process(server.process.pid).children(recursive=True)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=10)
    for child in children:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


@pytest.fixture(scope="module")
def generations(tmp_path_factory):
    """Two built store directories: the release in service and the next one."""
    dirs = [tmp_path_factory.mktemp(name) for name in ("release-1", "release-2")]
    with ThreadPoolExecutor(2) as pool:  # two `ansvar build --store-dir` processes, one per core
        for proc in pool.map(lambda d: run_cli("build", "--store-dir", str(d)), dirs):
            assert proc.returncode == 0, proc.stderr
    return dirs


@pytest.fixture()
def cluster(generations, tmp_path):
    replicas = start_replicas(tmp_path, generations[0], 2)
    port = free_port()
    proxy = start_nginx(tmp_path / "nginx", ansvar_conf(port, [port_of(r) for r in replicas]), port)
    extra: list[Server] = []
    yield proxy, replicas, extra
    proxy.stop()
    for server in replicas + extra:
        if server.process.poll() is None:
            stop_server(server)


def test_shipped_configuration_is_valid_nginx(tmp_path):
    port = free_port()
    proxy = start_nginx(
        tmp_path / "nginx", CONF.read_text(encoding="utf-8").replace("listen 8080;", f"listen 127.0.0.1:{port};"), port
    )  # start_nginx runs `nginx -t` first
    proxy.stop()
    text = CONF.read_text(encoding="utf-8")
    for directive in (
        "proxy_next_upstream error timeout http_502 http_503",
        "keepalive 32",
        "client_header_timeout",
        "client_body_timeout",
        "client_max_body_size",
        "limit_req ",
    ):
        assert directive in text


def test_load_through_nginx_has_no_errors(cluster):
    proxy, replicas, _ = cluster
    direct = run_load(replicas[0].url, 100)
    through = run_load(proxy.url, 400)
    print("\n" + direct.line("direct, one replica") + "\n" + through.line("nginx, two replicas"))
    print(f"throughput nginx/direct: {through.ok / through.seconds / (direct.ok / direct.seconds):.2f}")
    assert direct.failures == [] and through.failures == []
    served = [len(r.log.read_text().splitlines()) for r in replicas]
    assert all(n > 50 for n in served), served  # both replicas took part


def test_killing_a_replica_mid_load_loses_nothing_in_flight_beyond(cluster):
    proxy, replicas, _ = cluster
    in_flight = []

    def kill():
        in_flight.append(THREADS)  # at most one request per thread is in flight
        kill_hard(replicas[0])

    result = run_load(proxy.url, 400, during=kill, at=100)
    print("\n" + result.line("one replica killed after 100 requests"))
    print(f"failed requests at the kill: {len(result.failures)} (in flight: at most {THREADS})")
    for failure in result.failures:
        print("  ", failure)
    assert replicas[0].process.poll() is not None  # the kill happened during the load
    assert len(result.failures) <= in_flight[0]
    assert result.failures == []  # GET is resent to the other replica (proxy_next_upstream)


def test_release_swap_loses_no_request(cluster, generations, tmp_path):
    proxy, old, new = cluster
    port = int(proxy.url.rsplit(":", 1)[1])
    new.extend(start_replicas(tmp_path, generations[1], 2))
    steps: list[str] = []

    def swap():
        # One replica at a time: [old0, old1] -> [new0, old1] -> [new0, new1], stopping each old one
        # after nginx has moved off it (old nginx workers finish their requests first).
        for i in range(2):
            upstream = [port_of(s) for s in new[: i + 1]] + [port_of(s) for s in old[i + 1 :]]
            proxy.reload(ansvar_conf(port, upstream))
            time.sleep(1.0)
            stop_server(old[i])
            steps.append(f"upstream {upstream}, stopped replica on {port_of(old[i])}")

    result = run_load(proxy.url, 400, during=swap, at=50)
    after = run_load(proxy.url, 50)
    print("\n" + result.line("release swap during load") + "\n" + after.line("after the swap"))
    print("\n".join(steps))
    for failure in result.failures + after.failures:
        print("  ", failure)
    assert len(steps) == 2 and all(s.process.poll() is not None for s in old)
    assert result.failures == [] and after.failures == []
    assert all(len(s.log.read_text().splitlines()) > 10 for s in new)  # the new release serves
