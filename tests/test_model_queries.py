"""The canned queries (queries/*.rq) on data in the 0.3.0 model: the fixture
tests/fixtures/model/modell-exempel.ttl added to the shipped graph. Expectations are
written by hand from the fixture; on the shipped data they are structural."""

from __future__ import annotations

from collections import Counter

import pytest
from ansvar.canned_queries import canned_queries
from ansvar.store.embedded import EmbeddedStore
from conftest import MODEL_FIXTURE, ROOT, store_with

QUERIES = {q.name: q for q in canned_queries(ROOT / "queries")}
ID = "https://w3id.org/ansvar/id/"
R = ID + "responsibility/modell-exempel/"


@pytest.fixture(scope="module")
def model_store(tmp_path_factory):
    store = EmbeddedStore.open_directory(store_with(tmp_path_factory.mktemp("model") / "s", [MODEL_FIXTURE]))
    yield store
    store.close()


def rows(store, name: str) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in store.select(QUERIES[name].text)]


def test_every_canned_query_has_a_header_and_runs(store):
    for name in ("joint-vs-each", "uncertain-statements", "conflicts-with-law", "duty-transfers"):
        assert name in QUERIES
    for q in QUERIES.values():
        assert q.title and q.titel and q.description, q.name
        store.select(q.text)  # runs on the shipped data


def test_joint_vs_each(model_store):
    found = {(r["holder"], r["held"], r.get("generalDuty"), r.get("areaLabel"))
             for r in rows(model_store, "joint-vs-each") if r["responsibility"].startswith(R)}
    assert found == {
        (ID + "org/kommun-1080", "each", R + "01", "Karlskrona"),
        (ID + "org/kommun-1082", "each", R + "01", "Karlshamn"),
    }


def test_who_pays_says_alone_each_or_jointly_with_the_quote_of_the_statement(model_store):
    pay = [r for r in rows(model_store, "who-pays-and-who-decides")
           if r.get("payQuote") == "Migrationsverket betalar ut ersättning till kommunerna för mottagandet."]
    assert len(pay) == 1
    assert (pay[0]["payerLabel"], pay[0]["payHeld"], pay[0]["payObligation"]) == ("Migrationsverket", "alone",
                                                                                   "beskrivning")
    assert all(r["payHeld"] in ("alone", "each", "jointly") for r in rows(model_store, "who-pays-and-who-decides"))


def test_uncertain_statements(model_store):
    found = [r for r in rows(model_store, "uncertain-statements") if r["fact"].startswith(R)]
    assert [(r["fact"], r["property"]) for r in found] == [(R + "01", "https://w3id.org/ansvar/def#validFrom")]
    assert found[0]["reason"].startswith("The text gives no start date")


def test_conflicts_with_law(model_store):
    found = [r for r in rows(model_store, "conflicts-with-law") if r["sourceFact"].startswith(R)]
    assert [(r["sourceFact"], r["statutoryFact"]) for r in found] == [(R + "03", R + "sfs-37a")]
    assert found[0]["reason"].startswith("The text says the county board of Blekinge decides")


def test_duty_transfers(model_store):
    transfer = ID + "transfer/modell-exempel-utvecklingsmedel"
    found = [r for r in rows(model_store, "duty-transfers") if r["transfer"] == transfer]
    assert len(found) == 1
    t = found[0]
    assert (t["date"], t["fromDuty"], t["fromHolders"], t["toDuty"], t["toHolders"]) == (
        "2017-01-01", R + "03", "Länsstyrelsen i Blekinge län", R + "05", "Migrationsverket")
    assert t["enactedBy"] == "Lag (2016:38) om mottagande av vissa nyanlända invandrare för bosättning"


def _county_counts(store) -> Counter:
    return Counter({(r["countyLabel"], r["level"], r["dutyLabel"]): int(r["responsibilities"])
                    for r in rows(store, "responsibilities-by-county")})


def test_responsibilities_by_county_reach_municipalities_and_the_nation(store, model_store):
    added = _county_counts(model_store)
    added.subtract(_county_counts(store))
    added = {k: v for k, v in added.items() if v}
    # The fixture's facts in Blekinge: two municipalities' own school duty, the joint duty and the
    # board's decision on the county, and two national duties that cover every county.
    assert {k: v for k, v in added.items() if k[0] == "Blekinge län"} == {
        ("Blekinge län", "inom länet", "erbjuder eller tillhandahåller"): 2,
        ("Blekinge län", "län", "ansvarar för"): 1,
        ("Blekinge län", "län", "beslutar"): 1,
        ("Blekinge län", "nationellt", "betalar ut"): 1,
        ("Blekinge län", "nationellt", "beslutar"): 1,
    }
    assert added[("Dalarnas län", "nationellt", "betalar ut")] == 1  # national: every county


def test_agreements_in_force_never_drop_undated_ones(store):
    found = rows(store, "in-force-on-date")
    undated = {a["agreement"]["value"] for a in store.select(
        "PREFIX ans: <https://w3id.org/ansvar/def#> SELECT ?agreement WHERE { ?agreement a ans:Agreement "
        "FILTER NOT EXISTS { ?agreement ans:validFrom ?f } FILTER NOT EXISTS { ?agreement ans:validUntil ?u } }")}
    assert undated <= {r["agreement"] for r in found}
    for r in found:
        expected = ("period unknown" if "from" not in r and "until" not in r else "start unknown"
                    if "from" not in r else "end unknown" if "until" not in r else "in force")
        assert r["period"] == expected


def test_parties_of_regional_agreements_once_each(store):
    found = rows(store, "agreement-parties")
    pairs = [(r["agreement"], r["party"]) for r in found]
    assert pairs and len(pairs) == len(set(pairs))
    for agreement in {a for a, _ in pairs}:
        assert store.ask(f"ASK {{ <{agreement}> a <https://w3id.org/ansvar/def#RegionalAgreement> }}")
    blekinge = [p for a, p in pairs if a == ID + "agreement/blekinge-2016-2018"]
    assert len(blekinge) == 11  # seed 004: eleven signatories
