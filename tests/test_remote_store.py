"""A real `oxigraph serve` as the store: push the build, serve and query through it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from ansvar.store import QuerySyntaxError
from ansvar.store.remote import RemoteStore
from conftest import free_port, run_cli, start_server, stop_server
from rdflib import RDF, Graph, URIRef
from SPARQLWrapper import JSON, SPARQLWrapper

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("oxigraph") / "log"
    process = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("oxigraph serve did not start: " + log.read_text())
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def pushed(oxigraph_server):
    proc = run_cli("build", "--push", oxigraph_server + "/store")
    assert proc.returncode == 0, proc.stderr
    assert "pushed" in proc.stdout
    return oxigraph_server


def test_push_loads_every_named_graph(pushed, built):
    remote = RemoteStore(pushed + "/query", pushed + "/store")
    assert set(remote.named_graphs()) == set(built.triples_per_graph())
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/ansvar/def#MunicipalArea> }"
    assert remote.select(q)[0]["n"]["value"] == "290"


def test_remote_syntax_error_is_a_query_syntax_error(pushed):
    with pytest.raises(QuerySyntaxError):
        RemoteStore(pushed + "/query").query("SELECT WHERE {")


def test_query_command_against_remote_endpoint(pushed):
    proc = run_cli("query", "SELECT ?c WHERE { ?c a ans:County }", "--format", "json", "--endpoint", pushed + "/query")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["results"]["bindings"]) == 21


def test_serve_over_remote_store(pushed, tmp_path):
    srv = start_server(tmp_path, "--endpoint", pushed + "/query", "--store-url", pushed + "/store")
    try:
        sw = SPARQLWrapper(srv.url + "/sparql")
        sw.setQuery("SELECT ?p WHERE { <https://w3id.org/ansvar/id/agreement/blekinge-2016-2018> "
                    "<https://w3id.org/ansvar/def#hasParty> ?p }")
        sw.setReturnFormat(JSON)
        parties = {b["p"]["value"] for b in sw.query().convert()["results"]["bindings"]}
        assert "https://w3id.org/ansvar/id/org/forsakringskassan" in parties and len(parties) == 11
        landing = srv.get("/")
        assert landing.status_code == 200 and "Blekinge" in landing.text
        # The Graph Store Protocol read goes to the remote store's /store.
        got = srv.get("/store", params={"graph": "https://w3id.org/ansvar/graph/reference"},
                      headers={"Accept": "application/n-triples"})
        assert got.status_code == 200, got.text
        triples = Graph().parse(data=got.text, format="nt")
        assert (URIRef("https://w3id.org/ansvar/id/county/10"), RDF.type,
                URIRef("https://w3id.org/ansvar/def#County")) in triples
        assert srv.get("/store", params={"graph": "https://w3id.org/ansvar/graph/none"}).status_code == 404
    finally:
        stop_server(srv)


def test_serve_over_remote_store_without_graph_store_url(pushed, tmp_path):
    srv = start_server(tmp_path, "--endpoint", pushed + "/query")
    try:
        got = srv.get("/store", params={"graph": "https://w3id.org/ansvar/graph/reference"})
        assert got.status_code == 501 and "--store-url" in got.text
    finally:
        stop_server(srv)


def test_remote_graph_store_errors_are_502_with_the_store_message(pushed, tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/store"
    srv = start_server(tmp_path, "--endpoint", pushed + "/query", "--store-url", dead)
    try:
        got = srv.get("/store", params={"graph": "https://w3id.org/ansvar/graph/reference"})
        assert got.status_code == 502 and dead in got.text and "did not answer" in got.text
    finally:
        stop_server(srv)


def test_unreachable_endpoint_is_a_clear_error():
    proc = run_cli("query", "ASK {}", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert proc.returncode == 2 and "no SPARQL endpoint answers" in proc.stderr
