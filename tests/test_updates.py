"""Protected updates: off by default; with a token, validated, atomic and logged."""

from __future__ import annotations

import json

import pyoxigraph as ox
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
    r = writable.post("/sparql", content=GOOD.encode(), headers={**AUTH, "Content-Type": "application/sparql-update"})
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
    r = writable.post(
        "/sparql",
        params={"using-named-graph-uri": TEST_GRAPH},
        content=GOOD.encode(),
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert r.status_code == 400 and "using-named-graph-uri" in r.text


def test_update_syntax_error_is_400(writable):
    r = writable.post("/sparql", data={"update": "INSERT DATA { <a> "}, headers=AUTH)
    assert r.status_code == 400 and "syntax" in r.text.lower()


def test_an_update_may_use_the_preset_prefixes_undeclared(writable):
    update = f'INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{ id:county\\/10 skos:hiddenLabel "förinställda prefix"@sv }} }}'
    r = writable.post("/sparql", data={"update": update}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert _ask(writable, f'ASK {{ <{COUNTY}> skos:hiddenLabel "förinställda prefix"@sv }}')


def test_an_update_with_an_unknown_prefix_is_400_with_its_position(writable):
    r = writable.post("/sparql", data={"update": "INSERT DATA { <urn:a> foo:p 1 }"}, headers=AUTH)
    assert r.status_code == 400 and r.text.startswith('SPARQL Update: unknown prefix "foo:" at line 1, column 23')


def test_load_is_refused_without_connecting(writable):
    listener = _Listener()
    try:
        r = writable.post("/sparql", data={"update": f"LOAD <http://127.0.0.1:{listener.port}/x.ttl>"}, headers=AUTH)
        assert r.status_code == 403 and "LOAD" in r.text
        assert listener.connections == 0
    finally:
        listener.close()


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <http://127.0.0.1:{port}/x.ttl>",
        "load silent <http://127.0.0.1:{port}/x.ttl> into graph <https://w3id.org/ansvar/graph/source/x>",
        "INSERT {{ ?s ?p ?o }} WHERE {{ ?a ?b ?c .SERVICE <http://127.0.0.1:{port}/s> {{ ?s ?p ?o }} }}",
        "PREFIX x: <http://e/>\nINSERT {{ ?s ?p ?o }} WHERE {{ ?a ?b x:a\\# SERVICE <http://127.0.0.1:{port}/s> "
        "{{ ?s ?p ?o }} }}",
    ],
)
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
    r = writable.put(
        "/store", params={"graph": graph}, content=turtle.encode(), headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert r.status_code == 200, r.text
    got = writable.get("/store", params={"graph": graph}, headers={"Accept": "text/turtle"})
    g = Graph().parse(data=got.text, format="turtle")
    assert (URIRef(COUNTY), SKOS.hiddenLabel, Literal("BLE", lang="sv")) in g and len(g) == 1
    more = f'<{COUNTY}> <http://www.w3.org/2004/02/skos/core#hiddenLabel> "BLK"@sv .'
    r = writable.post(
        "/store", params={"graph": graph}, content=more.encode(), headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert r.status_code == 200, r.text
    got = writable.get("/store", params={"graph": graph}, headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=got.text, format="nt")) == 2
    assert (
        writable.put(
            "/store", params={"graph": graph}, content=b"<a> <b", headers={**AUTH, "Content-Type": "text/turtle"}
        ).status_code
        == 400
    )
    assert (
        writable.put(
            "/store", params={"graph": graph}, content=b"x", headers={**AUTH, "Content-Type": "image/png"}
        ).status_code
        == 415
    )
    assert writable.delete("/store", params={"graph": graph}).status_code == 401
    assert writable.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 200
    assert writable.get("/store", params={"graph": graph}).status_code == 404
    kinds = [line["kind"] for line in _log_lines(writable)]
    assert kinds[-3:] == ["gsp-put", "gsp-post", "gsp-delete"]


def test_downloads_and_catalogue_follow_an_update(writable):
    before = writable.get("/download/manifest.json").json()
    catalog_before = writable.get("/catalog", headers={"Accept": "text/turtle"}).text
    label = "nedladdningstest"
    update = (
        f"INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{ <{COUNTY}> "
        f'<http://www.w3.org/2004/02/skos/core#hiddenLabel> "{label}"@sv }} }}'
    )
    assert writable.post("/sparql", data={"update": update}, headers=AUTH).status_code == 200
    after = writable.get("/download/manifest.json").json()
    assert after["triples"] == before["triples"] + 1
    assert label in writable.get("/download/ansvar.ttl").text
    catalog_after = writable.get("/catalog", headers={"Accept": "text/turtle"}).text
    sums = {f["sha256"] for f in after["files"]}
    assert all(s in catalog_after for s in sums) and not any(s in catalog_before for s in sums)


GRAPHS = "https://w3id.org/ansvar/graph/"
PROTECTED = [GRAPHS + name for name in ("ontology", "shapes", "inferred", "checks")]
SHAPES_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPHS}shapes> {{ ?s ?p ?o }} }}"


def _count(srv, q) -> int:
    return int(srv.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    "update",
    [
        f"DROP GRAPH <{GRAPHS}shapes>",
        "DROP ALL",
        f"CLEAR GRAPH <{GRAPHS}inferred>",
        f'INSERT DATA {{ GRAPH <{GRAPHS}ontology> {{ <{COUNTY}> <http://www.w3.org/2004/02/skos/core#note> "x" }} }}',
        "DELETE WHERE { GRAPH ?g { ?s a <http://www.w3.org/ns/shacl#NodeShape> } }",
        f"MOVE <{GRAPHS}checks> TO <{TEST_GRAPH}>",
    ],
)
def test_protected_graphs_cannot_be_updated(writable, update):
    before = _count(writable, SHAPES_COUNT)
    lines = _log_lines(writable)
    r = writable.post("/sparql", data={"update": update}, headers=AUTH)
    assert r.status_code == 403 and "cannot be written through the API" in r.text, r.text
    assert _count(writable, SHAPES_COUNT) == before > 0
    assert _log_lines(writable) == lines


@pytest.mark.parametrize("graph", PROTECTED)
def test_protected_graphs_cannot_be_written_with_the_graph_store_protocol(writable, graph):
    turtle = b"<urn:x:a> <urn:x:b> <urn:x:c> ."
    for method in ("PUT", "POST"):
        r = writable.put if method == "PUT" else writable.post
        got = r("/store", params={"graph": graph}, content=turtle, headers={**AUTH, "Content-Type": "text/turtle"})
        assert got.status_code == 403 and "cannot be written" in got.text
    assert writable.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 403
    assert writable.get("/store", params={"graph": graph}).status_code in (200, 404)
    assert not _ask(writable, "ASK { GRAPH ?g { <urn:x:a> ?p ?o } }")
    # After every attempt the gate still refuses a change that breaks a shape.
    assert writable.post("/sparql", data={"update": BAD}, headers=AUTH).status_code == 422


def test_inference_is_recomputed_for_updated_data(writable):
    statute = "https://w3id.org/ansvar/id/statute/update-test"
    update = (
        f"INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{ <{statute}> "
        "<http://data.europa.eu/eli/ontology#first_date_entry_in_force> "
        '"2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> } }'
    )
    r = writable.post("/sparql", data={"update": update}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert _ask(
        writable, f"ASK {{ GRAPH <{GRAPHS}inferred> {{ <{statute}> <https://w3id.org/ansvar/def#validFrom> ?d }} }}"
    )


def test_updates_are_gated_by_the_installation_shapes_not_the_stored_ones(tmp_path):
    """A store whose own shapes graph is empty still gets the checkout's gate."""
    from ansvar.build import run_build
    from ansvar.store.embedded import EmbeddedStore

    built = run_build()
    tampered = [
        q
        for q in ox.parse(built.store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS)
        if q.graph_name != ox.NamedNode(GRAPHS + "shapes")
    ]
    store_dir = tmp_path / "store"
    EmbeddedStore.write_directory(store_dir, ox.serialize(tampered, format=ox.RdfFormat.N_QUADS))
    srv = start_server(
        tmp_path,
        "--store-dir",
        str(store_dir),
        env={"ANSVAR_UPDATE_TOKEN": TOKEN, "ANSVAR_UPDATE_LOG": str(tmp_path / "u.jsonl")},
    )
    try:
        r = srv.post("/sparql", data={"update": BAD}, headers=AUTH)
        assert r.status_code == 422, r.text
        assert not _ask(srv, ASK_BAD)
        assert srv.post("/sparql", data={"update": GOOD}, headers=AUTH).status_code == 200
        assert _count(srv, SHAPES_COUNT) > 0  # the new generation carries the gate it was checked with
    finally:
        stop_server(srv)


def test_the_generation_an_update_makes_carries_the_configured_publisher(tmp_path):
    """The record written into each new store generation names the publisher the service is
    configured with, as the build's does (not the project's default)."""
    from ansvar.build import run_build
    from ansvar.catalog import Publication
    from ansvar.settings import Settings
    from ansvar.store.embedded import EmbeddedStore
    from ansvar.updates import UpdateManager

    settings = Settings(
        publisher_orgnr="202100-2163",  # Migrationsverket's organisation number (Bolagsverket)
        publisher_name="Migrationsverket",
        publisher_type="NationalAuthority",
        contact_email="oppnadata@example.se",
    )
    store_dir = tmp_path / "store"
    built = run_build(store_dir=store_dir, publication=Publication.from_settings(settings))
    assert built.store is not None
    manager = UpdateManager(
        built.store,
        store_dir=store_dir,
        log_path=tmp_path / "u.jsonl",
        on_commit=lambda _store: None,
        publication=Publication.from_settings(settings),
    )
    before = EmbeddedStore.live_generation(store_dir)
    manager.sparql_update(GOOD)
    after = EmbeddedStore.live_generation(store_dir)
    assert after is not None and after != before
    record = Graph().parse(after / "catalog.ttl")
    publisher = URIRef("http://dataportal.se/organisation/SE2021002163")
    assert (None, URIRef("http://purl.org/dc/terms/publisher"), publisher) in record
