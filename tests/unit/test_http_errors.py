"""Domain errors become HTTP answers in one place (web/errors.py), through FastAPI's TestClient."""

from __future__ import annotations

import pytest
from ansvar.settings import Settings
from ansvar.store.embedded import EmbeddedStore
from ansvar.web.app import create_app
from fastapi.testclient import TestClient

from .conftest import ID


@pytest.fixture
def client(tiny_store: EmbeddedStore) -> TestClient:
    return TestClient(create_app(tiny_store, Settings(isolate_queries=False)))


def test_a_good_query_is_answered(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x a ?c }"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 2


def test_bad_sparql_is_400_with_the_parsers_message_and_no_traceback(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELEC ?x WHERE { ?x ?p ?o }"})
    assert r.status_code == 400 and r.text.startswith("SPARQL syntax error")
    assert "Traceback" not in r.text


def test_unknown_resource_is_404(client: TestClient) -> None:
    assert client.get("/page/id/county/99", headers={"Accept": "text/html"}).status_code == 404
    assert client.get("/page/id/county/10").status_code == 200


def test_no_acceptable_format_is_406(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert client.get("/sparql", params={"query": "ASK {}", "format": "pdf"}).status_code == 406


def test_the_tiny_store_has_the_resource(tiny_store: EmbeddedStore) -> None:
    assert tiny_store.ask(f"ASK {{ <{ID}county/10> ?p ?o }}")
