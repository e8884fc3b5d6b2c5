"""Queries proven cheap by their parse tree, and their answers without a worker (ansvar.cheap_queries)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from ansvar.cheap_queries import MAX_BYTES, answer_directly
from ansvar.sparql_guard import query_verdict
from ansvar.store.base import SOLUTION_TYPES
from ansvar.store.embedded import RESULT_FORMATS, EmbeddedStore
from ansvar.store.query_pool import run_user_query

ORG = "https://w3id.org/ansvar/id/org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
GRAPH = "https://w3id.org/ansvar/graph/"
# The same label in two graphs (the union default graph gives it twice), a tab to escape, and
# one literal longer than an answer given without a worker.
NQUADS = f"""<{ORG}lansstyrelsen-10> <{SKOS}prefLabel> "Länsstyrelsen i Blekinge län"@sv <{GRAPH}a> .
<{ORG}lansstyrelsen-10> <{SKOS}prefLabel> "County Board"@en <{GRAPH}a> .
<{ORG}lansstyrelsen-10> <{SKOS}prefLabel> "County Board"@en <{GRAPH}b> .
<{ORG}lansstyrelsen-10> <{SKOS}note> "tab\there" <{GRAPH}b> .
<{ORG}big> <{SKOS}note> "{"x" * MAX_BYTES}" <{GRAPH}a> .
"""

CHEAP = [
    f"SELECT ?label WHERE {{ <{ORG}lansstyrelsen-10> skos:prefLabel ?label }}",
    f"PREFIX s: <{SKOS}>\nSELECT * WHERE {{ <{ORG}lansstyrelsen-10> ?p ?o }} LIMIT 2",
    f'SELECT ?p WHERE {{ <{ORG}lansstyrelsen-10> ?p "County Board"@en }}',
    f"ASK {{ <{ORG}lansstyrelsen-10> a ?type }}",
    f"SELECT ?note WHERE {{ <{ORG}lansstyrelsen-10> skos:note ?note }}",
    f"SELECT ?o WHERE {{ <{ORG}nobody> <{SKOS}prefLabel> ?o }}",
    "BASE <https://w3id.org/ansvar/id/org/>\nSELECT ?o WHERE { <lansstyrelsen-10> skos:prefLabel ?o . }",
]
NOT_CHEAP = {
    "a property path": f"SELECT ?o WHERE {{ <{ORG}x> skos:broader/skos:prefLabel ?o }}",
    "an inverse path": f"SELECT ?o WHERE {{ <{ORG}x> ^skos:broader ?o }}",
    "a path with a modifier": f"SELECT ?o WHERE {{ <{ORG}x> skos:broader* ?o }}",
    "a negated property set": f"SELECT ?o WHERE {{ <{ORG}x> !skos:broader ?o }}",
    "two patterns": f"SELECT ?o WHERE {{ <{ORG}x> skos:prefLabel ?o . <{ORG}y> skos:prefLabel ?o }}",
    "two objects": f"SELECT ?o WHERE {{ <{ORG}x> skos:prefLabel ?o , ?p }}",
    "a variable subject": "SELECT ?s WHERE { ?s skos:prefLabel ?o }",
    "a blank node subject": "SELECT ?o WHERE { [] skos:prefLabel ?o }",
    "a nested blank node": f"SELECT ?o WHERE {{ <{ORG}x> ?p [ skos:prefLabel ?o ] }}",
    "a repeated variable": f"SELECT ?p WHERE {{ <{ORG}x> ?p ?p }}",
    "a FILTER with a regex": f'SELECT ?o WHERE {{ <{ORG}x> skos:prefLabel ?o FILTER(REGEX(?o, "(a+)+$")) }}',
    "a projected expression": f"SELECT (STR(?o) AS ?s) WHERE {{ <{ORG}x> skos:prefLabel ?o }}",
    "an aggregate": f"SELECT (COUNT(*) AS ?n) WHERE {{ <{ORG}x> ?p ?o }}",
    "DISTINCT": f"SELECT DISTINCT ?o WHERE {{ <{ORG}x> ?p ?o }}",
    "ORDER BY": f"SELECT ?o WHERE {{ <{ORG}x> ?p ?o }} ORDER BY ?o",
    "OFFSET": f"SELECT ?o WHERE {{ <{ORG}x> ?p ?o }} LIMIT 1 OFFSET 5",
    "FROM": f"SELECT ?o FROM <{GRAPH}a> WHERE {{ <{ORG}x> ?p ?o }}",  # noqa: S608 - SPARQL, not SQL
    "GRAPH": f"SELECT ?o WHERE {{ GRAPH ?g {{ <{ORG}x> ?p ?o }} }}",
    "a nested group": f"SELECT ?o WHERE {{ {{ <{ORG}x> ?p ?o }} }}",
    "OPTIONAL": f"SELECT ?o WHERE {{ <{ORG}x> ?p ?o OPTIONAL {{ ?o ?q ?r }} }}",
    "BIND": f"SELECT ?o WHERE {{ <{ORG}x> ?p ?o BIND(1 AS ?one) }}",
    "VALUES": f"SELECT ?o WHERE {{ <{ORG}x> ?p ?o }} VALUES ?o {{ 1 }}",
    "a subquery": f"SELECT ?o WHERE {{ {{ SELECT ?o WHERE {{ <{ORG}x> ?p ?o }} }} }}",
    "CONSTRUCT": f"CONSTRUCT WHERE {{ <{ORG}x> ?p ?o }}",
    "DESCRIBE": f"DESCRIBE <{ORG}x>",
}


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return EmbeddedStore.in_memory(NQUADS.encode())


@pytest.mark.parametrize("query", CHEAP)
def test_one_pattern_with_a_constant_subject_is_proven_cheap(query: str) -> None:
    assert query_verdict(query).cheap


@pytest.mark.parametrize("shape", sorted(NOT_CHEAP))
def test_any_other_shape_is_not(shape: str) -> None:
    assert not query_verdict(NOT_CHEAP[shape]).cheap


def _solutions(body: bytes, media_type: str) -> list[list[str | None]] | list[bytes] | bool:
    if media_type == "text/csv":  # pyoxigraph reads no CSV (it loses the term types): the lines
        return body.splitlines()
    parsed = ox.parse_query_results(body, format=RESULT_FORMATS[media_type])
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    return [[str(term) if term is not None else None for term in row] for row in parsed]


@pytest.mark.parametrize("media_type", SOLUTION_TYPES)
@pytest.mark.parametrize("query", CHEAP)
def test_the_answer_without_a_worker_is_the_workers(store: EmbeddedStore, query: str, media_type: str) -> None:
    base = "http://service.example/sparql"
    verdict = query_verdict(query)
    direct = answer_directly(store, query, media_type, 100_000, verdict.presets, base)
    worker = run_user_query(store, query, (media_type, "text/turtle"), None, None, 100_000, 64, base)
    assert direct is not None and worker.cheap_presets == verdict.presets
    assert (direct.kind, direct.media_type) == (worker.result.kind, worker.result.media_type)
    assert _solutions(direct.body, media_type) == _solutions(worker.result.body, media_type)


def test_an_answer_longer_than_the_bound_is_left_to_a_worker(store: EmbeddedStore) -> None:
    query = f"SELECT ?note WHERE {{ <{ORG}big> skos:note ?note }}"
    presets = query_verdict(query).presets
    assert answer_directly(store, query, SOLUTION_TYPES[0], 100_000, presets, None) is None
    small = f"SELECT ?label WHERE {{ <{ORG}lansstyrelsen-10> skos:prefLabel ?label }}"
    assert answer_directly(store, small, SOLUTION_TYPES[0], 100_000, presets, None) is not None


def test_with_a_row_cap_below_the_bound_nothing_is_answered_without_a_worker(store: EmbeddedStore) -> None:
    # An answer of at most MAX_BYTES bytes cannot have more rows than a cap of MAX_BYTES or more.
    query = f"SELECT ?label WHERE {{ <{ORG}lansstyrelsen-10> skos:prefLabel ?label }}"
    presets = query_verdict(query).presets
    assert answer_directly(store, query, SOLUTION_TYPES[0], MAX_BYTES - 1, presets, None) is None
    assert answer_directly(store, query, SOLUTION_TYPES[0], MAX_BYTES, presets, None) is not None
