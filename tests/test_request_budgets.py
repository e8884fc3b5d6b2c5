"""Work an anonymous client can cause is bounded: /checks in the killable pool and cached,
a memory cap per worker, a deadline for receiving a request, a per-client time budget."""

from __future__ import annotations

import datetime as dt
import socket
import threading

import pytest
from ansvar.settings import Settings
from ansvar.store.query_pool import QueryPool
from ansvar.web.checks import ChecksService
from conftest import start_server, stop_server

CHEAP = "ASK { ?s a <https://w3id.org/ansvar/def#County> }"
# Sorting a three-way cross product of the graph must materialise it: memory grows fast.
HUNGRY = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c LIMIT 1"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def bounded(tmp_path_factory):
    srv = start_server(
        tmp_path_factory.mktemp("bounded"),
        "--timeout-s",
        "20",
        "--query-workers",
        "2",
        env={
            "ANSVAR_WORKER_MEMORY_BYTES": str(2**30),
            "ANSVAR_REQUEST_READ_TIMEOUT_S": "1",
            "ANSVAR_QUEUE_WAIT_S": "60",
        },
    )
    yield srv
    stop_server(srv)


def test_checks_reports_run_in_the_pool_and_are_cached_per_generation_and_date(store):
    pool = QueryPool.for_store(store, None, 1)
    try:
        service = ChecksService(cache_size=2)
        settings = Settings()
        first = service.report_for(store, dt.date(2017, 6, 30), pool, settings)
        assert first.as_of == dt.date(2017, 6, 30) and first.rules
        # The same date and generation: the very same report, not another run in a worker.
        assert service.report_for(store, dt.date(2017, 6, 30), pool, settings) is first
        service.report_for(store, dt.date(2019, 1, 1), pool, settings)
        service.report_for(store, dt.date(2020, 1, 1), pool, settings)  # the cache holds two: 2017 goes
        again = service.report_for(store, dt.date(2017, 6, 30), pool, settings)
        assert again is not first and again.to_json() == first.to_json()
    finally:
        pool.close()


def test_concurrent_checks_for_new_dates_all_answer(bounded):
    answers: list[tuple[int, str | None]] = []

    def ask(day: int) -> None:
        r = bounded.get("/checks", params={"as_of": f"2018-03-{day:02d}", "format": "json"})
        answers.append((r.status_code, r.json()["filters"]["asOf"] if r.status_code == 200 else r.text))

    threads = [threading.Thread(target=ask, args=(day,)) for day in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert sorted(answers) == [(200, f"2018-03-{day:02d}") for day in range(1, 5)]


def test_a_query_over_the_worker_memory_cap_is_503_and_the_worker_replaced(bounded):
    r = bounded.post("/sparql", data={"query": HUNGRY})
    assert r.status_code == 503 and "memory limit of 1024 MiB" in r.text, r.text
    for _ in range(3):  # both workers answer again (the stopped one is replaced)
        r = bounded.get("/sparql", params={"query": CHEAP}, headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200 and r.json()["boolean"] is True


def test_a_request_not_received_in_time_is_closed(bounded):
    host, port = bounded.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as half_open:
        half_open.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # the headers never end
        assert half_open.recv(1024) == b""  # closed by the server, well before the socket timeout
    with socket.create_connection((host, int(port)), timeout=30) as silent:
        assert silent.recv(1024) == b""  # nothing sent at all
    assert bounded.get("/health").status_code == 200  # whole requests are answered as before


def test_a_client_over_its_time_budget_gets_429_with_retry_after(tmp_path):
    srv = start_server(tmp_path, "--timeout-s", "2", env={"ANSVAR_CLIENT_BUDGET_S": "1"})
    try:
        r = srv.post("/sparql", data={"query": RUNAWAY})
        assert r.status_code == 503  # stopped at the time limit: 2 s of this client's minute spent
        r = srv.get("/sparql", params={"query": CHEAP}, headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 429 and "try again" in r.text
        assert 1 <= int(r.headers["Retry-After"]) <= 60
        assert srv.get("/checks", params={"format": "json"}).status_code == 429
        assert srv.get("/health").status_code == 200  # cheap pages are not budgeted
    finally:
        stop_server(srv)
