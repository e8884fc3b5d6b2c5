"""Protected updates: off by default; with a token, validated, atomic and logged."""

from __future__ import annotations

import json

import pytest
from conftest import start_server, stop_server
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from test_sparql_limits import _Listener

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COUNTY = "https://w3id.org/ansvar/id/county/10"
TEST_GRAPH = "https://w3id.org/ansvar/graph/source/update-test"
GOOD = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    f'INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{ <{COUNTY}> skos:hiddenLabel "uppdateringstest"@sv }} }}'
)
BAD = f"""PREFIX ans: <https://w3id.org/ansvar/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{
  <https://w3id.org/ansvar/id/responsibility/update-test/01> a ans:Responsibility ;
      skos:prefLabel "ansvar utan aktör"@sv .
}} }}"""
ASK_GOOD = f'ASK {{ <{COUNTY}> <http://www.w3.org/2004/02/skos/core#hiddenLabel> "uppdateringstest"@sv }}'
ASK_BAD = "ASK { <https://w3id.org/ansvar/id/responsibility/update-test/01> ?p ?o }"


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("writable")
    log = tmp / "updates.jsonl"
    srv = start_server(tmp, env={"ANSVAR_UPDATE_TOKEN": TOKEN, "ANSVAR_UPDATE_LOG": str(log)})
    srv.update_log = log
    yield srv
    stop_server(srv)


def _ask(srv, q) -> bool:
    return srv.get("/sparql", params={"query": q}).json()["boolean"]


def _log_lines(srv) -> list[dict]:
    if not srv.update_log.exists():
        return []
    return [json.loads(line) for line in srv.update_log.read_text().splitlines()]


def test_updates_are_off_without_a_token(server):
    r = server.post("/sparql", data={"update": GOOD}, headers=AUTH)
    assert r.status_code == 403 and "read-only" in r.text
    r = server.put("/store", params={"graph": TEST_GRAPH}, content=b"", headers={**AUTH, "Content-Type": "text/turtle"})
    assert r.status_code == 403
    assert not _ask(server, ASK_GOOD)


def test_token_is_required_and_checked(writable):
    r = writable.post("/sparql", data={"update": GOOD})
    assert r.status_code == 401 and "Bearer" in r.text
    r = writable.post("/sparql", data={"update": GOOD}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403
    assert not _ask(writable, ASK_GOOD)
    assert _log_lines(writable) == []


def test_valid_update_is_committed_queryable_and_logged(writable):
    r = writable.post("/sparql", content=GOOD.encode(),
                      headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert r.status_code == 200, r.text
    assert r.json()["triples_after"] == r.json()["triples_before"] + 1
    assert _ask(writable, ASK_GOOD)  # through the restarted query workers
    lines = _log_lines(writable)
    assert lines[-1]["kind"] == "sparql-update" and lines[-1]["bytes"] == len(GOOD.encode())
    assert "time" in lines[-1]


def test_update_that_breaks_a_shape_is_422_and_changes_nothing(writable):
    before = _log_lines(writable)
    r = writable.post("/sparql", data={"update": BAD}, headers=AUTH)
    assert r.status_code == 422
    report = r.json()
    foci = {v["focus"] for v in report["violations"]}
    assert "https://w3id.org/ansvar/id/responsibility/update-test/01" in foci
    paths = {v["path"] for v in report["violations"]}
    assert "https://w3id.org/ansvar/def#actor" in paths
    assert not _ask(writable, ASK_BAD)
    assert _log_lines(writable) == before


def test_update_dataset_parameters_are_refused_not_ignored(writable):
    r = writable.post("/sparql", data={"update": GOOD, "using-graph-uri": TEST_GRAPH}, headers=AUTH)
    assert r.status_code == 400 and "using-graph-uri" in r.text
    r = writable.post("/sparql", params={"using-named-graph-uri": TEST_GRAPH}, content=GOOD.encode(),
                      headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert r.status_code == 400 and "using-named-graph-uri" in r.text


def test_update_syntax_error_is_400(writable):
    r = writable.post("/sparql", data={"update": "INSERT DATA { <a> "}, headers=AUTH)
    assert r.status_code == 400 and "syntax" in r.text.lower()


def test_load_is_refused_without_connecting(writable):
    listener = _Listener()
    try:
        r = writable.post("/sparql", data={"update": f"LOAD <http://127.0.0.1:{listener.port}/x.ttl>"}, headers=AUTH)
        assert r.status_code == 403 and "LOAD" in r.text
        assert listener.connections == 0
    finally:
        listener.close()


@pytest.mark.parametrize("template", [
    "LOAD <http://127.0.0.1:{port}/x.ttl>",
    "load silent <http://127.0.0.1:{port}/x.ttl> into graph <https://w3id.org/ansvar/graph/source/x>",
    "INSERT {{ ?s ?p ?o }} WHERE {{ ?a ?b ?c .SERVICE <http://127.0.0.1:{port}/s> {{ ?s ?p ?o }} }}",
    "PREFIX x: <http://e/>\nINSERT {{ ?s ?p ?o }} WHERE {{ ?a ?b x:a\\# SERVICE <http://127.0.0.1:{port}/s> "
    "{{ ?s ?p ?o }} }}",
])
def test_remote_updates_are_refused_without_connecting(writable, template):
    listener = _Listener()
    before = _log_lines(writable)
    try:
        r = writable.post("/sparql", data={"update": template.format(port=listener.port)}, headers=AUTH)
        assert r.status_code in (400, 403), r.text
        assert listener.connections == 0
        assert _log_lines(writable) == before
    finally:
        listener.close()


def test_deeply_nested_update_is_400_and_the_server_lives(writable):
    deep = "INSERT { ?s ?p ?o } WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
    r = writable.post("/sparql", data={"update": deep}, headers=AUTH)
    assert r.status_code == 400 and "deep" in r.text
    assert writable.process.poll() is None
    assert writable.get("/health").status_code == 200


def test_graph_store_protocol_put_get_delete(writable):
    graph = "https://w3id.org/ansvar/graph/source/gsp-test"
    turtle = f'<{COUNTY}> <http://www.w3.org/2004/02/skos/core#hiddenLabel> "BLE"@sv .'
    r = writable.put("/store", params={"graph": graph}, content=turtle.encode(),
                     headers={**AUTH, "Content-Type": "text/turtle"})
    assert r.status_code == 200, r.text
    got = writable.get("/store", params={"graph": graph}, headers={"Accept": "text/turtle"})
    g = Graph().parse(data=got.text, format="turtle")
    assert (URIRef(COUNTY), SKOS.hiddenLabel, Literal("BLE", lang="sv")) in g and len(g) == 1
    more = f'<{COUNTY}> <http://www.w3.org/2004/02/skos/core#hiddenLabel> "BLK"@sv .'
    r = writable.post("/store", params={"graph": graph}, content=more.encode(),
                      headers={**AUTH, "Content-Type": "text/turtle"})
    assert r.status_code == 200, r.text
    got = writable.get("/store", params={"graph": graph}, headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=got.text, format="nt")) == 2
    assert writable.put("/store", params={"graph": graph}, content=b"<a> <b",
                        headers={**AUTH, "Content-Type": "text/turtle"}).status_code == 400
    assert writable.put("/store", params={"graph": graph}, content=b"x",
                        headers={**AUTH, "Content-Type": "image/png"}).status_code == 415
    assert writable.delete("/store", params={"graph": graph}).status_code == 401
    assert writable.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 200
    assert writable.get("/store", params={"graph": graph}).status_code == 404
    kinds = [line["kind"] for line in _log_lines(writable)]
    assert kinds[-3:] == ["gsp-put", "gsp-post", "gsp-delete"]
