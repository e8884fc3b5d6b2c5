"""The GraphStore contract on the embedded store: what every page and API relies on."""

from __future__ import annotations

import json

import pytest
from ansvar.store import QuerySyntaxError, ResultKind
from ansvar.store.embedded import EmbeddedStore
from rdflib import Dataset, Graph

from .conftest import ANS, GRAPH, ID


def test_select_reads_the_union_of_named_graphs(tiny_store: EmbeddedStore) -> None:
    rows = tiny_store.select("SELECT ?x WHERE { ?x a ?c } ORDER BY ?x")
    assert [r["x"]["value"] for r in rows] == [f"{ID}county/10", f"{ID}org/lansstyrelsen-10"]


def test_select_on_chosen_default_graphs(tiny_store: EmbeddedStore) -> None:
    result = tiny_store.query("SELECT ?x WHERE { ?x a ?c }", default_graphs=[f"{GRAPH}reference"])
    assert result.kind == ResultKind.SOLUTIONS
    assert [b["x"]["value"] for b in json.loads(result.body)["results"]["bindings"]] == [f"{ID}county/10"]


def test_ask(tiny_store: EmbeddedStore) -> None:
    assert tiny_store.ask(f"ASK {{ <{ID}county/10> a <{ANS}County> }}")
    assert not tiny_store.ask(f"ASK {{ <{ID}county/10> a <{ANS}Municipality> }}")


def test_construct_in_the_format_asked(tiny_store: EmbeddedStore) -> None:
    result = tiny_store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept=("application/sparql-results+json", "text/turtle")
    )
    assert result.kind == ResultKind.GRAPH and result.media_type.startswith("text/turtle")
    assert len(Graph().parse(data=result.body, format="turtle")) == 4


def test_named_graphs(tiny_store: EmbeddedStore) -> None:
    assert sorted(tiny_store.named_graphs()) == [f"{GRAPH}reference", f"{GRAPH}source/tiny"]


def test_dump_and_dump_graph(tiny_store: EmbeddedStore) -> None:
    dataset = Dataset()
    dataset.parse(data=tiny_store.dump("application/n-quads"), format="nquads")
    assert len(dataset) == 4
    one = tiny_store.dump_graph(f"{GRAPH}reference", "application/n-triples")
    assert one is not None and len(Graph().parse(data=one, format="nt")) == 2
    assert tiny_store.dump_graph(f"{GRAPH}nothing", "application/n-triples") is None


def test_a_syntax_error_is_a_query_syntax_error(tiny_store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError):
        tiny_store.query("SELEC ?x WHERE { ?x ?p ?o }")
