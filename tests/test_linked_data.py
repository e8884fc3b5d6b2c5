"""Dereferenceable IRIs, resource pages and search, against a real `ansvar serve`.

Expected facts come from the seed texts (../shared/seeds/), read by a person:
seed 004 (Blekinge's regional agreement 2016-2018) is signed by eleven parties and
says of Migrationsverket: "Beslut och utbetalning av LMA-ersättning till individen".
"""

from __future__ import annotations

import gzip

import httpx
import pytest
from conftest import SEEDS
from pagetext import parse, records, table
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SKOS

BASE = "https://w3id.org/ansvar/"
ANS = BASE + "def#"
SEED_004 = (SEEDS / "004_f4bfebcefc1f1631.txt").read_text(encoding="utf-8")
LMA_QUOTE = "Beslut och utbetalning av LMA-ersättning till individen"

# One resource of each kind the pages distinguish.
KINDS = {
    "actor": "id/org/migrationsverket",
    "agreement": "id/agreement/blekinge-2016-2018",
    "statute": "id/statute/sfs-2010-197",
    "section": "id/statute/sfs-2010-197/section/4",
    "territory": "id/county/10",
    "responsibility": "id/responsibility/blekinge-overenskommelse-2016/41",
    "concept": "concept/task/lma-allowance",
    "concept scheme": "concept/duty",
    "named graph": "graph/source/blekinge-overenskommelse-2016",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
EXTENSIONS = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
}


def test_seed_names_the_facts_the_pages_must_show():
    assert LMA_QUOTE in SEED_004
    for name in (
        "Migrationsverket",
        "Karlshamns kommun",
        "Sölvesborgs kommun",
        "Landstinget Blekinge",
    ):
        assert name in SEED_004


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("media", RDF_TYPES)
def test_conneg_rdf_303_then_data(server, kind, media):
    path = KINDS[kind]
    iri = URIRef(BASE + path)
    r = server.get("/" + path, headers={"Accept": media})
    assert r.status_code == 303
    assert r.headers["location"] == f"/data/{path}.{EXTENSIONS[media]}"
    assert "Accept" in r.headers["vary"]
    data = server.get(r.headers["location"])
    assert data.status_code == 200
    assert data.headers["content-type"].startswith(media)
    assert "etag" in data.headers and "max-age" in data.headers["cache-control"]
    g = Graph().parse(data=data.content, format=RDF_TYPES[media])
    if kind == "named graph":  # a graph's IRI gives the graph: its source document is in it
        assert (
            URIRef(BASE + "id/source/blekinge-overenskommelse-2016"),
            RDF.type,
            URIRef(ANS + "SourceDocument"),
        ) in g
    else:
        assert (iri, RDF.type, None) in g and (iri, SKOS.prefLabel, None) in g


@pytest.mark.parametrize("kind", KINDS)
def test_conneg_html_303_then_page(server, kind):
    path = KINDS[kind]
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = server.get("/" + path, headers={"Accept": browser})
    assert r.status_code == 303 and r.headers["location"] == f"/page/{path}"
    page = server.get(r.headers["location"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert BASE + path in page.text
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page.text  # licence in the footer
    # The page links to each RDF representation of the resource.
    hrefs = {href for href, _ in parse(page.text).links}
    assert {f"/data/{path}.{ext}" for ext in EXTENSIONS.values()} <= hrefs


def test_no_accept_header_gets_the_page(server):
    r = httpx.get(server.url + "/id/org/migrationsverket", headers={"Accept": ""}, timeout=30)
    assert r.status_code == 303 and r.headers["location"] == "/page/id/org/migrationsverket"


@pytest.mark.parametrize(
    ("suffix", "location"),
    [
        (".ttl", "/data/id/org/migrationsverket.ttl"),
        (".jsonld", "/data/id/org/migrationsverket.jsonld"),
        (".html", "/page/id/org/migrationsverket"),
        ("?_format=nt", "/data/id/org/migrationsverket.nt"),
        ("?_format=rdf", "/data/id/org/migrationsverket.rdf"),
        ("?_format=html", "/page/id/org/migrationsverket"),
    ],
)
def test_extension_and_format_parameter(server, suffix, location):
    r = server.get("/id/org/migrationsverket" + suffix, headers={"Accept": "text/turtle"})
    assert r.status_code == 303 and r.headers["location"] == location


def test_data_document_negotiated_with_content_location(server):
    r = server.get("/data/id/county/10", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200
    assert r.headers["content-location"] == "/data/id/county/10.jsonld"
    assert "Accept" in r.headers["vary"]
    assert 'rel="license"' in r.headers["link"]
    g = Graph().parse(data=r.content, format="json-ld")
    assert (URIRef(BASE + "id/county/10"), RDF.type, URIRef(ANS + "County")) in g


def test_data_document_has_inbound_links_and_labels(server):
    g = Graph().parse(data=server.get("/data/id/org/migrationsverket.ttl").content, format="turtle")
    mv = URIRef(BASE + "id/org/migrationsverket")
    lma = URIRef(BASE + "id/responsibility/blekinge-overenskommelse-2016/41")
    assert (lma, URIRef(ANS + "actor"), mv) in g
    assert (lma, SKOS.prefLabel, None) in g


def test_etag_gives_304(server):
    first = server.get("/page/id/org/migrationsverket")
    tag = first.headers["etag"]
    again = server.get("/page/id/org/migrationsverket", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.headers["etag"] == tag and not again.content
    data = server.get("/data/id/org/migrationsverket.ttl")
    assert (
        server.get("/data/id/org/migrationsverket.ttl", headers={"If-None-Match": data.headers["etag"]}).status_code
        == 304
    )
    assert server.get("/data/id/org/migrationsverket.ttl", headers={"If-None-Match": '"other"'}).status_code == 200


def test_unknown_iri_404_page_helps(server):
    r = server.get("/id/org/migrationsverke", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    hrefs = [href for href, _ in parse(r.text).links]
    assert "/page/id/org/migrationsverket" in hrefs  # the nearest match
    assert 'action="/search"' in r.text and 'value="migrationsverke"' in r.text
    machine = server.get("/id/org/migrationsverke", headers={"Accept": "text/turtle"})
    assert machine.status_code == 404 and "not found" in machine.text
    assert server.get("/page/id/no/such/thing").status_code == 404
    assert server.get("/data/concept/no-such-scheme.ttl").status_code == 404
    assert server.get("/id/org/a%20b").status_code == 404  # cannot be one of our IRIs


def test_bad_requests(server):
    assert server.get("/id/org/migrationsverket", headers={"Accept": "image/png"}).status_code == 406
    assert server.get("/id/org/migrationsverket?_format=pdf").status_code == 406
    assert server.get("/data/id/org/migrationsverket", headers={"Accept": "text/html"}).status_code == 406
    r = server.get("/page/id/org/migrationsverket?lang=de")
    assert r.status_code == 400 and "lang" in r.text
    assert server.get("/class?iri=not%20an%20iri").status_code == 400
    assert server.get("/class?iri=" + "https://example.org/NoSuchClass").status_code == 404
    assert server.get("/search?q=x&kind=planet").status_code == 400


def test_ontology_and_shapes_namespaces_resolve(server):
    r = server.get("/def", headers={"Accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"] == "/ontology"
    assert server.get(r.headers["location"], headers={"Accept": "text/html"}).status_code == 200
    shapes = server.get("/shapes", headers={"Accept": "text/turtle"})
    assert shapes.status_code == 303 and shapes.headers["location"] == "/data/graph/shapes.ttl"


def _html(server, path: str, **kwargs) -> str:
    r = server.get(path, **kwargs)
    assert r.status_code == 200, r.text
    return r.text


def test_agreement_page_lists_the_eleven_parties_of_seed_004(server):
    html = _html(server, "/page/id/agreement/blekinge-2016-2018")
    rows = table(html, "parties")
    assert len(rows) == 11
    parties = [row[0] for row in rows]
    for name in (
        "Migrationsverket",
        "Arbetsförmedlingen",
        "Försäkringskassan",
        "Landstinget Blekinge",
        "Region Blekinge",
        "Karlshamns kommun",
        "Karlskrona kommun",
        "Olofströms kommun",
        "Ronneby kommun",
        "Sölvesborgs kommun",
    ):
        assert name in SEED_004
        assert any(p.startswith(name) for p in parties), name
    assert any("Länsstyrelsen" in p and "Blekinge" in p for p in parties)
    # The signing posts, never the persons who signed (seed 004 names them).
    posts = " ".join(row[2] for row in rows)
    assert "Landshövding" in posts and "Kommundirektör" in posts
    assert "Berit Andnor" not in html and "Göran Persson" not in html
    bodies = " ".join(row[0] for row in table(html, "bodies"))
    assert "Integrationsrådet" in bodies and "Beredningsgrupp" in bodies


def test_actor_page_shows_the_lma_duty_with_its_quote(server):
    html = _html(server, "/page/id/org/migrationsverket")
    rows = records(html, "responsibilities")
    lma = [row for row in rows if LMA_QUOTE in row["citat"]]
    assert len(lma) >= 2  # decides and pays out, both from the same sentence
    duties = {row["typ av uppdrag"] for row in lma}
    assert {"beslutar", "betalar ut"} <= duties
    assert all("Lag (1994:137)" in row["rättslig grund"] for row in lma)  # legal basis: LMA
    # The agreement period, or an earlier end where the law moved the duty.
    assert all(row["period"].startswith("2016-02-17 – ") for row in lma)
    assert all("Från asyl till arbete" in row["citat"] for row in lma)  # the source document
    inbound = " ".join(row[1] for row in table(html, "inbound"))
    assert "Migrationsverket beslutar om LMA-ersättning" in inbound  # who points here


def test_statute_page_lists_sections_and_the_duties_on_them(server):
    html = _html(server, "/page/id/statute/sfs-2010-197")
    sections = table(html, "sections")
    assert ["4", "Lag (2010:197) § 4"] == sections[[r[0] for r in sections].index("4")][:2]
    duties = records(html, "duties")
    assert duties, "responsibilities resting on Lag (2010:197) or its sections"
    assert all("2010:197" in row["rättslig grund"] for row in duties)
    assert any("länsstyrelse" in row["aktör"].lower() for row in duties)


def test_concept_page_lists_what_uses_it(server):
    html = _html(server, "/page/concept/task/lma-allowance")
    assert "Används av" in html
    used = " ".join(row[1] for row in table(html, "inbound"))
    assert "Migrationsverket betalar ut LMA-ersättning" in used


def test_every_fact_shows_source_and_quote(server):
    html = _html(server, "/page/id/responsibility/blekinge-overenskommelse-2016/41")
    # On the fact (data not yet migrated) or on the evidence beside the statements it supports.
    assert f"<blockquote>{LMA_QUOTE}</blockquote>" in html or f"<q>{LMA_QUOTE}</q>" in html
    assert "/page/id/source/blekinge-overenskommelse-2016" in html


def test_class_page_lists_instances(server):
    html = _html(server, "/class", params={"iri": ANS + "County"})
    items = parse(html)
    counties = [text for href, text in items.links if href.startswith("/page/id/county/")]
    assert len(counties) == 21 and "Blekinge län" in counties
    assert "/ontology#County" in html  # the definition lives in the ontology documentation


def test_language_switch(server):
    sv = _html(server, "/page/id/org/migrationsverket")
    assert '<h2 id="responsibilities">Ansvar' in sv and 'href="/page/id/org/migrationsverket?lang=en"' in sv
    r = server.get("/page/id/org/migrationsverket?lang=en")
    assert r.status_code == 200 and "lang=en" in r.headers["set-cookie"]
    assert '<h1>Swedish Migration Agency <span class="en">/ Migrationsverket</span></h1>' in r.text
    assert '<h2 id="responsibilities">Responsibilities' in r.text
    remembered = server.get("/page/id/county/10", cookies={"lang": "en"})
    assert "Who points here" in remembered.text and "Cookie" in remembered.headers["vary"]


def test_search_json_and_page(server):
    r = server.get("/search", params={"q": "blekinge", "format": "json"})
    assert r.status_code == 200
    found = {hit["iri"]: hit for hit in r.json()["results"]}
    assert BASE + "id/county/10" in found and BASE + "id/agreement/blekinge-2016-2018" in found
    assert found[BASE + "id/county/10"]["kind"] == "territory"
    assert found[BASE + "id/county/10"]["page"] == "/page/id/county/10"
    only = server.get(
        "/search",
        params={"q": "blekinge", "kind": "agreement"},
        headers={"Accept": "application/json"},
    ).json()
    assert only["results"] and {h["kind"] for h in only["results"]} == {"agreement"}
    # Accents and case do not matter; SFS numbers and concepts are found.
    assert BASE + "id/org/lansstyrelsen-10" in {
        h["iri"]
        for h in server.get("/search", params={"q": "LANSSTYRELSEN I BLEKINGE", "format": "json"}).json()["results"]
    }
    assert BASE + "id/statute/sfs-1994-137" in {
        h["iri"] for h in server.get("/search", params={"q": "1994:137", "format": "json"}).json()["results"]
    }
    assert BASE + "concept/task/lma-allowance" in {
        h["iri"]
        for h in server.get("/search", params={"q": "LMA", "kind": "concept", "format": "json"}).json()["results"]
    }
    page = server.get("/search", params={"q": "Migrationsverket"})
    assert page.status_code == 200 and "/page/id/org/migrationsverket" in page.text
    hostile = server.get("/search", params={"q": '"} } DROP ALL ; SELECT * {', "format": "json"})
    assert hostile.status_code == 200 and hostile.json()["results"] == []


def test_every_iri_in_the_dump_resolves_for_people_and_machines(server):
    """Done when: every IRI of our namespaces in the dumps gives a page and loadable data."""
    dump = gzip.decompress(server.get("/download/ansvar.nt.gz").content)
    iris = {
        str(t)
        for triple in Graph().parse(data=dump, format="nt")
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(BASE)
    }
    documents = {iri.split("#", 1)[0] for iri in iris}
    assert len(documents) > 1000
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for doc in sorted(documents):
            path = "/" + doc[len(BASE) :]
            page = client.get(path, headers={"Accept": "text/html"}, follow_redirects=True)
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), doc
            data = client.get(path, headers={"Accept": "application/n-triples"}, follow_redirects=True)
            assert data.status_code == 200, doc
            g = Dataset() if "trig" in data.headers["content-type"] else Graph()
            fmt = "turtle" if "turtle" in data.headers["content-type"] else "nt"
            g.parse(data=data.content, format=fmt)
            assert len(g) > 0, doc


# --------------------------------------------------------------------------- the 0.3.0 model
# On tests/fixtures/model/modell-exempel.ttl (its text: fixtures/model/seed/modell-exempel.txt),
# served with the shipped data; expectations written by hand from the fixture.

MODEL = "/page/id/responsibility/modell-exempel/"
SCHOOL_QUOTE = "Kommunerna i Blekinge ska erbjuda skola för nyanlända barn."


def _properties(html: str) -> dict[str, dict[str, str]]:
    return {row["egenskap"]: row for row in records(html, "properties")}


def test_a_holders_page_shows_each_statement_with_its_evidence(model_server):
    html = _html(model_server, MODEL + "01/kommun-1080")
    props = _properties(html)
    assert props["aktör"]["värde"] == "Karlskrona kommun"
    assert props["aktör"]["belägg"].startswith("register: SCB:s register")  # not from the text
    assert props["verksamhetsområde"]["värde"] == "Karlskrona"
    # The task is quoted by the general duty's evidence, which supports what the holders share.
    assert props["uppgift"]["belägg"].startswith(SCHOOL_QUOTE)
    assert f"<q>{SCHOOL_QUOTE}</q>" in html
    assert props["gäller från"]["belägg"].startswith("härlett — osäkert: The text gives no start date")
    # Text from the data is escaped, never markup.
    assert "&lt;i&gt;inferred&lt;/i&gt;" in html and "<i>inferred</i>" not in html
    assert props["typ av förpliktelse"]["värde"] == "skyldighet"
    assert props["innehavarens roll"]["värde"] == "ansvarig myndighet eller aktör"
    # Every evidence line links to the evidence node's own page.
    assert f'href="{MODEL}01/kommun-1080/evidence/register"' in html


def test_a_general_duty_lists_its_holders_with_their_territories(model_server):
    html = _html(model_server, MODEL + "01")
    holders = {row["innehavare"]: row for row in records(html, "holders")}
    assert set(holders) == {"Karlskrona kommun", "Karlshamns kommun"}
    assert holders["Karlskrona kommun"]["område"] == "Karlskrona"
    assert holders["Karlshamns kommun"]["område"] == "Karlshamn"
    assert all(row["innehavarens roll"] == "ansvarig myndighet eller aktör" for row in holders.values())


def test_a_joint_responsibility_says_so_and_lists_its_holders(model_server):
    html = _html(model_server, MODEL + "02")
    assert "gemensamt ansvar / joint" in html
    joint = html.split('<p class="joint">', 1)[1].split("</p>", 1)[0]
    assert "Länsstyrelsen i Blekinge län" in joint and "Region Blekinge (regionförbund)" in joint
    # On the actor's page the row says it is joint and with whom.
    actor = records(_html(model_server, "/page/id/org/lansstyrelsen-10"), "responsibilities")
    row = next(r for r in actor if r["Ansvar"].startswith("Länsstyrelsen och Region Blekinge ansvarar gemensamt"))
    assert "gemensamt ansvar / joint" in row["Ansvar"] and "Region Blekinge (regionförbund)" in row["Ansvar"]
    assert row["typ av förpliktelse"] == "åtagande"


def test_a_responsibility_row_shows_its_quote_and_where_the_legal_basis_comes_from(model_server):
    actor = records(_html(model_server, "/page/id/org/lansstyrelsen-10"), "responsibilities")
    row = next(r for r in actor if r["Ansvar"] == "Länsstyrelsen i Blekinge län beslutar om utvecklingsmedel")
    assert row["citat"].startswith("Länsstyrelsen beslutar om utvecklingsmedel till kommunerna.")
    assert "rättslig grund: " in row["citat"] and "37 a" in row["citat"]  # from the statute book


def test_an_evidence_node_has_a_readable_page(model_server):
    html = _html(model_server, MODEL + "03/evidence/basis")
    section = html.split('<section class="evidence">', 1)[1].split("</section>", 1)[0]
    assert "Belägg för" in section and "Länsstyrelsen i Blekinge län beslutar om utvecklingsmedel" in section
    props = _properties(html)
    assert props["styrker"]["värde"] == "rättslig grund"
    assert "författning" in props["belagt genom"]["värde"]
