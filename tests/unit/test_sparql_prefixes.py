"""Preset prefixes: which ones a query gets, what a store is told, and the messages for names that do not resolve."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from ansvar.sparql_guard import Refused, check_query, check_update
from ansvar.sparql_prefixes import PRESET_PREFIXES, declarations
from ansvar.store.embedded import EmbeddedStore, readable_syntax_error
from ansvar.web.service_description import service_description
from rdflib import Literal, URIRef
from rdflib.namespace import SH, XSD

from .conftest import ANS, ID, TINY_NQUADS

SKOS = "http://www.w3.org/2004/02/skos/core#"


def refusal(text: str, check=check_query) -> Refused:
    with pytest.raises(Refused) as caught:
        check(text)
    return caught.value


def test_the_presets_are_the_editors_prefixes():
    assert PRESET_PREFIXES["ans"] == ANS and PRESET_PREFIXES["id"] == ID and PRESET_PREFIXES["skos"] == SKOS


def test_a_query_gets_the_preset_prefixes_it_uses_and_does_not_declare():
    presets = check_query("PREFIX ans: <http://example.org/other#> SELECT * { ?s a ans:A ; skos:prefLabel ?l }")
    assert presets == {"skos": SKOS}  # its own ans: wins, so ans: is not given to the store


def test_prefixes_in_strings_iris_and_comments_are_not_uses():
    assert check_query('SELECT * { ?s <urn:foo:bar> "foo:bar" } # foo:bar') == {}


def test_an_update_gets_the_preset_prefixes_too():
    assert check_update("INSERT DATA { id:county\\/10 skos:hiddenLabel 'x' }") == {"id": ID, "skos": SKOS}


def test_unknown_prefix_is_400_with_its_first_use_and_the_presets():
    text = 'SELECT * WHERE {\n  ?s ?p "foo:in a string" . # foo:in a comment\n  ?s foo:bar ?o }'
    refused = refusal(text)
    assert refused.status == 400
    assert refused.message.startswith('unknown prefix "foo:" at line 3, column 6; declare it with PREFIX foo: <…>')
    assert "ans:, c:, id:, org:" in refused.message and "skos:" in refused.message


def test_unknown_prefix_in_an_update_is_400():
    refused = refusal("INSERT DATA { <urn:a> bar:p 1 }", check_update)
    assert refused.status == 400 and 'unknown prefix "bar:" at line 1, column 23' in refused.message


def test_the_empty_prefix_is_not_preset():
    assert 'unknown prefix ":" at line 1, column 12' in refusal("ASK { ?s a :Thing }").message
    assert check_query("PREFIX : <urn:x:> ASK { ?s a :Thing }") == {}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("SELECT * WHERE { ?s a id:org/lansstyrelsen-10 }", 1, 23),  # object
        ("SELECT * WHERE { id:org/lansstyrelsen-10 ?p ?o }", 1, 18),  # subject
        ("SELECT * WHERE { ?s ?p ?o FILTER(?s = id:org/lansstyrelsen-10) }", 1, 39),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  VALUES ?s { id:org/lansstyrelsen-10 }\n}", 3, 15),
    ],
)
def test_a_slash_in_a_prefixed_name_is_400_with_what_to_write(text: str, line: int, column: int):
    refused = refusal(text)
    assert refused.status == 400
    assert refused.message.startswith(f"id:org/lansstyrelsen-10 at line {line}, column {column} is not a valid")
    assert "'/' is not allowed in the local part" in refused.message
    assert "<https://w3id.org/ansvar/id/org/lansstyrelsen-10>" in refused.message
    assert "id:org\\/lansstyrelsen-10" in refused.message


def test_the_advice_uses_the_querys_own_namespace_and_every_slash():
    refused = refusal("PREFIX x: <http://example.org/> SELECT * WHERE { ?s ?p x:a/b/c }")
    assert "x:a/b/c at line 1, column 56" in refused.message
    assert "<http://example.org/a/b/c>" in refused.message and "x:a\\/b\\/c" in refused.message


def test_a_property_path_is_not_taken_for_a_broken_name():
    refused = refusal("SELECT * WHERE { ?s ans:hasParty/skos:prefLabel ?o ")  # the brace is missing
    assert "prefixed name" not in refused.message
    assert refused.message == "SPARQL syntax error at line 1, column 52 (1:52): expected SelectQuery, found end of text"


def test_the_advised_escape_means_the_iri_with_the_slash():
    store = EmbeddedStore.in_memory(TINY_NQUADS)
    text = "SELECT ?l WHERE { id:org\\/lansstyrelsen-10 skos:prefLabel ?l }"
    presets = check_query(text)  # rdflib reads the escape: the guard lets it through
    rows = json.loads(store.query(text, prefixes=presets).body)["results"]["bindings"]
    assert [r["l"]["value"] for r in rows] == ["Länsstyrelsen i Blekinge län"]


def test_the_embedded_store_evaluates_with_the_presets_and_a_declaration_wins():
    store = EmbeddedStore.in_memory(TINY_NQUADS)
    text = "SELECT ?c WHERE { ?c a ans:County }"
    rows = json.loads(store.query(text, prefixes=check_query(text)).body)["results"]["bindings"]
    assert rows == [{"c": {"type": "uri", "value": ID + "county/10"}}]
    own = "PREFIX ans: <http://example.org/> SELECT ?c WHERE { ?c a ans:County }"
    assert json.loads(store.query(own, prefixes=check_query(own)).body)["results"]["bindings"] == []


def test_declarations_for_a_remote_store_stay_on_one_line():
    assert declarations({"ans": ANS, "skos": SKOS}) == f"PREFIX ans: <{ANS}> PREFIX skos: <{SKOS}> \n"
    assert declarations({}) == ""


def test_service_with_preset_prefixes_is_still_refused():
    assert refusal("SELECT * WHERE { SERVICE id:x { ?s ans:p ?o } }").status == 403
    assert refusal("SELECT * WHERE { SERVICE unknown:x { ?s ?p ?o } }").status == 403
    assert refusal("LOAD id:dump INTO GRAPH id:g", check_update).status == 403


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o . ?s a id:org ; ans:x 1.2.3 }",
        "SELECT * WHERE { ?s ?p ?o } GROUP BY",
        "SELEC * WHERE { ?s ?p ?o }",
        'SELECT * WHERE { ?s ?p "unterminated }',
        "SELECT * WHERE { ?s ?p ?o FILTER(?o = ans:x§) }",
    ],
)
def test_syntax_errors_never_show_the_grammars_character_ranges(text: str):
    message = refusal(text).message
    assert message.startswith("SPARQL syntax error at line 1, column ")
    assert "\\u" not in message and "[" not in message and "Re:" not in message


def test_pyoxigraphs_messages_lose_their_character_ranges():
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query("SELECT * WHERE { ?s foo:bar ?o }")
    assert "..=" in str(caught.value)  # what pyoxigraph says
    assert readable_syntax_error(str(caught.value)) == "error at 1:28: the text cannot be read from this point on"
    assert readable_syntax_error("error at 1:5: expected BIND") == "error at 1:5: expected BIND"


def test_the_service_description_lists_the_presets():
    g = service_description("http://127.0.0.1/sparql", [])
    service = URIRef("http://127.0.0.1/sparql")
    declared = {str(g.value(node, SH.prefix)): g.value(node, SH.namespace) for node in g.objects(service, SH.declare)}
    assert declared["ans"] == Literal(ANS, datatype=XSD.anyURI)
    assert sorted(declared) == sorted(
        ["ans", "c", "id", "org", "cpov", "eli", "rpubl", "prov", "skos", "dcterms", "rdf", "rdfs", "owl", "xsd"]
    )
    comment = " ".join(str(c) for c in g.objects(service, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")))
    assert "without declaring them" in comment and "overrides" in comment
