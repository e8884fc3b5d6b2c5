"""The catalogue's questions (queries/*.rq) on data in the 0.3.0 model: the fixture
tests/fixtures/model/modell-exempel.ttl added to the shipped graph. Expectations are
written by hand from the fixture; on the shipped data they are structural."""

from __future__ import annotations

from collections import Counter

import pytest
from ansvar.questions import catalogue
from ansvar.store.embedded import EmbeddedStore
from conftest import MODEL_FIXTURE, ROOT, store_with

QUERIES = catalogue(ROOT / "queries")
ID = "https://w3id.org/ansvar/id/"
R = ID + "responsibility/modell-exempel/"


@pytest.fixture(scope="module")
def model_store(tmp_path_factory):
    store = EmbeddedStore.open_directory(store_with(tmp_path_factory.mktemp("model") / "s", [MODEL_FIXTURE]))
    yield store
    store.close()


def rows(store, name: str, **params: str) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in store.select(QUERIES[name].bound(params))]


def test_the_model_questions_are_in_the_catalogue():
    for name in ("joint-vs-each", "uncertain-statements", "conflicts-with-law", "duty-transfers"):
        assert name in QUERIES


def test_joint_vs_each(model_store):
    found = {
        (r["holder"], r["held"], r.get("generalDuty"), r.get("areaLabel"))
        for r in rows(model_store, "joint-vs-each", task="school")
        if r["responsibility"].startswith(R)
    }
    assert found == {
        (ID + "org/kommun-1080", "each", R + "01", "Karlskrona"),
        (ID + "org/kommun-1082", "each", R + "01", "Karlshamn"),
    }


def test_who_pays_says_alone_each_or_jointly_with_the_quote_of_the_statement(model_store):
    found = rows(model_store, "who-pays-and-who-decides", task="state-compensation-municipalities")
    quote = "Migrationsverket betalar ut ersättning till kommunerna för mottagandet."
    pay = [r for r in found if r.get("quote") == quote]
    assert len(pay) == 1
    assert (pay[0]["actorLabel"], pay[0]["held"], pay[0]["obligationLabel"]) == (
        "Migrationsverket",
        "alone",
        "beskrivning",
    )
    assert found and all(r["held"] in ("alone", "each", "jointly") for r in found)


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
        "2017-01-01",
        R + "03",
        "Länsstyrelsen i Blekinge län",
        R + "05",
        "Migrationsverket",
    )
    assert t["enactedBy"] == "Lag (2016:38) om mottagande av vissa nyanlända invandrare för bosättning"


def _county_counts(store, county: str) -> Counter:
    return Counter(
        {
            (r["level"], r["dutyLabel"]): int(r["responsibilities"])
            for r in rows(store, "county-responsibilities", county=county, asOf="2017-06-01")
        }
    )


def test_county_responsibilities_reach_municipalities_and_the_nation(store, model_store):
    added = _county_counts(model_store, "10")
    added.subtract(_county_counts(store, "10"))
    added = {k: v for k, v in added.items() if v}
    # The fixture's facts in Blekinge: two municipalities' own school duty, the joint duty and the
    # board's decision on the county, and two national duties that cover every county.
    assert added == {
        ("municipal", "erbjuder eller tillhandahåller"): 2,
        ("county", "ansvarar för"): 1,
        ("county", "beslutar"): 1,
        ("national", "betalar ut"): 1,
        ("national", "beslutar"): 1,
    }
    dalarna = _county_counts(model_store, "20")
    dalarna.subtract(_county_counts(store, "20"))
    assert dalarna[("national", "betalar ut")] == 1  # national: every county


def test_agreements_in_force_never_drop_undated_ones(store):
    found = rows(store, "agreements-in-force", asOf="2017-06-01")
    undated = {
        a["agreement"]["value"]
        for a in store.select(
            "PREFIX ans: <https://w3id.org/ansvar/def#> SELECT ?agreement WHERE { ?agreement a ans:Agreement "
            "FILTER NOT EXISTS { ?agreement ans:validFrom ?f } FILTER NOT EXISTS { ?agreement ans:validUntil ?u } }"
        )
    }
    assert undated and undated <= {r["agreement"] for r in found}
    for r in found:
        if r["agreement"] in undated:
            assert r["status"] == "period unknown"


def test_parties_of_an_agreement_once_each(store):
    found = rows(store, "agreement-overview", agreement="blekinge-2016-2018")
    parties = [r["item"] for r in found if r["kind"] == "party"]
    assert len(parties) == len(set(parties)) == 11  # seed 004: eleven signatories
