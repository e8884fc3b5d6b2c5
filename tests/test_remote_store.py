"""A real `oxigraph serve` as the store: push the build, serve and query through it, and its failures."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from ansvar.namespaces import GRAPH_CHECKS, GRAPH_INFERRED, GRAPH_REFERENCE
from ansvar.questions import catalogue, expectation_problems
from ansvar.store import QuerySyntaxError
from ansvar.store.embedded import EmbeddedStore
from ansvar.store.remote import RemoteStore
from conftest import run_cli, start_server, stop_server
from nginx import start_nginx
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from servers import free_port, http_ready, start_process, stop_process
from SPARQLWrapper import JSON, SPARQLWrapper

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
STALE = b'<https://w3id.org/ansvar/id/stale> <https://w3id.org/ansvar/def#stale> "left from an earlier push" .\n'


def start_oxigraph(log: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ready = http_ready(url + "/query", {"query": "ASK {}"})
    process = start_process([OXIGRAPH, *args, "--bind", f"127.0.0.1:{port}"], ready, log=log, timeout=30)
    return process, url


def stop(process: subprocess.Popen) -> None:
    stop_process(process, timeout=10)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "log", "serve", "--union-default-graph")
    yield url
    stop(process)


def ntriples_graph(data: bytes | None) -> rdflib.Graph:
    assert data is not None
    return rdflib.Graph().parse(data=data, format="nt")


@pytest.fixture(scope="module")
def pushed(oxigraph_server, tmp_path_factory):
    """`ansvar build --store-dir DIR --push` onto a remote that already holds stale versions of two graphs."""
    remote = RemoteStore(oxigraph_server + "/query", oxigraph_server + "/store")
    remote.replace_graph(str(GRAPH_CHECKS), STALE)
    remote.replace_graph(str(GRAPH_REFERENCE), STALE)
    store_dir = tmp_path_factory.mktemp("pushed-store")
    proc = run_cli("build", "--store-dir", str(store_dir), "--push", oxigraph_server + "/store")
    assert proc.returncode == 0, proc.stderr
    return oxigraph_server, store_dir, proc.stdout


def test_push_replaces_every_graph_of_the_local_store(pushed):
    url, store_dir, stdout = pushed
    local = EmbeddedStore.open_directory(store_dir)  # read back from disk, not the build's graphs in memory
    remote = RemoteStore(url + "/query", url + "/store")
    graphs = local.named_graphs()
    assert str(GRAPH_CHECKS) in graphs and str(GRAPH_INFERRED) in graphs
    assert set(remote.named_graphs()) == set(graphs)
    for graph in graphs:
        mine, theirs = (
            ntriples_graph(local.dump_graph(graph, "application/n-triples")),
            ntriples_graph(remote.get_graph(graph)),
        )
        assert len(mine) > 0 and isomorphic(mine, theirs), graph  # the stale triple is gone
        assert f"  {graph}\n" in stdout  # the CLI lists each graph it replaced
    report = remote.select(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT (COUNT(*) AS ?n) WHERE { "
        f"GRAPH <{GRAPH_CHECKS}> {{ ?r a sh:ValidationResult }} }}"
    )
    assert int(report[0]["n"]["value"]) > 0
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/ansvar/def#MunicipalArea> }"
    assert remote.select(q)[0]["n"]["value"] == "290"


def test_failed_push_names_the_graphs_replaced_before_it(tmp_path):
    """nginx in front of Oxigraph refuses bodies over 300 kB: the check report (142 kB) goes through,
    the inferred graph (about 700 kB) is refused, and nothing after it is touched."""
    process, ox_url = start_oxigraph(tmp_path / "oxigraph.log", "serve", "--union-default-graph")
    port = free_port()
    proxy = start_nginx(
        tmp_path / "nginx",
        f"""
server {{
    listen 127.0.0.1:{port};
    client_max_body_size 300k;
    location / {{ proxy_pass {ox_url}; }}
}}""",
        port,
    )
    try:
        remote = RemoteStore(ox_url + "/query", ox_url + "/store")
        for graph in (GRAPH_CHECKS, GRAPH_INFERRED, GRAPH_REFERENCE):
            remote.replace_graph(str(graph), STALE)
        proc = run_cli("build", "--push", proxy.url + "/store")
        assert proc.returncode == 1
        assert "413" in proc.stderr and "Request Entity Too Large" in proc.stderr  # nginx's own answer
        assert f"refused <{GRAPH_INFERRED}>" in proc.stderr
        assert f"graphs replaced before the failure: <{GRAPH_CHECKS}>" in proc.stderr
        assert len(ntriples_graph(remote.get_graph(str(GRAPH_CHECKS)))) > 100  # replaced
        for untouched in (GRAPH_INFERRED, GRAPH_REFERENCE):
            assert len(ntriples_graph(remote.get_graph(str(untouched)))) == 1  # still the stale triple
    finally:
        proxy.stop()
        stop(process)


def test_push_to_a_read_only_store_shows_its_message(tmp_path):
    location = tmp_path / "ro"
    subprocess.run(
        [OXIGRAPH, "load", "--location", str(location), "--file", "/dev/stdin", "--format", "nt"],
        input=STALE,
        check=True,
        capture_output=True,
    )
    process, url = start_oxigraph(tmp_path / "log", "serve-read-only", "--location", str(location))
    try:
        proc = run_cli("build", "--push", url + "/store")
    finally:
        stop(process)
    assert proc.returncode == 1
    assert "403" in proc.stderr and "The server is read-only" in proc.stderr
    assert "graphs replaced before the failure: none" in proc.stderr


def test_push_to_a_store_that_is_down_is_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}/store"
    proc = run_cli("build", "--push", url)
    assert proc.returncode == 1
    assert f"the store at {url} refused the connection" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_remote_syntax_error_is_a_query_syntax_error(pushed):
    with pytest.raises(QuerySyntaxError):
        RemoteStore(pushed[0] + "/query").query("SELECT WHERE {")


def test_a_remote_store_resolves_relative_iris_against_the_base_given(pushed):
    store = RemoteStore(pushed[0] + "/query")
    query = "SELECT ?v WHERE { BIND(<x> AS ?v) }"
    own = "BASE <https://example.org/dir/>\n" + query
    bodies = [store.query(q, base_iri="http://service.example/sparql").body for q in (query, own)]
    values = [json.loads(body)["results"]["bindings"][0]["v"]["value"] for body in bodies]
    assert values == ["http://service.example/x", "https://example.org/dir/x"]


def test_query_command_against_remote_endpoint(pushed):
    proc = run_cli(
        "query", "SELECT ?c WHERE { ?c a ans:County }", "--format", "json", "--endpoint", pushed[0] + "/query"
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["results"]["bindings"]) == 21


def test_serve_over_remote_store(pushed, tmp_path):
    url = pushed[0]
    srv = start_server(tmp_path, "--endpoint", url + "/query", "--store-url", url + "/store")
    try:
        sw = SPARQLWrapper(srv.url + "/sparql")
        sw.setQuery(
            "SELECT ?p WHERE { <https://w3id.org/ansvar/id/agreement/blekinge-2016-2018> "
            "<https://w3id.org/ansvar/def#hasParty> ?p }"
        )
        sw.setReturnFormat(JSON)
        parties = {b["p"]["value"] for b in sw.query().convert()["results"]["bindings"]}
        assert "https://w3id.org/ansvar/id/org/forsakringskassan" in parties and len(parties) == 11
        landing = srv.get("/")
        assert landing.status_code == 200 and "Blekinge" in landing.text
        # The Graph Store Protocol read goes to the remote store's /store.
        got = srv.get(
            "/store",
            params={"graph": "https://w3id.org/ansvar/graph/reference"},
            headers={"Accept": "application/n-triples"},
        )
        assert got.status_code == 200, got.text
        triples = Graph().parse(data=got.text, format="nt")
        assert (
            URIRef("https://w3id.org/ansvar/id/county/10"),
            RDF.type,
            URIRef("https://w3id.org/ansvar/def#County"),
        ) in triples
        assert srv.get("/store", params={"graph": "https://w3id.org/ansvar/graph/none"}).status_code == 404
    finally:
        stop_server(srv)


def test_serve_over_remote_store_without_graph_store_url(pushed, tmp_path):
    srv = start_server(tmp_path, "--endpoint", pushed[0] + "/query")
    try:
        got = srv.get("/store", params={"graph": "https://w3id.org/ansvar/graph/reference"})
        assert got.status_code == 501 and "--store-url" in got.text
    finally:
        stop_server(srv)


def test_remote_graph_store_errors_are_502_with_the_store_message(pushed, tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/store"
    srv = start_server(tmp_path, "--endpoint", pushed[0] + "/query", "--store-url", dead)
    try:
        got = srv.get("/store", params={"graph": "https://w3id.org/ansvar/graph/reference"})
        assert got.status_code == 502 and dead in got.text and "refused the connection" in got.text
    finally:
        stop_server(srv)


def test_unreachable_endpoint_is_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}/query"
    proc = run_cli("query", "ASK {}", "--endpoint", url)
    assert proc.returncode == 2 and "no SPARQL endpoint answers" in proc.stderr
    assert "refused the connection" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_each_question_gives_its_expected_answer_on_oxigraph_server(name, pushed):
    url, _store_dir, _out = pushed
    q = catalogue()[name]
    assert expectation_problems(q, RemoteStore(url + "/query").select(q.bound())) == []


def test_preset_prefixes_reach_a_remote_store_declared(pushed, tmp_path):
    """Oxigraph server knows none of the presets: the query it gets must declare the ones used."""
    srv = start_server(tmp_path, "--endpoint", pushed[0] + "/query")
    try:
        preset = 'SELECT ?label WHERE { id:county\\/10 skos:prefLabel ?label FILTER(LANG(?label) = "sv") }'
        r = srv.post("/sparql", data={"query": preset}, headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200, r.text
        assert [b["label"]["value"] for b in r.json()["results"]["bindings"]] == ["Blekinge län"]
        own = "PREFIX skos: <http://example.org/not-skos#> ASK { ?s skos:prefLabel ?label }"
        assert srv.post("/sparql", data={"query": own}).json()["boolean"] is False
        unknown = srv.post("/sparql", data={"query": "ASK { ?s foo:p ?o }"})
        assert unknown.status_code == 400 and unknown.text.startswith('unknown prefix "foo:" at line 1, column 10')
    finally:
        stop_server(srv)
