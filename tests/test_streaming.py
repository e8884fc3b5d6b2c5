"""What grows with the data is streamed: dumps are written from the store into files and sent
from them, and large SPARQL results reach the client from the worker's file, every row."""

from __future__ import annotations

import gzip
import hashlib
import tracemalloc

import httpx
import pyoxigraph as ox
import pytest
from ansvar.dumps import write_dumps
from ansvar.namespaces import PREFIXES
from ansvar.store.embedded import EmbeddedStore
from conftest import start_server, stop_server

EX = "https://example.org/stream/"
ITEMS = 30_000  # three triples each, in two graphs, one of them in both: about 90 k quads
XSD_INT = "http://www.w3.org/2001/XMLSchema#integer"
SELECT_ALL = f"SELECT ?s ?label WHERE {{ ?s <{EX}label> ?label }}"


def big_quads() -> list[ox.Quad]:
    quads = []
    for i in range(ITEMS):
        s = ox.NamedNode(f"{EX}item/{i}")
        g = ox.NamedNode(EX + ("graph/a" if i % 2 else "graph/b"))
        quads.append(ox.Quad(s, ox.NamedNode(EX + "label"), ox.Literal(f"sak {i}\nrad två", language="sv"), g))
        quads.append(ox.Quad(s, ox.NamedNode(EX + "n"), ox.Literal(str(i), datatype=ox.NamedNode(XSD_INT)), g))
        shared = ox.Quad(s, ox.NamedNode(EX + "kind"), ox.NamedNode(EX + "Item"), ox.NamedNode(EX + "graph/a"))
        quads.append(shared)
        if i % 2 == 0:  # the same triple in the other graph: once in the union, twice in TriG
            quads.append(ox.Quad(shared.subject, shared.predicate, shared.object, ox.NamedNode(EX + "graph/b")))
    return quads


@pytest.fixture(scope="module")
def big_store_dir(tmp_path_factory, built):
    """The shipped graph plus the large example graphs, as an on-disk store."""
    store_dir = tmp_path_factory.mktemp("big-store") / "store"
    extra = ox.serialize(big_quads(), format=ox.RdfFormat.N_QUADS)
    EmbeddedStore.write_directory(store_dir, built.store.dump("application/n-quads") + extra).close()
    return store_dir


def independent_union_ntriples(store: EmbeddedStore) -> set[bytes]:
    """The union's N-Triples lines, made here from the quads (not by the dump code)."""
    quads = ox.parse(store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS)
    triples = {q.triple for q in quads}
    return set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines())


def without_comments(body: bytes) -> bytes:
    return b"".join(line for line in body.splitlines(keepends=True) if not line.startswith(b"# "))


def test_dumps_are_written_without_the_graph_in_python_memory(tmp_path):
    store = EmbeddedStore.in_memory(ox.serialize(big_quads(), format=ox.RdfFormat.N_QUADS))
    tracemalloc.start()
    try:
        manifest = write_dumps(store, tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    largest = max(f.bytes for f in manifest.files)
    assert largest > 8 * 2**20  # the dumps are large against the bound below
    assert peak < 2 * 2**20, f"Python allocated {peak / 2**20:.1f} MiB at peak for dumps of {largest / 2**20:.0f} MiB"
    assert manifest.quads == 3 * ITEMS + ITEMS // 2 and manifest.triples == 3 * ITEMS
    for f in manifest.files:
        data = (tmp_path / f.name).read_bytes()
        assert len(data) == f.bytes and hashlib.sha256(data).hexdigest() == f.sha256
    nt = gzip.decompress((tmp_path / "ansvar.nt.gz").read_bytes())
    assert set(without_comments(nt).splitlines()) == independent_union_ntriples(store)
    for name, fmt in (("ansvar.ttl", ox.RdfFormat.TURTLE), ("ansvar.jsonld", ox.RdfFormat.JSON_LD)):
        parsed = list(ox.parse((tmp_path / name).read_bytes(), format=fmt))
        assert all(q.graph_name == ox.DefaultGraph() for q in parsed), f"{name} names graphs"
        union = set(ox.serialize([q.triple for q in parsed], format=ox.RdfFormat.N_TRIPLES).splitlines())
        assert union == independent_union_ntriples(store), name  # the union of the graphs
    # TriG: exactly what pyoxigraph writes for the store's quads, after the licence header.
    trig = without_comments((tmp_path / "ansvar.trig").read_bytes())
    quads = list(ox.parse(store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS))
    assert trig == ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)


@pytest.fixture(scope="module")
def big_server(tmp_path_factory, big_store_dir):
    srv = start_server(tmp_path_factory.mktemp("big-server"), "--store-dir", str(big_store_dir))
    yield srv
    stop_server(srv)


def test_a_large_dump_is_served_from_its_file(big_server, big_store_dir):
    manifest = big_server.get("/download/manifest.json").json()
    entry = next(f for f in manifest["files"] if f["name"] == "ansvar.nt.gz")
    with httpx.stream("GET", big_server.url + "/download/ansvar.nt.gz", timeout=120) as r:
        assert r.status_code == 200
        assert int(r.headers["content-length"]) == entry["bytes"]
        chunks = list(r.iter_raw())
    body = b"".join(chunks)
    assert len(chunks) > 1 and len(body) == entry["bytes"]
    assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    store = EmbeddedStore.open_directory(big_store_dir)
    try:
        expected = independent_union_ntriples(store)
    finally:
        store.close()
    assert set(without_comments(gzip.decompress(body)).splitlines()) == expected


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"])
def test_every_row_of_a_large_result_arrives(big_server, big_store_dir, accept):
    r = big_server.get("/sparql", params={"query": SELECT_ALL}, headers={"Accept": accept})
    assert r.status_code == 200, r.text[:300]
    assert "X-Ansvar-Result-Truncated" not in r.headers
    assert int(r.headers["content-length"]) == len(r.content) > 2**20  # sent from the worker's file
    store = EmbeddedStore.open_directory(big_store_dir)
    try:  # the same query serialised by pyoxigraph directly, in the same format
        fmt = {"application/sparql-results+json": "json", "text/csv": "csv", "application/sparql-results+xml": "xml"}
        direct = store.evaluate(SELECT_ALL)
        assert isinstance(direct, ox.QuerySolutions)
        expected = direct.serialize(format=ox.QueryResultsFormat.from_extension(fmt[accept]))
    finally:
        store.close()
    assert r.content == expected


def test_a_large_construct_arrives_whole(big_server):
    query = f"CONSTRUCT {{ ?s <{EX}label> ?l }} WHERE {{ ?s <{EX}label> ?l }}"
    r = big_server.get("/sparql", params={"query": query}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    assert len(r.content.splitlines()) == ITEMS
