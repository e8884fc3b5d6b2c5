"""The law as it changed, and statutory duties held by each holder, through the real endpoint.

Expected values are written here by hand from the statute book (SFS) and SCB's
register of county and municipality codes, never read from the graph.
"""

from __future__ import annotations

from conftest import COUNTY_CODES
from sparql_answers import ID
from sparql_answers import ask as _ask
from sparql_answers import select as _select

CONCEPTS = """
PREFIX duty: <https://w3id.org/ansvar/concept/duty/>
PREFIX task: <https://w3id.org/ansvar/concept/task/>
PREFIX tg:   <https://w3id.org/ansvar/concept/target-group/>
"""


def select(server, query: str) -> list[dict[str, str]]:
    return _select(server, CONCEPTS + query)


def ask(server, query: str) -> bool:
    return _ask(server, CONCEPTS + query)


R = f"{ID}responsibility/sfs/"


def as_of(day: str) -> str:
    """The as-of-a-date pattern of the README, on ?r."""
    return f"""?r ans:validFrom ?from . FILTER (?from <= "{day}"^^xsd:date)
               FILTER NOT EXISTS {{ ?r ans:validUntil ?u FILTER (?u < "{day}"^^xsd:date) }}"""


def test_lag_2016_38_5_has_290_holders_each_in_its_own_municipality(server):
    rows = select(
        server,
        f"""
        SELECT ?r ?holder ?area ?code WHERE {{
          ?r ans:generalDuty <{R}2016-38-5> ; ans:actor ?holder ; ans:area ?area .
          ?area a ans:MunicipalArea ; skos:notation ?code .
        }}""",
    )
    assert len(rows) == 290
    assert len({r["holder"] for r in rows}) == 290 and len({r["area"] for r in rows}) == 290
    for r in rows:  # each municipality holds it for its own area, under <general duty>/kommun-<code>
        assert r["holder"] == f"{ID}org/kommun-{r['code']}"
        assert r["r"] == f"{R}2016-38-5/kommun-{r['code']}"
    # Each holder's responsibility has exactly one actor; the general duty itself has none and is no responsibility.
    assert (
        select(
            server,
            f"""
        SELECT ?r WHERE {{ ?r ans:generalDuty <{R}2016-38-5> ; ans:actor ?a , ?b FILTER (?a != ?b) }}""",
        )
        == []
    )
    assert ask(
        server,
        f"""ASK {{ <{R}2016-38-5> a ans:GeneralDuty ; ans:holderKind ans:Municipality ;
                                 ans:area <{ID}country/se> }}""",
    )
    assert not ask(server, f"ASK {{ <{R}2016-38-5> ans:actor ?x }}")
    assert not ask(server, f"ASK {{ <{R}2016-38-5> a ans:Responsibility }}")


def test_who_receives_newcomers_in_karlskrona(server):
    rows = select(
        server,
        f"""
        SELECT DISTINCT ?holder WHERE {{
          ?r ans:task task:settlement ; ans:dutyKind duty:receives ; ans:actor ?holder ;
             ans:area <{ID}municipal-area/1080> ; ans:legalBasis <{ID}statute/sfs-2016-38/section/5> .
        }}""",
    )
    assert rows == [{"holder": f"{ID}org/kommun-1080"}]


def test_lansstyrelsernas_duties_are_held_each_in_its_county(server):
    for duty in ("2010-197-4", "2017-584-6", "2016-39-5", "2010-1122-8-37", "2010-1122-8-37-utbetalning"):
        rows = select(
            server,
            f"""
            SELECT ?holder ?code WHERE {{
              ?r ans:generalDuty <{R}{duty}> ; ans:actor ?holder ; ans:area ?county .
              ?county a ans:County ; skos:notation ?code .
            }}""",
        )
        assert sorted(r["code"] for r in rows) == COUNTY_CODES, duty
        assert all(r["holder"] == f"{ID}org/lansstyrelsen-{r['code']}" for r in rows), duty


def test_who_assigned_newcomers_to_municipalities(server):
    def assigners(day: str, extra: str = "") -> set[str]:
        return {
            r["who"]
            for r in select(
                server,
                f"""
            SELECT DISTINCT ?who WHERE {{
              ?r a ans:Responsibility ; ans:task task:municipal-assignment ; ans:dutyKind duty:assigns ;
                 ans:actor ?who ; ans:legalBasis/(eli:is_part_of?) <{ID}statute/sfs-2016-39> .
              {extra}
              {as_of(day)}
            }}""",
            )
        }

    af, mv = f"{ID}org/arbetsformedlingen", f"{ID}org/migrationsverket"
    # From 2017-01-01 Migrationsverket alone assigns every newcomer, quota refugees included.
    assert assigners("2017-06-01") == {mv}
    assert assigners("2024-01-01") == {mv}
    # In 2016 Arbetsförmedlingen assigned the newcomers covered by Lag (2010:197) ...
    assert assigners("2016-06-01", "?r ans:targetGroup tg:newly-arrived-establishment-act .") == {af}
    # ... and Migrationsverket the resettled quota refugees.
    assert assigners("2016-06-01", "?r ans:targetGroup tg:quota-refugees .") == {mv}
    # Nobody assigned under Lag (2016:38) before it entered into force on 2016-03-01.
    assert assigners("2016-02-29") == set()
    # The move is recorded, dated 2017-01-01, and flagged as not checked against the statute text.
    rows = select(
        server,
        f"""
        SELECT ?date ?reason WHERE {{
          ?t a ans:DutyTransfer ; ans:eventDate ?date ; ans:uncertain true ; ans:reason ?reason ;
             ans:transferredDuty/ans:actor <{af}> ; ans:resultingDuty/ans:actor <{mv}> .
        }}""",
    )
    assert [r["date"] for r in rows] == ["2017-01-01"] and rows[0]["reason"]


def test_no_statutory_duty_resting_on_lag_2010_197_runs_after_its_repeal(server):
    rows = select(
        server,
        f"""
        SELECT DISTINCT ?r WHERE {{
          GRAPH <https://w3id.org/ansvar/graph/reference> {{ ?r a ans:Responsibility ; ans:legalBasis ?basis }}
          {{ VALUES ?basis {{ <{ID}statute/sfs-2010-197> }} }}
          UNION {{ ?basis eli:is_part_of <{ID}statute/sfs-2010-197> }}
          {as_of("2018-06-01")}
          FILTER NOT EXISTS {{ ?r ans:legalBasis ?tp . ?tp a ans:TransitionalProvision ;
                                  ans:prolongs <{ID}statute/sfs-2010-197> }}
        }}""",
    )
    assert rows == []
    # The statutory ones did run in 2017: the 21 länsstyrelser's § 4 duties and Arbetsförmedlingen's § 3.
    rows = select(
        server,
        f"""
        SELECT DISTINCT ?r WHERE {{
          GRAPH <https://w3id.org/ansvar/graph/reference> {{ ?r a ans:Responsibility ; ans:legalBasis ?basis }}
          ?basis eli:is_part_of <{ID}statute/sfs-2010-197> .
          {as_of("2017-06-01")}
        }}""",
    )
    assert len(rows) == 22
    # The transitional provision of Lag (2017:584) keeps the repealed act applying, and says it is not checked.
    assert ask(
        server,
        f"""ASK {{ <{ID}statute/sfs-2017-584/transitional/3> a ans:TransitionalProvision ;
        eli:is_part_of <{ID}statute/sfs-2017-584> ; ans:prolongs <{ID}statute/sfs-2010-197> ;
        ans:uncertain true ; ans:reason ?why }}""",
    )


def test_lag_2010_197_4_passed_to_lag_2017_584_6_on_2018_01_01(server):
    old, new = f"{ID}statute/sfs-2010-197/section/4", f"{ID}statute/sfs-2017-584/section/6"
    assert ask(server, f"ASK {{ <{old}> dcterms:isReplacedBy <{new}> . <{new}> dcterms:replaces <{old}> }}")
    assert ask(
        server,
        f"ASK {{ <{ID}statute/sfs-2010-197/section/3> dcterms:isReplacedBy <{ID}statute/sfs-2017-584/section/5> }}",
    )
    rows = select(
        server,
        f"""
        SELECT ?t ?date ?by WHERE {{
          ?t a ans:DutyTransfer ; ans:transferredDuty <{R}2010-197-4> ; ans:resultingDuty <{R}2017-584-6> ;
             ans:eventDate ?date ; ans:enactedBy ?by ; prov:wasDerivedFrom <{ID}source/sfs> .
        }}""",
    )
    assert rows == [
        {
            "t": f"{ID}transfer/lag-2010-197-4-till-lag-2017-584-6",
            "date": "2018-01-01",
            "by": f"{ID}statute/sfs-2017-584",
        }
    ]
    # Blekinge's board held the old duty until 2017-12-31 and the new one from 2018-01-01.
    rows = select(
        server,
        f"""
        SELECT ?basis ?from ?until WHERE {{
          ?r ans:actor <{ID}org/lansstyrelsen-10> ; ans:task task:regional-cooperation ;
             ans:area <{ID}county/10> ; ans:legalBasis ?basis ; ans:validFrom ?from ; ans:generalDuty ?g ;
             prov:wasDerivedFrom <{ID}source/sfs> .
          OPTIONAL {{ ?r ans:validUntil ?until }}
        }} ORDER BY ?from""",
    )
    assert rows == [
        {"basis": old, "from": "2010-12-01", "until": "2017-12-31"},
        {"basis": new, "from": "2018-01-01"},
    ]


def test_the_37a_examining_authority_in_2016(server):
    def who(day: str, duty_kind: str) -> set[tuple[str, str]]:
        return {
            (r["who"], r["area"])
            for r in select(
                server,
                f"""
            SELECT DISTINCT ?who ?area WHERE {{
              GRAPH <https://w3id.org/ansvar/graph/reference> {{
                ?r a ans:Responsibility ; ans:dutyKind duty:{duty_kind} ; ans:actor ?who ; ans:area ?area ;
                   ans:legalBasis <{ID}statute/sfs-2010-1122/section/37a> , <{ID}statute/sfs-2010-1122/section/8> .
              }}
              {as_of(day)}
            }}""",
            )
        }

    # SFS 2014:367: "Länsstyrelsen i Jönköpings län prövar frågor om och betalar ut ersättning enligt 37 a ..." --
    # one board for the whole country.
    jonkoping = {(f"{ID}org/lansstyrelsen-06", f"{ID}country/se")}
    assert who("2016-06-01", "decides") == jonkoping
    assert who("2016-06-01", "pays-out") == jonkoping
    # SFS 2013:7 had given it to Länsstyrelsen i Kronobergs län.
    assert who("2013-06-01", "decides") == {(f"{ID}org/lansstyrelsen-07", f"{ID}country/se")}
    # The IRIs that a source's conflicting claim links to.
    assert ask(
        server,
        f"""ASK {{
        <{R}2010-1122-8-37a> ans:actor <{ID}org/lansstyrelsen-06> ; ans:dutyKind duty:decides .
        <{R}2010-1122-8-37> a ans:GeneralDuty ; ans:holderKind ans:CountyAdministrativeBoard }}""",
    )
    # § 37 funds: each board in its own county; Blekinge's board examines them for Blekinge in 2016.
    rows = select(
        server,
        f"""
        SELECT ?r WHERE {{ ?r ans:generalDuty <{R}2010-1122-8-37> ; ans:actor <{ID}org/lansstyrelsen-10> ;
                              ans:area <{ID}county/10> . {as_of("2016-06-01")} }}""",
    )
    assert rows == [{"r": f"{R}2010-1122-8-37/lansstyrelsen-10"}]
    # What was not checked against the text says so, as data.
    rows = select(
        server,
        f"""
        SELECT ?p WHERE {{ <{R}2010-1122-8-37a> prov:qualifiedDerivation ?e .
                           ?e ans:uncertain true ; ans:reason ?why ; ans:supports ?p }}""",
    )
    assert {r["p"] for r in rows} == {"https://w3id.org/ansvar/def#validFrom"}


def test_every_statutory_fact_has_evidence_for_each_statement(server):
    # Every property of a statutory duty (or of a holder's responsibility, via its general duty) other than
    # labels, comments and provenance is named by an evidence node whose entity is a section, statute or register.
    # Two plain selects and a set difference: one query with NOT EXISTS over ?p is planned badly.
    stated = {
        (r["r"], r["p"])
        for r in select(
            server,
            """
        SELECT DISTINCT ?r ?p WHERE {
          GRAPH <https://w3id.org/ansvar/graph/reference> {
            { ?r a ans:Responsibility } UNION { ?r a ans:GeneralDuty }
            ?r ?p ?o .
          }
          FILTER (?p NOT IN (rdf:type, skos:prefLabel, skos:altLabel, rdfs:comment, prov:wasDerivedFrom,
                             prov:qualifiedDerivation, ans:generalDuty))
        }""",
        )
    }
    supported = {
        (r["r"], r["p"])
        for r in select(
            server,
            """
        SELECT DISTINCT ?r ?p WHERE {
          GRAPH <https://w3id.org/ansvar/graph/reference> { { ?r a ans:Responsibility } UNION { ?r a ans:GeneralDuty } }
          ?r prov:qualifiedDerivation|(ans:generalDuty/prov:qualifiedDerivation) ?e .
          ?e a ans:Evidence ; ans:supports ?p ; prov:entity ?src ; ans:method ?m .
        }""",
        )
    }
    assert len(stated) > 2000
    assert stated - supported == set()


def test_statutes_and_sections_link_to_rinfo(server):
    rows = {
        r["x"]: r["m"]
        for r in select(
            server,
            """
        SELECT ?x ?m WHERE { { ?x a ans:Statute } UNION { ?x a ans:Section } ?x skos:exactMatch ?m }""",
        )
    }
    assert rows[f"{ID}statute/sfs-2017-584"] == "http://rinfo.lagrummet.se/publ/sfs/2017:584"
    assert rows[f"{ID}statute/sfs-2017-584/section/6"] == "http://rinfo.lagrummet.se/publ/sfs/2017:584#p_6"
    assert rows[f"{ID}statute/sfs-2010-1122/section/37a"] == "http://rinfo.lagrummet.se/publ/sfs/2010:1122#p_37a"
    assert rows[f"{ID}statute/sfs-2016-38/section/5"] == "http://rinfo.lagrummet.se/publ/sfs/2016:38#p_5"
    missing = select(
        server,
        """
        SELECT ?x WHERE { { ?x a ans:Statute } UNION { ?x a ans:Section }
                          FILTER NOT EXISTS { ?x skos:exactMatch ?m } }""",
    )
    assert missing == []


def test_every_county_has_a_region_with_a_history(server):
    rows = select(
        server,
        """
        SELECT ?code ?region ?from ?before ?event ?date WHERE {
          ?county a ans:County ; skos:notation ?code .
          ?region a ans:Region ; ans:area ?a .
          FILTER (?a = ?county || EXISTS { ?a ans:withinTerritory ?county })
          ?region ans:predecessor ?before ; org:resultedFrom ?event .
          ?event org:resultingOrganization ?region ; ans:eventDate ?date .
          ?before org:changedBy ?event .
          OPTIONAL { ?region ans:validFrom ?from }
        }""",
    )
    by_county: dict[str, set[tuple]] = {}
    for r in rows:
        by_county.setdefault(r["code"], set()).add((r["region"].rsplit("/", 1)[1], r.get("from"), r["date"]))
    assert sorted(by_county) == COUNTY_CODES
    # Hand-written: when the region took over from the county council(s).
    assert by_county["12"] == {("region-skane", "1999-01-01", "1999-01-01")}
    assert by_county["14"] == {("vastra-gotalandsregionen", "1999-01-01", "1999-01-01")}
    assert by_county["13"] == {("region-halland", "2011-01-01", "2011-01-01")}
    assert by_county["23"] == {("region-jamtland-harjedalen", "2015-01-01", "2015-01-01")}
    assert by_county["01"] == {("region-stockholm", "2019-01-01", "2019-01-01")}
    assert by_county["10"] == {("region-blekinge", "2019-01-01", "2019-01-01")}
    assert by_county["09"] == {("kommun-0980", None, "1971-01-01")}  # Gotlands kommun, landsting tasks since 1971
    # Region Skåne replaced the two county councils of the former Kristianstads and Malmöhus län.
    before = {r["b"] for r in select(server, f"SELECT ?b WHERE {{ <{ID}org/region-skane> ans:predecessor ?b }}")}
    assert before == {f"{ID}org/kristianstads-lans-landsting", f"{ID}org/malmohus-lans-landsting"}
    # A county council ends the day before its region begins.
    assert (
        select(
            server,
            """
        SELECT ?cc WHERE { ?cc a ans:CountyCouncil ; ans:validUntil ?u ; ans:successor ?reg .
                           ?reg ans:validFrom ?f FILTER (?u >= ?f) }""",
        )
        == []
    )
    # Dates not checked against the statute are flagged with a reason.
    assert ask(server, f"ASK {{ <{ID}org/region-norrbotten> ans:uncertain true ; ans:reason ?why }}")
