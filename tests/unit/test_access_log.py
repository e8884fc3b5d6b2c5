"""web/access_log: one JSON line per request, with the status that was sent."""

from __future__ import annotations

import json
import logging

import pytest
from ansvar.settings import Settings
from ansvar.store.embedded import EmbeddedStore
from ansvar.web.app import create_app
from fastapi.testclient import TestClient


@pytest.fixture
def client(tiny_store: EmbeddedStore) -> TestClient:
    return TestClient(create_app(tiny_store, Settings(isolate_queries=False)))


def _entries(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "ansvar.access"]


def test_each_request_is_logged_with_its_status_path_and_sizes(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ansvar.access")
    client.get("/sparql", params={"query": "ASK {}"}, headers={"User-Agent": "probe/1"})
    client.get("/no/such/page")
    first, second = _entries(caplog)
    assert {k: first[k] for k in ("method", "path", "status", "user_agent", "client")} == {
        "method": "GET",
        "path": "/sparql",
        "status": 200,
        "user_agent": "probe/1",
        "client": "testclient",
    }
    assert first["query_bytes"] == len("query=ASK+%7B%7D") and isinstance(first["ms"], float)
    assert (second["path"], second["status"]) == ("/no/such/page", 404)


def test_a_refused_query_is_logged_with_the_refusal(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ansvar.access")
    r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"})
    assert r.status_code == 403
    assert [e["status"] for e in _entries(caplog)] == [403]
