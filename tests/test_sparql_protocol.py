"""The SPARQL 1.1 Protocol on a real server, through SPARQLWrapper and httpx."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

ANS = "https://w3id.org/ansvar/def#"
COUNTY = URIRef(ANS + "County")
SELECT_COUNTIES = f"SELECT ?c WHERE {{ ?c a <{COUNTY}> }}"
CONSTRUCT_COUNTIES = f"CONSTRUCT {{ ?c a <{COUNTY}> }} WHERE {{ ?c a <{COUNTY}> }}"


def wrapper(server, query, fmt, method="GET"):
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw.query()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_json(server, method):
    data = wrapper(server, SELECT_COUNTIES, JSON, method).convert()
    assert len(data["results"]["bindings"]) == 21


def test_select_xml(server):
    doc = wrapper(server, SELECT_COUNTIES, XML).convert()
    results = doc.getElementsByTagName("result")
    assert len(results) == 21


def test_select_csv_and_tsv(server):
    body = wrapper(server, SELECT_COUNTIES, CSV).convert().decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["c"] and len(rows) == 22
    tsv = wrapper(server, SELECT_COUNTIES, TSV).convert().decode().splitlines()
    assert tsv[0] == "?c" and len(tsv) == 22 and tsv[1].startswith("<https://w3id.org/ansvar/id/county/")


def test_ask_json_and_xml(server):
    assert wrapper(server, f"ASK {{ ?c a <{COUNTY}> }}", JSON).convert()["boolean"] is True
    r = server.get(
        "/sparql", params={"query": "ASK { <urn:x:none> ?p ?o }"}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    assert ET.fromstring(r.content).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "false"


@pytest.mark.parametrize(
    "fmt,rdflib_format",
    [(TURTLE, "turtle"), (N3, "turtle"), (RDFXML, "xml"), (JSONLD, "json-ld")],
)
def test_construct_formats_parse_back(server, fmt, rdflib_format):
    result = wrapper(server, CONSTRUCT_COUNTIES, fmt)
    raw = result.response.read()
    g = Graph().parse(data=raw, format=rdflib_format)
    assert len(set(g.subjects(RDF.type, COUNTY))) == 21


def test_construct_ntriples_by_accept(server):
    r = server.get("/sparql", params={"query": CONSTRUCT_COUNTIES}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/n-triples; charset=utf-8"
    assert len(Graph().parse(data=r.text, format="nt")) == 21


def test_defaults_without_accept(server):
    r = server.get("/sparql", params={"query": SELECT_COUNTIES}, headers={"Accept": "*/*"})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    r = server.get("/sparql", params={"query": CONSTRUCT_COUNTIES}, headers={"Accept": "*/*"})
    assert r.headers["content-type"].startswith("text/turtle")


def test_post_sparql_query_body(server):
    r = server.post(
        "/sparql",
        content=SELECT_COUNTIES.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 21


def test_default_graph_uri_restricts_dataset(server):
    params = {"query": SELECT_COUNTIES, "default-graph-uri": "https://w3id.org/ansvar/graph/ontology"}
    assert server.get("/sparql", params=params).json()["results"]["bindings"] == []
    params["default-graph-uri"] = "https://w3id.org/ansvar/graph/reference"
    assert len(server.get("/sparql", params=params).json()["results"]["bindings"]) == 21


def test_named_graph_uri_limits_graph_clause(server):
    q = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?c a <{COUNTY}> }} }}"
    r = server.get("/sparql", params={"query": q, "named-graph-uri": "https://w3id.org/ansvar/graph/reference"})
    graphs = {b["g"]["value"] for b in r.json()["results"]["bindings"]}
    assert graphs == {"https://w3id.org/ansvar/graph/reference"}


def test_syntax_error_is_400_with_parser_message(server):
    r = server.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    assert "syntax error" in r.text.lower() and "1:" in r.text


# `<x>` is relative: before the endpoint passed its base IRI to the store, a BASE line was put
# before such a query, and every error was reported one line too low.
RELATIVE_WITH_ERROR_ON_LINE_3 = {
    # rdflib's parser (the guard) stops at the unfinished triple pattern
    "guard": "SELECT ?v WHERE {\n  BIND(<x> AS ?v)\n  ?v ?p }",
    # rdflib reads it; pyoxigraph refuses to BIND a variable already bound
    "store": "SELECT * WHERE {\n  <x> ?p ?o\n  BIND(1 AS ?o) }",
}


@pytest.mark.parametrize("parser", sorted(RELATIVE_WITH_ERROR_ON_LINE_3))
def test_a_syntax_error_is_reported_on_its_own_line(server, parser):
    r = server.get("/sparql", params={"query": RELATIVE_WITH_ERROR_ON_LINE_3[parser]})
    assert r.status_code == 400, r.text
    assert "syntax error" in r.text.lower()
    assert ("line 3," if parser == "guard" else "at 3:") in r.text, r.text


def test_relative_iris_resolve_against_the_endpoint_unless_the_query_has_a_base(server):
    query = "SELECT ?v WHERE { BIND(<x> AS ?v) }"
    own = "BASE <https://example.org/dir/>\n" + query
    values = [server.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["v"] for q in (query, own)]
    assert values == [
        {"type": "uri", "value": server.url + "/x"},
        {"type": "uri", "value": "https://example.org/dir/x"},
    ]


def test_updates_are_refused(server):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    r = server.post("/sparql", data={"update": update})
    assert r.status_code == 403 and "read-only" in r.text
    r = server.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403
    # An update sent as a query is not a query: 400, and nothing changed.
    assert server.get("/sparql", params={"query": update}).status_code == 400
    assert server.get("/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"}).json()["boolean"] is False


def test_unsupported_content_type_is_415(server):
    r = server.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415


def test_unacceptable_result_type_is_406(server):
    r = server.get("/sparql", params={"query": SELECT_COUNTIES}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_get_without_query_gives_service_description(server):
    r = server.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, RDF.type, URIRef(sd + "Service")) in g
    names = {str(o) for o in g.objects(None, URIRef(sd + "name"))}
    assert "https://w3id.org/ansvar/graph/reference" in names
    assert (None, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in g
    formats = {str(o) for o in g.objects(None, URIRef(sd + "resultFormat"))}
    assert (
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV" in formats
        and "http://www.w3.org/ns/formats/JSON-LD" in formats
    )
    # The VoID description it links to resolves and describes the dataset.
    see_also = [str(o) for o in g.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"))]
    assert see_also and see_also[0].endswith("/void")
    void = server.get("/void", headers={"Accept": "text/turtle"})
    assert void.status_code == 200
    vg = Graph().parse(data=void.text, format="turtle")
    assert (None, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")) in vg


def test_landing_page_lists_contents(server):
    r = server.get("/", headers={"Accept": "text/html"})
    assert r.status_code == 200
    html = r.text
    assert "län" in html and "https://w3id.org/ansvar/graph/reference" in html
    counties = json.loads(
        server.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) {{ ?c a <{COUNTY}> }}"}).text
    )
    assert counties["results"]["bindings"][0]["n"]["value"] == "21"


# The editor's preset prefixes, used without PREFIX declarations.
PRESET_QUERY = 'SELECT ?label WHERE { id:county\\/10 skos:prefLabel ?label FILTER(LANG(?label) = "sv") }'


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_preset_prefixes_need_no_declaration(server, method):
    send = server.get if method == "GET" else server.post
    r = send(
        "/sparql", **({"params": {"query": PRESET_QUERY}} if method == "GET" else {"data": {"query": PRESET_QUERY}})
    )
    assert r.status_code == 200, r.text
    assert [b["label"]["value"] for b in r.json()["results"]["bindings"]] == ["Blekinge län"]


def test_a_declared_prefix_wins_over_the_preset_one(server):
    own = "PREFIX skos: <http://example.org/not-skos#> ASK { ?s skos:prefLabel ?label }"
    assert server.get("/sparql", params={"query": own}).json()["boolean"] is False
    assert server.get("/sparql", params={"query": "ASK { ?s skos:prefLabel ?label }"}).json()["boolean"] is True


def test_an_unknown_prefix_is_400_with_its_position(server):
    r = server.get("/sparql", params={"query": "SELECT * WHERE { ?s foo:bar ?o }"})
    assert r.status_code == 400
    assert r.text.startswith('unknown prefix "foo:" at line 1, column 21; declare it with PREFIX foo: <…>')
    assert "ans:, c:, id:" in r.text


def test_a_slash_in_a_prefixed_name_is_400_with_the_iri_to_write(server):
    r = server.get("/sparql", params={"query": "SELECT ?p WHERE { ?s ?p id:org/lansstyrelsen-10 }"})
    assert r.status_code == 400
    assert r.text.startswith("id:org/lansstyrelsen-10 at line 1, column 25 is not a valid prefixed name")
    assert "<https://w3id.org/ansvar/id/org/lansstyrelsen-10>" in r.text and "id:org\\/lansstyrelsen-10" in r.text
    assert "\\u" not in r.text and "OPTIONAL" not in r.text


def test_service_is_refused_with_preset_prefixes_too(server):
    r = server.get("/sparql", params={"query": "SELECT * WHERE { SERVICE id:elsewhere { ?s ans:p ?o } }"})
    assert r.status_code == 403 and "SERVICE" in r.text


def test_the_service_description_lists_the_preset_prefixes(server):
    g = Graph().parse(data=server.get("/sparql", headers={"Accept": "text/turtle"}).text, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    declared = {
        str(g.value(node, URIRef(sh + "prefix"))): str(g.value(node, URIRef(sh + "namespace")))
        for node in g.objects(None, URIRef(sh + "declare"))
    }
    assert declared["ans"] == ANS and declared["id"] == "https://w3id.org/ansvar/id/"
