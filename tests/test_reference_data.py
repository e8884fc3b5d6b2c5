"""Reference data as an analyst checks it against the official lists, through the real endpoint.

Expected values are written here by hand from SCB's list of county and
municipality codes and from the statute book, never read from the graph.
"""

from __future__ import annotations

from collections import Counter

from sparql_answers import ID, ask, select

# SCB county codes and the number of municipalities in each county (2024: 21 counties, 290 municipalities).
MUNICIPALITIES_PER_COUNTY = {
    "01": 26,
    "03": 8,
    "04": 9,
    "05": 13,
    "06": 13,
    "07": 8,
    "08": 12,
    "09": 1,
    "10": 5,
    "12": 33,
    "13": 6,
    "14": 49,
    "17": 16,
    "18": 12,
    "19": 10,
    "20": 15,
    "21": 10,
    "22": 7,
    "23": 8,
    "24": 15,
    "25": 14,
}
COUNTY_NAMES = {  # Swedish and official English names
    "01": ("Stockholms län", "Stockholm County"),
    "10": ("Blekinge län", "Blekinge County"),
    "13": ("Hallands län", "Halland County"),
    "14": ("Västra Götalands län", "Västra Götaland County"),
    "20": ("Dalarnas län", "Dalarna County"),
    "23": ("Jämtlands län", "Jämtland County"),
    "25": ("Norrbottens län", "Norrbotten County"),
}
SOME_MUNICIPALITIES = {  # code: Swedish name of the municipality (organisation)
    "0180": "Stockholms kommun",
    "0980": "Region Gotland",
    "1080": "Karlskrona kommun",
    "1082": "Karlshamns kommun",
    "1380": "Halmstads kommun",
    "1480": "Göteborgs kommun",
    "2080": "Falu kommun",
    "2380": "Östersunds kommun",
    "2584": "Kiruna kommun",
}


def test_21_counties_with_their_official_codes(server):
    rows = select(server, "SELECT ?c ?code WHERE { ?c a ans:County ; skos:notation ?code }")
    assert sorted(r["code"] for r in rows) == sorted(MUNICIPALITIES_PER_COUNTY)
    assert all(r["c"] == f"{ID}county/{r['code']}" for r in rows)


def test_counties_have_swedish_and_english_names(server):
    rows = select(
        server,
        """
        SELECT ?code ?sv ?en WHERE {
          ?c a ans:County ; skos:notation ?code ; skos:prefLabel ?sv , ?en .
          FILTER (LANG(?sv) = "sv" && LANG(?en) = "en")
        }""",
    )
    names = {r["code"]: (r["sv"], r["en"]) for r in rows}
    assert len(rows) == 21 and set(names) == set(MUNICIPALITIES_PER_COUNTY)
    for code, expected in COUNTY_NAMES.items():
        assert names[code] == expected


def test_290_municipal_areas_and_290_municipalities(server):
    rows = select(
        server,
        """
        SELECT (COUNT(DISTINCT ?a) AS ?areas) (COUNT(DISTINCT ?m) AS ?orgs) WHERE {
          { ?a a ans:MunicipalArea } UNION { ?m a ans:Municipality }
        }""",
    )
    assert rows == [{"areas": "290", "orgs": "290"}]


def test_every_municipal_area_lies_in_exactly_one_county_given_by_its_code(server):
    rows = select(
        server,
        """
        SELECT ?code (COUNT(DISTINCT ?county) AS ?n) (SAMPLE(?ccode) AS ?countyCode) WHERE {
          ?a a ans:MunicipalArea ; skos:notation ?code .
          OPTIONAL { ?a ans:withinTerritory ?county . ?county a ans:County ; skos:notation ?ccode }
        } GROUP BY ?code""",
    )
    assert len(rows) == 290
    assert [r["code"] for r in rows if r["n"] != "1"] == []
    assert [r["code"] for r in rows if r["code"][:2] != r.get("countyCode")] == []
    per_county = Counter(r["countyCode"] for r in rows)
    assert per_county == Counter(MUNICIPALITIES_PER_COUNTY)


def test_every_municipality_is_the_organisation_of_its_area(server):
    rows = select(
        server,
        """
        SELECT ?m ?code ?name ?area WHERE {
          ?m a ans:Municipality ; skos:notation ?code ; skos:prefLabel ?name ; ans:area ?area .
          FILTER (LANG(?name) = "sv")
        }""",
    )
    assert len(rows) == 290
    for r in rows:
        assert r["m"] == f"{ID}org/kommun-{r['code']}"
        assert r["area"] == f"{ID}municipal-area/{r['code']}"
    names = {r["code"]: r["name"] for r in rows}
    for code, name in SOME_MUNICIPALITIES.items():
        assert names[code] == name


def test_every_lansstyrelse_is_tied_to_its_county(server):
    rows = select(
        server,
        """
        SELECT ?board ?code WHERE {
          ?board a ans:CountyAdministrativeBoard ; ans:area ?county .
          ?county a ans:County ; skos:notation ?code .
        }""",
    )
    assert len(rows) == 21
    assert sorted(r["code"] for r in rows) == sorted(MUNICIPALITIES_PER_COUNTY)
    assert all(r["board"] == f"{ID}org/lansstyrelsen-{r['code']}" for r in rows)
    # Each has a Swedish and an English name and a Landshövding post.
    named = select(
        server,
        """
        SELECT ?board WHERE {
          ?board a ans:CountyAdministrativeBoard ; skos:prefLabel ?sv , ?en .
          ?post org:postIn ?board ; skos:prefLabel "Landshövding"@sv .
          FILTER (LANG(?sv) = "sv" && LANG(?en) = "en")
        }""",
    )
    assert len({r["board"] for r in named}) == 21
    assert select(
        server, f"""SELECT ?l WHERE {{ <{ID}org/lansstyrelsen-10> skos:prefLabel ?l FILTER(LANG(?l)="en") }}"""
    ) == [{"l": "County Administrative Board of Blekinge"}]


def test_every_actor_and_territory_has_a_swedish_label_and_agencies_their_english_names(server):
    missing = select(
        server,
        """
        SELECT ?x WHERE {
          { ?x a ans:Actor } UNION { ?x a ans:Territory }
          FILTER NOT EXISTS { ?x skos:prefLabel ?l FILTER (LANG(?l) = "sv") }
        }""",
    )
    assert missing == []
    english = {
        r["x"].rsplit("/", 1)[-1]: r["l"]
        for r in select(
            server,
            """
        SELECT ?x ?l WHERE { ?x a ans:NationalAgency ; skos:prefLabel ?l FILTER (LANG(?l) = "en") }""",
        )
    }
    assert english["arbetsformedlingen"] == "Swedish Public Employment Service"
    assert english["migrationsverket"] == "Swedish Migration Agency"
    assert english["forsakringskassan"] == "Swedish Social Insurance Agency"
    assert english["skatteverket"] == "Swedish Tax Agency"


def test_statutes_dates_repeal_and_replacement(server):
    rows = select(
        server,
        """
        SELECT ?sfs ?from ?until ?repealedBy WHERE {
          ?s a ans:Statute ; ans:sfsNumber ?sfs .
          OPTIONAL { ?s eli:first_date_entry_in_force ?from }
          OPTIONAL { ?s eli:date_no_longer_in_force ?until }
          OPTIONAL { ?s eli:repealed_by/ans:sfsNumber ?repealedBy }
        }""",
    )
    by_sfs = {r["sfs"]: r for r in rows}
    # Lag (2010:197): in force 2010-12-01, repealed by Lag (2017:584), which entered into force 2018-01-01.
    assert by_sfs["2010:197"]["from"] == "2010-12-01"
    assert by_sfs["2010:197"]["until"] == "2017-12-31"
    assert by_sfs["2010:197"]["repealedBy"] == "2017:584"
    assert by_sfs["2017:584"]["from"] == "2018-01-01" and "until" not in by_sfs["2017:584"]
    # Lag (2016:38) om mottagande av vissa nyanlända invandrare för bosättning: in force 2016-03-01.
    assert by_sfs["2016:38"]["from"] == "2016-03-01" and "until" not in by_sfs["2016:38"]
    assert ask(server, f"ASK {{ <{ID}statute/sfs-2017-584> dcterms:replaces <{ID}statute/sfs-2010-197> }}")
    # § 4 of 2010:197 (the Länsstyrelse's duty to promote regional cooperation) is part of it.
    assert ask(
        server,
        f"""ASK {{ <{ID}statute/sfs-2010-197/section/4> eli:is_part_of <{ID}statute/sfs-2010-197> ;
                                  ans:sectionNumber "4" }}""",
    )


def test_statute_in_force_as_of_a_date_is_one_filter(server):
    query = """
        SELECT ?sfs WHERE {{
          ?s a ans:Statute ; ans:sfsNumber ?sfs ; ans:validFrom ?from .
          FILTER (?from <= "{d}"^^xsd:date)
          FILTER NOT EXISTS {{ ?s ans:validUntil ?u FILTER (?u < "{d}"^^xsd:date) }}
          FILTER (?sfs IN ("2010:197", "2017:584", "2016:38"))
        }}"""
    assert {r["sfs"] for r in select(server, query.format(d="2016-06-30"))} == {"2010:197", "2016:38"}
    assert {r["sfs"] for r in select(server, query.format(d="2018-06-30"))} == {"2017:584", "2016:38"}


def test_the_body_that_holds_landstinget_blekinges_duties_today(server):
    rows = select(
        server,
        f"""
        SELECT ?today ?name WHERE {{
          <{ID}org/landstinget-blekinge> ans:successor+ ?today .
          FILTER NOT EXISTS {{ ?today ans:successor ?later }}
          ?today skos:prefLabel ?name FILTER (LANG(?name) = "sv")
        }}""",
    )
    assert rows == [{"today": f"{ID}org/region-blekinge", "name": "Region Blekinge"}]


def test_organisational_history(server):
    def today(key: str) -> set[str]:
        return {
            r["t"]
            for r in select(
                server,
                f"""
            SELECT ?t WHERE {{ <{ID}org/{key}> ans:successor+ ?t FILTER NOT EXISTS {{ ?t ans:successor ?x }} }}""",
            )
        }

    assert today("skl") == {f"{ID}org/skr"}  # SKL renamed SKR
    assert today("regionforbundet-halland") == {f"{ID}org/region-halland"}
    assert today("landstinget-dalarna") == {f"{ID}org/region-dalarna"}
    assert today("jamtlands-lans-landsting") == {f"{ID}org/region-jamtland-harjedalen"}
    assert today("malmohus-lans-landsting") == {f"{ID}org/region-skane"}
    assert today("alvsborgs-lans-landsting") == {f"{ID}org/vastra-gotalandsregionen"}
    assert today("stockholms-lans-landsting") == {f"{ID}org/region-stockholm"}
    assert today("gotlands-lans-landsting") == {f"{ID}org/kommun-0980"}  # Region Gotland, a municipality
    # The events carry their dates: SKL became SKR on 2019-11-27; the Blekinge merger took effect 2019-01-01.
    rows = select(
        server,
        f"""
        SELECT ?date WHERE {{ ?e org:originalOrganization <{ID}org/skl> ;
                                 org:resultingOrganization <{ID}org/skr> ; ans:eventDate ?date }}""",
    )
    assert rows == [{"date": "2019-11-27"}]
    rows = select(
        server,
        f"""
        SELECT ?date WHERE {{ ?e a ans:Merger ; org:originalOrganization <{ID}org/landstinget-blekinge> ;
                                 ans:eventDate ?date }}""",
    )
    assert rows == [{"date": "2019-01-01"}]


def test_every_reference_fact_names_its_source(server):
    rows = select(
        server,
        """
        SELECT DISTINCT ?x WHERE {
          GRAPH <https://w3id.org/ansvar/graph/reference> { ?x a ?cls }
          VALUES ?cls { ans:County ans:MunicipalArea ans:Municipality ans:CountyAdministrativeBoard ans:Region
                        ans:CountyCouncil ans:NationalAgency ans:Statute ans:Section org:ChangeEvent
                        org:Membership ans:Post }
          FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?src . ?src a ans:SourceDocument }
        }""",
    )
    assert rows == []


def test_uncertain_facts_say_why(server):
    # A flag without its reason cannot be acted on: in the reference data the reason is data (ans:reason).
    rows = select(
        server,
        """
        SELECT ?x WHERE { GRAPH <https://w3id.org/ansvar/graph/reference> { ?x ans:uncertain true }
                          FILTER NOT EXISTS { ?x ans:reason ?why } }""",
    )
    assert rows == []
    rows = select(
        server,
        """
        SELECT ?x WHERE { ?x ans:uncertain true
                          FILTER NOT EXISTS { ?x ans:reason ?why } FILTER NOT EXISTS { ?x rdfs:comment ?c } }""",
    )
    assert rows == []
    # And something is marked: the wording of § 7 of 2016:38 was not checked against the text.
    assert ask(server, f"ASK {{ <{ID}statute/sfs-2016-38/section/7> ans:uncertain true ; ans:reason ?why }}")
