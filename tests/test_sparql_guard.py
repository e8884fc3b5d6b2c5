"""The SPARQL guard decides on rdflib's parse, not on the text: a corpus of spellings,
the nesting bound, and the query workers' missing network behind it."""

from __future__ import annotations

import multiprocessing as mp
import time

import pytest
from ansvar.nesting import json_depth, rdf_text_depth
from ansvar.sparql_guard import Refused, check_query, check_update
from test_sparql_limits import _Listener

URL = "http://127.0.0.1:9/sparql"

# Each must be refused with 403 (it would reach another host) or 400 (cannot be checked).
REMOTE_QUERIES = [
    f"SELECT * WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o .SERVICE <{URL}> {{ ?a ?b ?c }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o.SERVICE <{URL}> {{ ?a ?b ?c }} }}",
    f"select * where {{ service <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SeRvIcE SILENT <{URL}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?x) SERVICE ?x { ?s ?p ?o } }",
    "PREFIX x: <http://127.0.0.1:9/>\nSELECT * WHERE { ?a ?b ?c SERVICE x:sparql { ?s ?p ?o } }",
    f"PREFIX x: <http://e/>\nSELECT * WHERE {{ ?s ?p x:a\\# SERVICE <{URL}> {{ ?a ?b ?c }} }}",
    f"PREFIX x: <http://e/>\nSELECT * WHERE {{ ?s ?p x:a\\' SERVICE <{URL}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE { FILTER(1<2)SERVICE?s#>\n { ?a ?b ?c } }",
    f"SELECT * WHERE {{ # comment\n SERVICE <{URL}> # SERVICE\n {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    f"ASK {{ GRAPH ?g {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"DESCRIBE ?s WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} GROUP BY ?s HAVING (EXISTS {{ ?s ?p ?o }})",
    f"LOAD <{URL}>",  # an update, not a query
    f"SELECT * WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }}",  # broken: cannot be checked
    "SELECT * WHERE { ?s ?p ?o } garbage",
]

# Each merely mentions the word: it runs.
HARMLESS_QUERIES = [
    "SELECT * WHERE { ?s ?p 'SERVICE <http://127.0.0.1:9/> { ?a ?b ?c }' }",
    'SELECT * WHERE { ?s ?p """LOAD <http://x/>\nSERVICE <http://x/>""" }',
    "SELECT * WHERE { ?s <http://e/SERVICE> ?o } # SERVICE <http://x/> { }",
    "PREFIX service: <http://e/>\nSELECT * WHERE { ?s service:x ?o }",
    "PREFIX e: <http://e/>\nSELECT ?service WHERE { ?service e:SERVICE ?load }",
    "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'SERVICE')) }",
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { OPTIONAL { { SELECT * { ?a ?b ?c FILTER EXISTS { ?d ?e ?f } } } } }",
    f"SELECT * WHERE {{ ?s ?p ?o }} VALUES ?x {{ 1 }} # }} SERVICE <{URL}> {{ }}\n",  # in a comment
]

REMOTE_UPDATES = [
    f"LOAD <{URL}>",
    f"load silent <{URL}> INTO GRAPH <http://e/g>",
    f"INSERT DATA {{ <http://e/a> <http://e/b> 'c' }} ; LOAD <{URL}>",
    f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o .SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { OPTIONAL { SERVICE SILENT ?x { ?s ?p ?o } } }",
    "INSERT DATA { <a> ",  # broken
]

HARMLESS_UPDATES = [
    "INSERT DATA { <http://e/a> <http://e/b> 'LOAD <http://x/> SERVICE' }",
    "PREFIX load: <http://e/>\nINSERT DATA { load:a load:service load:c }",
    "CLEAR GRAPH <http://e/g>",
    "DELETE WHERE { ?s <http://e/SERVICE> ?o }",
]


@pytest.mark.parametrize("query", REMOTE_QUERIES)
def test_remote_or_unparsable_queries_are_refused(query):
    with pytest.raises(Refused) as refused:
        check_query(query)
    assert refused.value.status in (400, 403)
    if "SERVICE" in query.upper() and refused.value.status == 403:
        assert "SERVICE" in refused.value.message


@pytest.mark.parametrize("query", HARMLESS_QUERIES)
def test_queries_that_only_mention_the_words_pass(query):
    check_query(query)


@pytest.mark.parametrize("update", REMOTE_UPDATES)
def test_remote_or_unparsable_updates_are_refused(update):
    with pytest.raises(Refused) as refused:
        check_update(update)
    assert refused.value.status == (400 if update.endswith("<a> ") else 403)


@pytest.mark.parametrize("update", HARMLESS_UPDATES)
def test_updates_that_only_mention_the_words_pass(update):
    check_update(update)


@pytest.mark.parametrize("depth", [65, 3000, 5000])
def test_deep_nesting_is_refused_before_parsing(depth):
    for text in (
        "SELECT * WHERE " + "{" * depth + "}" * depth,
        "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }",
    ):
        with pytest.raises(Refused) as refused:
            check_query(text)
        assert refused.value.status == 400 and "deep" in refused.value.message
    with pytest.raises(Refused):
        check_update("INSERT { ?s ?p ?o } WHERE " + "{" * depth + "?s ?p ?o" + "}" * depth)


def test_nesting_at_the_limit_parses():
    check_query("SELECT * WHERE " + "{" * 64 + "?s ?p ?o" + "}" * 64)


def test_a_long_flat_query_parses():
    check_query("SELECT * WHERE { " + " ".join(f"?s{i} <http://e/p> 'x{i}' ." for i in range(3000)) + " }")


def test_depth_scan_skips_strings_iris_and_comments_but_not_escapes():
    assert rdf_text_depth("SELECT * { ?s ?p '{{{' . ?s ?p \"(((\" } # {{{{") == 1
    assert rdf_text_depth("SELECT * { <http://e/{> ?p ?o }") == 2  # '{' is not in an IRI: counted
    assert rdf_text_depth("x:a\\# {{{") == 3  # an escaped '#' does not start a comment
    assert rdf_text_depth("'unterminated\n{{") == 2
    assert json_depth('{"a": [{"b": "]]]}}}"}]}') == 3


def _evaluate_service_in_worker(port: int, out) -> None:
    """What a query worker does, minus the guard: the network namespace alone must hold."""
    import pyoxigraph as ox
    from ansvar.sandbox import deny_network

    out.put(deny_network())
    try:
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"))
        out.put("evaluated")
    except Exception as err:  # the connection fails: that is the point
        out.put(type(err).__name__)


def test_query_worker_cannot_connect_even_without_the_guard():
    ctx = mp.get_context("spawn")
    listener = _Listener()
    try:
        out = ctx.Queue()
        proc = ctx.Process(target=_evaluate_service_in_worker, args=(listener.port, out))
        proc.start()
        isolated = out.get(timeout=60)
        outcome = out.get(timeout=60)
        proc.join(timeout=30)
        if not isolated:
            pytest.skip("network namespaces are not available here (not root)")
        time.sleep(0.3)
        assert listener.connections == 0, outcome
        assert outcome != "evaluated"
    finally:
        listener.close()


def test_without_isolation_the_probe_does_connect():
    """Control for the test above: the same evaluation in a normal process reaches the listener."""
    import pyoxigraph as ox

    listener = _Listener()
    try:
        try:
            list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/s> {{ ?s ?p ?o }} }}"))
        except Exception:  # noqa: S110 - the listener closes at once; only the connection counts
            pass
        time.sleep(0.3)
        assert listener.connections >= 1
    finally:
        listener.close()
