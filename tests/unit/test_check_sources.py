"""CheckData's stores: the rule queries read one default graph that is exactly the data graphs'
union; the evidence query reads the named graphs of the store itself."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from ansvar.checks import CheckData
from ansvar.store.base import GraphStore, QueryResult
from ansvar.store.embedded import EmbeddedStore
from rdflib import Graph

ID = "https://w3id.org/ansvar/id/"
GRAPH = "https://w3id.org/ansvar/graph/"
P = "https://w3id.org/ansvar/def#p"

# A blank node stated in two data graphs, a triple in both, and the graphs the check must not see.
NQUADS = f"""
_:b1 <{P}> "one" <{GRAPH}source/a> .
_:b1 <{P}> "two" <{GRAPH}source/b> .
<{ID}x> <{P}> <{ID}y> <{GRAPH}source/a> .
<{ID}x> <{P}> <{ID}y> <{GRAPH}inferred> .
<{ID}shape> <{P}> "of the shapes" <{GRAPH}shapes> .
<{ID}finding> <{P}> "of the last report" <{GRAPH}checks> .
""".encode()

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _data() -> CheckData:
    return CheckData(EmbeddedStore.in_memory(NQUADS), Graph())


def _count(data: CheckData) -> int:
    return int(data.select(COUNT)[0]["n"]["value"])


def test_the_rules_see_the_union_of_the_data_graphs_only() -> None:
    data = _data()
    assert _count(data) == 3  # the shared triple once; nothing of graph/shapes or graph/checks
    rows = data.select(f"SELECT ?o WHERE {{ ?s <{P}> ?o }}")
    assert "of the shapes" not in {r["o"]["value"] for r in rows}
    assert not data.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")  # one default graph, no named ones


def test_a_blank_node_in_two_graphs_stays_one_node_with_the_stores_label() -> None:
    data = _data()
    rows = data.select(f'SELECT ?b WHERE {{ ?b <{P}> "one" , "two" }}')
    assert len(rows) == 1
    named = data.select_named(f'SELECT ?b WHERE {{ GRAPH ?g {{ ?b <{P}> "one" }} }}')
    assert rows[0]["b"] == named[0]["b"]  # a finding on it names the node the evidence query finds


def test_the_evidence_query_sees_which_named_graph_states_a_node() -> None:
    rows = _data().select_named(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{ID}x> ?p ?o }} }}")
    assert sorted(r["g"]["value"] for r in rows) == [GRAPH + "inferred", GRAPH + "source/a"]


def test_a_given_data_store_is_used_as_it_is() -> None:
    given = ox.Store()
    given.add(ox.Quad(ox.NamedNode(ID + "only"), ox.NamedNode(P), ox.Literal("here")))
    data = CheckData(EmbeddedStore.in_memory(NQUADS), Graph(), data_store=given)
    assert data.data_store is given
    assert _count(data) == 1


def test_the_copy_is_made_once() -> None:
    data = _data()
    assert data.data_store is data.data_store


class _Remote(GraphStore):
    """A store that is not embedded (as a remote SPARQL store): only its query and dump interface."""

    def __init__(self, store: EmbeddedStore):
        self._store = store

    def query(self, sparql: str, **kwargs: Any) -> QueryResult:
        return self._store.query(sparql, **kwargs)

    def named_graphs(self) -> list[str]:
        return self._store.named_graphs()

    def dump(self, media_type: str = "application/n-quads") -> bytes:
        return self._store.dump(media_type)


def test_a_remote_store_is_checked_on_a_local_copy_of_its_data_graphs() -> None:
    data = CheckData(_Remote(EmbeddedStore.in_memory(NQUADS)), Graph())
    assert _count(data) == 3
    assert len(data.select(f'SELECT ?b WHERE {{ ?b <{P}> "one" , "two" }}')) == 1
    rows = data.select_named(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{ID}x> ?p ?o }} }}")
    assert sorted(r["g"]["value"] for r in rows) == [GRAPH + "inferred", GRAPH + "source/a"]
