"""Provenance and personal data: every fact says where it comes from, in words found in the
source text, and nothing in the graph, its dumps or its pages identifies a private person."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from ansvar.namespaces import ANS, SOURCE_GRAPH_PREFIX
from ansvar.validate import run_shacl
from conftest import FIXTURES, ROOT
from personal_data import SIGNATORIES_004, leaks, personal_data
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, SH, SKOS
from sparql_answers import seed_text, seeds_dir, select

ASH = Namespace("https://w3id.org/ansvar/shapes#")
FACT_CLASSES = (
    "ans:Responsibility",
    "org:Membership",
    "ans:AgreementParty",
    "ans:Agreement",
    "ans:CollaborationBody",
    "ans:Goal",
    "ans:CooperationArea",
    "ans:Principle",
    "ans:GrantProgramme",
)


def _source_documents(built) -> dict[URIRef, str]:
    """Source documents with a text file: IRI -> file name."""
    docs = {}
    for g in built.asserted_graphs().values():
        for doc, name in g.subject_objects(ANS.fileName):
            docs[doc] = str(name)
    return docs


def _source_graphs(built) -> dict[URIRef, Graph]:
    return {n: g for n, g in built.asserted_graphs().items() if str(n).startswith(SOURCE_GRAPH_PREFIX)}


def test_seed_texts_are_present():
    names = sorted(p.name for p in seeds_dir().glob("*.txt"))
    assert len(names) == 5 and names[0].startswith("000_") and names[4].startswith("004_")


def test_every_source_graph_describes_one_document_with_its_text(built):
    docs = _source_documents(built)
    graphs = _source_graphs(built)
    assert len(graphs) == 5
    for name, g in graphs.items():
        own = [d for d in g.subjects(RDF.type, ANS.SourceDocument) if d in docs]
        assert len(own) == 1, f"{name} must describe exactly one source document with ans:fileName"
        assert str(own[0]).rsplit("/", 1)[-1] == str(name).removeprefix(SOURCE_GRAPH_PREFIX)


def test_every_quote_is_a_verbatim_substring_of_its_source_text(built):
    docs = _source_documents(built)
    texts = {doc: seed_text(name) for doc, name in docs.items()}
    checked, wrong = 0, []
    for g in _source_graphs(built).values():
        own = next(d for d in g.subjects(RDF.type, ANS.SourceDocument) if d in docs)
        for subject, quote in g.subject_objects(ANS.quote):
            named = [d for p in (PROV.wasDerivedFrom, PROV.entity) for d in g.objects(subject, p)]
            sources = [d for d in named if d in docs] or [own]
            for doc in sources:
                checked += 1
                if str(quote) not in texts[doc]:
                    wrong.append((str(subject), docs[doc], str(quote)))
    assert checked > 400
    assert wrong == []


def test_every_source_document_hash_is_the_hash_of_its_text(built):
    docs = _source_documents(built)
    assert len(docs) == 5
    graphs = built.asserted_graphs().values()
    for doc, name in docs.items():
        recorded = next(g.value(doc, ANS.sha256) for g in graphs if (doc, ANS.sha256, None) in g)
        assert str(recorded) == hashlib.sha256((seeds_dir() / name).read_bytes()).hexdigest(), doc


def test_every_fact_node_is_derived_from_a_source_document(server):
    rows = select(
        server,
        f"""
        SELECT ?x ?cls WHERE {{
          VALUES ?cls {{ {" ".join(FACT_CLASSES)} }}
          ?x a ?cls .
          FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom ?d . ?d a ans:SourceDocument }}
        }}""",
    )
    assert rows == []
    counted = select(
        server,
        f"""
        SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?cls {{ {" ".join(FACT_CLASSES)} }} ?x a ?cls }}""",
    )
    assert int(counted[0]["n"]) > 300


def test_every_fact_node_from_a_source_text_carries_a_quote(server):
    rows = select(
        server,
        f"""
        SELECT ?x ?g WHERE {{
          VALUES ?cls {{ {" ".join(FACT_CLASSES)} }}
          GRAPH ?g {{ ?x a ?cls }}
          FILTER (STRSTARTS(STR(?g), "{SOURCE_GRAPH_PREFIX}"))
          FILTER NOT EXISTS {{ ?x ans:quote|prov:qualifiedDerivation/ans:quote ?q }}
        }}""",
    )
    assert rows == []


# -- personal data -----------------------------------------------------------------


def test_the_texts_do_name_people_to_keep_out():
    found = personal_data()
    # The contact list of seed 001: four direct numbers and one county-wide; five personal addresses.
    assert len([e for e in found["emails"] if "@" in e]) == 5
    assert "kirsten.brogaard@lansstyrelsen.se" in found["emails"]
    assert "joana.ivarsson.vitorio@lansstyrelsen.se" in found["emails"]
    assert len(found["phones"]) == 5 and "0102244528" in found["phones"]
    text = seed_text("004_f4bfebcefc1f1631.txt")
    assert all(n in text for n in SIGNATORIES_004)


def test_the_scan_finds_personal_data_written_in_other_ways():
    assert leaks("Kontakt: KIRSTEN BROGAARD") == ["Kirsten Brogaard", "Brogaard"]
    assert leaks("ring 010 224 45 28") == ["0102244528"]
    assert leaks("<mailto:pia.severinsson@lansstyrelsen.se>") != []
    assert leaks("Länsstyrelsen Västra Götalands län, vastragotaland@lansstyrelsen.se, 010-224 40 00") == []


def test_no_personal_data_in_any_literal_or_iri_of_the_built_graph(built):
    terms = set()
    for g in built.graphs().values():
        for triple in g:
            terms.update(str(t) for t in triple if isinstance(t, (Literal, URIRef)))
    assert len(terms) > 4000
    assert leaks("\n".join(sorted(terms))) == []


@pytest.mark.parametrize(
    "media_type", ["application/n-quads", "text/turtle", "application/trig", "application/n-triples"]
)
def test_no_personal_data_in_the_dumps(store, media_type):
    dump = store.dump(media_type).decode("utf-8")
    assert "vastragotaland@lansstyrelsen.se" in dump  # the functional mailbox is published
    assert leaks(dump) == []


def test_no_personal_data_on_the_landing_page(server):
    r = server.get("/", headers={"Accept": "text/html"})
    assert r.status_code == 200 and "<html" in r.text.lower()
    assert leaks(r.text) == []


def test_no_personal_data_in_the_data_files():
    files = [*ROOT.glob("data/**/*.ttl"), *ROOT.glob("data/sources/*.example")]
    assert len(files) > 5
    for path in files:
        assert leaks(path.read_text(encoding="utf-8")) == [], path


# -- the personal-data shape ------------------------------------------------------------


def _violations(fixture: Path) -> set[tuple[str, str]]:
    """(focus node, source shape) of the violations of shapes/personal-data.ttl, as the build reports them."""
    data = Graph().parse(fixture)
    shapes = Graph().parse(ROOT / "shapes" / "personal-data.ttl")
    return {(f.focus, f.shape) for f in run_shacl(data, shapes).findings if f.severity == "violation"}


def test_personal_data_text_shape_matches_each_text_once_and_names_who_states_it():
    """The text shape targets the texts; raw SHACL reports the literal, the build the resource."""
    data = Graph().parse(FIXTURES / "personal-data" / "rejected.ttl")
    shapes = Graph().parse(ROOT / "shapes" / "personal-data.ttl")
    _conforms, report, _text = validate(data, shacl_graph=shapes, advanced=True, inference="none")
    text_focus = {
        report.value(r, SH.focusNode)
        for r in report.objects(None, SH.result)
        if report.value(r, SH.sourceShape) == ASH.NoContactDataInText
    }
    assert text_focus == {Literal("Kontaktperson (anna.andersson@exempel.se)", lang="sv")}
    [finding] = [f for f in run_shacl(data, shapes).findings if f.shape == str(ASH.NoContactDataInText)]
    assert finding.focus == "https://w3id.org/ansvar/id/post/lansstyrelsen-14/kontaktperson-test"
    assert finding.path == str(SKOS.prefLabel)
    assert "anna.andersson@exempel.se" in finding.value


@pytest.mark.parametrize(
    "text,rejected",
    [
        ("Ring 010-123 45 67 för tider", True),
        ("Handläggare (0455-30 50 00)", True),
        ("kontakt: fornamn.efternamn@lansstyrelsen.se", True),
        ("Överenskommelsen gäller 2016–2018", False),
        ("Lag (2010:197) om etableringsinsatser, 4 §", False),
    ],
)
def test_personal_data_text_shape_finds_phone_numbers_and_addresses_only(text, rejected):
    data = Graph()
    data.add((URIRef("https://w3id.org/ansvar/id/post/x"), SKOS.prefLabel, Literal(text, lang="sv")))
    shapes = Graph().parse(ROOT / "shapes" / "personal-data.ttl")
    found = {f.focus for f in run_shacl(data, shapes).findings if f.shape == str(ASH.NoContactDataInText)}
    assert found == ({"https://w3id.org/ansvar/id/post/x"} if rejected else set())


def test_personal_data_shape_rejects_an_email_in_a_label_and_a_person():
    found = _violations(FIXTURES / "personal-data" / "rejected.ttl")
    assert {focus for focus, _shape in found} == {
        "https://w3id.org/ansvar/id/post/lansstyrelsen-14/kontaktperson-test",
        "https://w3id.org/ansvar/id/person/test",
    }


def test_personal_data_shape_rejects_a_personal_mailbox_and_a_phone_outside_a_contact_point():
    found = _violations(FIXTURES / "personal-data" / "personal-mailbox.ttl")
    assert {focus for focus, _shape in found} == {
        "https://w3id.org/ansvar/id/contact-point/personal",
        "https://w3id.org/ansvar/id/post/lansstyrelsen-14/handlaggare-test",
    }


def test_personal_data_shape_accepts_a_functional_contact_point():
    assert _violations(FIXTURES / "personal-data" / "accepted.ttl") == set()
