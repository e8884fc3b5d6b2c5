"""Limits and safety of /sparql: time limit that really stops work, row cap, busy,
request size, no outgoing connections, CORS."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import psutil
import pytest
from conftest import start_server, stop_server

# Three-way cross product of the whole graph: minutes of work at ~50 k triples.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "ASK { ?s a <https://w3id.org/ansvar/def#County> }"


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    srv = start_server(
        tmp_path_factory.mktemp("limited"),
        "--timeout-s",
        "2",
        "--query-workers",
        "2",
        env={"ANSVAR_MAX_RESULT_ROWS": "50"},
    )
    yield srv
    stop_server(srv)


def _tree_cpu_percent(pid: int, seconds: float) -> float:
    procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    for p in procs:
        p.cpu_percent(None)
    time.sleep(seconds)
    total = 0.0
    for p in procs:
        try:
            total += p.cpu_percent(None)
        except psutil.NoSuchProcess:
            pass
    return total


def _busiest_child(pid: int, seconds: float) -> tuple[psutil.Process, float, float]:
    """The child using the most CPU, its CPU % and the most any other child used."""
    children = psutil.Process(pid).children(recursive=True)
    for c in children:
        c.cpu_percent(None)
    time.sleep(seconds)
    usage = []
    for c in children:
        try:
            usage.append((c.cpu_percent(None), c))
        except psutil.NoSuchProcess:
            pass
    usage.sort(key=lambda u: u[0], reverse=True)
    (cpu, child), rest = usage[0], [u[0] for u in usage[1:]]
    return child, cpu, max(rest, default=0.0)


def test_runaway_query_is_stopped_and_its_cpu_released(limited):
    outcome = {}

    def heavy():  # from another address: the pool keeps a worker for quick clients
        started = time.monotonic()
        transport = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=limited.url, timeout=60, transport=transport) as client:
            outcome["response"] = client.get("/sparql", params={"query": RUNAWAY})
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.5)
    # Meanwhile the server answers other requests, pages and queries alike.
    assert limited.get("/health").status_code == 200
    quick = limited.get("/sparql", params={"query": CHEAP})
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    worker, busy_cpu, others = _busiest_child(limited.process.pid, 1.0)
    # Relative to the other children, as other work on the machine may take CPU from it.
    assert busy_cpu > 20 and busy_cpu > 5 * others, f"the runaway query should keep one worker busy: {busy_cpu}%"
    thread.join(timeout=60)
    response = outcome["response"]
    assert response.status_code == 503
    assert "timeout" in response.text and "2 s" in response.text
    assert outcome["seconds"] < 10
    # The process that ran it is gone: it cannot spend CPU any more.
    time.sleep(0.5)
    assert not worker.is_running() or worker.status() == psutil.STATUS_ZOMBIE
    # And the server's process tree settles (a replacement worker loads, then idles);
    # a query left running would hold it near 100 % for minutes.
    deadline = time.monotonic() + 30
    idle_cpu = _tree_cpu_percent(limited.process.pid, 1.0)
    while idle_cpu >= 20 and time.monotonic() < deadline:
        idle_cpu = _tree_cpu_percent(limited.process.pid, 1.0)
    assert idle_cpu < 20, f"CPU still busy after the cut: {idle_cpu}%"
    # A replacement worker serves queries again.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        r = limited.get("/sparql", params={"query": CHEAP})
        if r.status_code == 200:
            break
        time.sleep(0.3)
    assert r.status_code == 200


@pytest.mark.parametrize(
    "accept,count_rows",
    [
        ("application/sparql-results+json", lambda r: len(r.json()["results"]["bindings"])),
        ("text/csv", lambda r: len(r.text.strip().splitlines()) - 1),
        ("text/tab-separated-values", lambda r: len(r.text.strip().splitlines()) - 1),
    ],
)
def test_row_cap_signals_truncation(limited, accept, count_rows):
    q = "SELECT ?m WHERE { ?m a <https://w3id.org/ansvar/def#MunicipalArea> }"
    r = limited.get("/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200
    assert count_rows(r) == 50
    assert r.headers["X-Ansvar-Result-Truncated"] == "true"
    assert r.headers["X-Ansvar-Result-Limit"] == "50"
    small = limited.get("/sparql", params={"query": q + " LIMIT 10"}, headers={"Accept": accept})
    assert count_rows(small) == 10 and "X-Ansvar-Result-Truncated" not in small.headers


def test_construct_is_capped_too(limited):
    q = (
        "CONSTRUCT { ?m a <https://w3id.org/ansvar/def#MunicipalArea> } "
        "WHERE { ?m a <https://w3id.org/ansvar/def#MunicipalArea> }"
    )
    r = limited.get("/sparql", params={"query": q}, headers={"Accept": "application/n-triples"})
    assert len(r.text.strip().splitlines()) == 50 and r.headers["X-Ansvar-Result-Truncated"] == "true"


def test_busy_pool_answers_503_with_retry_after(tmp_path):
    srv = start_server(tmp_path, "--timeout-s", "4", "--query-workers", "1", env={"ANSVAR_QUEUE_WAIT_S": "0.5"})
    try:
        thread = threading.Thread(target=lambda: srv.get("/sparql", params={"query": RUNAWAY}))
        thread.start()
        time.sleep(0.7)
        r = srv.get("/sparql", params={"query": CHEAP})
        assert r.status_code == 503 and r.headers["Retry-After"] == "5"
        assert "too many queries" in r.text
        thread.join(timeout=60)
    finally:
        stop_server(srv)


def test_quick_clients_find_a_worker_while_another_address_holds_the_rest(tmp_path):
    """Two workers, and one address sending two queries that run to the time limit: the
    second of them waits for a shared worker (and gives up), while another address's
    lookups take the worker kept back and are answered."""
    srv = start_server(tmp_path, "--timeout-s", "6", "--query-workers", "2", env={"ANSVAR_QUEUE_WAIT_S": "1"})
    heavy: dict[int, httpx.Response] = {}

    def send_runaway(i: int) -> None:
        transport = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=srv.url, timeout=60, transport=transport) as client:
            heavy[i] = client.get("/sparql", params={"query": RUNAWAY})

    try:
        first = threading.Thread(target=send_runaway, args=(0,))
        first.start()
        time.sleep(1.5)  # the first runaway query holds a worker and has run for over a second
        second = threading.Thread(target=send_runaway, args=(1,))
        second.start()
        time.sleep(0.3)
        quick = [srv.get("/sparql", params={"query": CHEAP}) for _ in range(5)]
        first.join(timeout=60)
        second.join(timeout=60)
    finally:
        stop_server(srv)
    assert [r.status_code for r in quick] == [200] * 5
    assert all(r.json()["boolean"] is True for r in quick)
    assert heavy[1].status_code == 503 and "kept for clients whose queries are quick" in heavy[1].text
    assert heavy[1].headers["Retry-After"] == "5"
    assert heavy[0].status_code == 503 and "query timeout" in heavy[0].text


def test_request_size_limits(limited):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    r = limited.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "larger than" in r.text
    long_url = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 9000
    r = limited.get("/sparql", params={"query": long_url})
    assert r.status_code == 414 and "POST" in r.text


class _Listener:
    """A loopback TCP listener that records whether anybody connected."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except (TimeoutError, OSError):
                continue

    def close(self):
        self._stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ service silent <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "PREFIX x: <http://127.0.0.1:{port}/>\nSELECT * WHERE {{ ?a ?b ?c SERVICE x:sparql {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_without_any_connection(limited, template):
    listener = _Listener()
    try:
        r = limited.get("/sparql", params={"query": template.format(port=listener.port)})
        assert r.status_code == 403 and "SERVICE" in r.text
        time.sleep(0.5)
        assert listener.connections == 0
    finally:
        listener.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ ?s ?p ?o .SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} }}",
        "PREFIX x: <http://e/>\nSELECT * WHERE {{ ?s ?p x:a\\# SERVICE <http://127.0.0.1:{port}/s> {{ ?a ?b ?c }} }}",
        "PREFIX x: <http://e/>\nSELECT * WHERE {{ ?s ?p x:a\\' SERVICE <http://127.0.0.1:{port}/s> {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ FILTER(1<2)SERVICE?s#>\n {{ ?a ?b ?c }} }}",
        "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/s> AS ?x) SERVICE ?x {{ ?a ?b ?c }} }}",
    ],
)
def test_service_spellings_past_a_text_check_are_refused(limited, template):
    listener = _Listener()
    try:
        for send in (
            lambda q: limited.get("/sparql", params={"query": q}),
            lambda q: limited.post("/sparql", content=q.encode(), headers={"Content-Type": "application/sparql-query"}),
        ):
            r = send(template.format(port=listener.port))
            assert r.status_code in (400, 403), r.text
        time.sleep(0.5)
        assert listener.connections == 0
    finally:
        listener.close()


def test_deep_nesting_is_400_and_the_connection_stays_usable(limited):
    with httpx.Client(base_url=limited.url, timeout=60) as client:
        for depth in (3000, 5000):
            deep = "SELECT * WHERE " + "{" * depth + "}" * depth
            r = client.post("/sparql", content=deep.encode(), headers={"Content-Type": "application/sparql-query"})
            assert r.status_code == 400 and "deep" in r.text
            r = client.get("/sparql", params={"query": CHEAP})
            assert r.status_code == 200 and r.json()["boolean"] is True


def test_a_worker_that_dies_is_503_and_the_connection_stays_usable(limited):
    outcome = {}
    with httpx.Client(base_url=limited.url, timeout=60) as client:
        thread = threading.Thread(
            target=lambda: outcome.setdefault("r", client.get("/sparql", params={"query": RUNAWAY}))
        )
        thread.start()
        time.sleep(1.0)
        workers = [
            c
            for c in psutil.Process(limited.process.pid).children(recursive=True)
            if "spawn_main" in " ".join(c.cmdline()) and "resource_tracker" not in " ".join(c.cmdline())
        ]
        assert workers
        for worker in workers:  # as the kernel's OOM killer or a crash would
            worker.kill()
        thread.join(timeout=60)
        assert outcome["r"].status_code == 503 and "worker" in outcome["r"].text
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            r = client.get("/sparql", params={"query": CHEAP})  # the same keep-alive client
            if r.status_code == 200:
                break
            time.sleep(0.3)
        assert r.status_code == 200 and r.json()["boolean"] is True


def test_from_selects_store_graphs_only_and_fetches_nothing(limited):
    listener = _Listener()
    try:
        # SPARQL, not SQL: S608 is a false positive here.
        q = f"SELECT * FROM <http://127.0.0.1:{listener.port}/data.ttl> WHERE {{ ?s ?p ?o }} LIMIT 1"  # noqa: S608
        r = limited.get("/sparql", params={"query": q})
        assert r.status_code == 200 and r.json()["results"]["bindings"] == []
        q = (
            "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/ansvar/graph/reference> "
            "WHERE { ?c a <https://w3id.org/ansvar/def#County> }"
        )
        assert limited.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"] == "21"
        time.sleep(0.5)
        assert listener.connections == 0
    finally:
        listener.close()


def test_cors_preflight_head_and_options(limited):
    pre = httpx.options(
        limited.url + "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] in ("*", "https://example.org")
    assert "POST" in pre.headers["access-control-allow-methods"]
    r = limited.get("/sparql", params={"query": CHEAP}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] in ("*", "https://example.org")
    head = httpx.head(limited.url + "/sparql", params={"query": CHEAP})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"].startswith("application/sparql-results+json")
