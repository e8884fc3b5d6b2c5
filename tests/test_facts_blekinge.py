"""Exact facts of Blekinge's regional agreement 2016-2018 (seed 004), asked through the real SPARQL endpoint.

The expected answers are written by hand from the Swedish text (../shared/seeds/004_f4bfebcefc1f1631.txt)
and the law as it changed, not read from the graph: who holds a duty each and who jointly, in which
territory, for which period, and which quote supports which statement.
"""

from __future__ import annotations

from sparql_answers import ANS, ID, C, ask, seed_text, select

DOC = f"{ID}source/blekinge-overenskommelse-2016"
GRAPH = "https://w3id.org/ansvar/graph/source/blekinge-overenskommelse-2016"
SEED = "004_f4bfebcefc1f1631.txt"
R = f"{ID}responsibility/blekinge-overenskommelse-2016/"
AGREEMENT = f"{ID}agreement/blekinge-2016-2018"

# Blekinge's municipalities and their codes (SCB): each holds its municipal duties in its own area.
MUNICIPALITIES = {
    "1060": "Olofström",
    "1080": "Karlskrona",
    "1081": "Ronneby",
    "1082": "Karlshamn",
    "1083": "Sölvesborg",
}
# The eleven parties that signed (the signature block of the text).
PARTIES = {
    f"{ID}org/{k}"
    for k in (
        "lansstyrelsen-10",
        "migrationsverket",
        "arbetsformedlingen",
        "forsakringskassan",
        "landstinget-blekinge",
        "regionforbundet-blekinge",
        *(f"kommun-{c}" for c in MUNICIPALITIES),
    )
}


def org(key: str) -> str:
    return f"{ID}org/{key}"


def in_force(var: str, day: str) -> str:
    return (
        f'?{var} ans:validFrom ?from_{var} . FILTER(?from_{var} <= "{day}"^^xsd:date) '
        f'FILTER NOT EXISTS {{ ?{var} ans:validUntil ?until_{var} FILTER(?until_{var} < "{day}"^^xsd:date) }}'
    )


def quotes_in_text(rows, key="quote"):
    text = seed_text(SEED)
    for row in rows:
        assert row[key] in text, row


# -- each or jointly ------------------------------------------------------------------


def test_who_provides_school_in_karlskrona_is_karlskrona_kommun_alone(server):
    # "Kommunerna ska ombesörja skola, förskoleverksamhet, barnomsorg och andra insatser för barn och ungdomar."
    rows = select(
        server,
        f"""
        SELECT ?r ?holder ?joint WHERE {{
          ?r ans:task <{C}task/school> ; ans:dutyKind <{C}duty/provides> ; ans:actor ?holder ;
             ans:area <{ID}municipal-area/1080> .
          BIND(EXISTS {{ ?r a ans:JointResponsibility }} AS ?joint)
        }}""",
    )
    assert {(r["holder"], r["joint"]) for r in rows} == {(org("kommun-1080"), "false")}
    assert {r["r"] for r in rows} == {R + "32/kommun-1080"}
    # Asked of the county: each municipality provides school in its own area, nobody for all five.
    county = select(
        server,
        f"""
        SELECT ?holder ?area WHERE {{
          ?r ans:task <{C}task/school> ; ans:dutyKind <{C}duty/provides> ; ans:actor ?holder ; ans:area ?area ;
             prov:wasDerivedFrom <{DOC}> .
          {{ VALUES ?area {{ <{ID}county/10> }} }} UNION {{ ?area ans:withinTerritory <{ID}county/10> }}
        }}""",
    )
    assert {(r["holder"], r["area"]) for r in county} == {
        (org(f"kommun-{c}"), f"{ID}municipal-area/{c}") for c in MUNICIPALITIES
    }
    # The quote that supports the task of Karlskrona's duty (through its general duty).
    quotes = select(
        server,
        f"""
        SELECT ?quote WHERE {{
          <{R}32/kommun-1080> ans:generalDuty ?g .
          ?g a ans:GeneralDuty ; ans:holderKind ans:Municipality ; prov:qualifiedDerivation ?e .
          ?e ans:supports ans:task ; ans:method <{C}evidence-method/quoted> ; ans:quote ?quote .
        }}""",
    )
    assert [r["quote"] for r in quotes] == [
        "Kommunerna ska ombesörja skola, förskoleverksamhet, barnomsorg och andra insatser för barn och ungdomar."
    ]


def test_the_five_municipalities_each_hold_sfi_in_their_own_area(server):
    # "Kommunerna ska erbjuda SFI och SO och annan vuxenutbildning."
    rows = select(
        server,
        f"""
        SELECT ?r ?holder ?area ?g ?ob WHERE {{
          ?r a ans:Responsibility ; ans:task <{C}task/sfi> ; ans:dutyKind <{C}duty/provides> ;
             ans:actor ?holder ; ans:area ?area ; ans:generalDuty ?g ; ans:obligationKind ?ob ;
             prov:wasDerivedFrom <{DOC}> .
          FILTER NOT EXISTS {{ ?r a ans:JointResponsibility }}
        }}""",
    )
    assert {(r["holder"], r["area"]) for r in rows} == {
        (org(f"kommun-{c}"), f"{ID}municipal-area/{c}") for c in MUNICIPALITIES
    }
    assert {r["g"] for r in rows} == {R + "31"}
    assert {r["ob"] for r in rows} == {f"{C}obligation/duty"}
    assert {r["r"] for r in rows} == {f"{R}31/kommun-{c}" for c in MUNICIPALITIES}
    # The general duty itself has no holder and no territory of its own.
    assert not ask(server, f"ASK {{ <{R}31> ans:actor|ans:area ?x }}")


def test_swedish_for_asylum_seekers_in_blekinge_is_a_joint_commitment_of_the_eleven_parties(server):
    # "Vi ska, förutom den lagstadgade sfi och SO, tillsammans skapa förutsättningar för att asylsökande
    #  individer ska kunna tillskansa sig det svenska språket ..." — "Vi, som ingått denna överenskommelse"
    rows = select(
        server,
        f"""
        SELECT ?r ?holder ?ob ?joint WHERE {{
          ?r ans:task <{C}task/language-asylum-seekers> ; ans:actor ?holder ; ans:obligationKind ?ob ;
             ans:area ?a .
          {{ VALUES ?a {{ <{ID}county/10> }} }} UNION {{ ?a ans:withinTerritory <{ID}county/10> }}
          UNION {{ <{ID}county/10> ans:withinTerritory ?a }}
          BIND(EXISTS {{ ?r a ans:JointResponsibility }} AS ?joint)
        }}""",
    )
    ours = [r for r in rows if r["r"] == R + "69"]
    assert {r["holder"] for r in ours} == PARTIES
    assert {(r["ob"], r["joint"]) for r in ours} == {(f"{C}obligation/commitment", "true")}
    assert {r["r"] for r in rows if r["holder"] in PARTIES and r["r"].startswith(R)} == {R + "69"}
    quote = select(
        server,
        f"""
        SELECT ?quote WHERE {{ <{R}69> prov:qualifiedDerivation ?e . ?e ans:supports ans:task ; ans:quote ?quote }}""",
    )
    assert [r["quote"] for r in quote] == [
        "Vi ska, förutom den lagstadgade sfi och SO, tillsammans skapa förutsättningar för att asylsökande "
        "individer ska kunna tillskansa sig det svenska språket och kunskap om det svenska samhället."
    ]


def test_each_party_duties_have_one_holder_each_in_the_territory_the_commitment_applies_to(server):
    # "Varje aktör ansvarar för att följa upp och mäta sina egna insatser inom sina respektive uppdrag."
    rows = select(
        server,
        f"""
        SELECT ?holder ?area WHERE {{ ?r ans:generalDuty <{R}18> ; ans:actor ?holder ; ans:area ?area }}""",
    )
    expected = {(org(f"kommun-{c}"), f"{ID}municipal-area/{c}") for c in MUNICIPALITIES}
    expected |= {(p, f"{ID}county/10") for p in PARTIES if "kommun-" not in p}  # a commitment made for Blekinge
    assert {(r["holder"], r["area"]) for r in rows} == expected
    assert not ask(server, f"ASK {{ <{R}18> a ans:JointResponsibility }}")


def test_every_responsibility_of_this_source_has_one_holder_unless_joint(server):
    rows = select(
        server,
        f"""
        SELECT ?r (COUNT(DISTINCT ?a) AS ?n) (SAMPLE(?j) AS ?joint) WHERE {{
          GRAPH <{GRAPH}> {{ ?r a ?kind }} VALUES ?kind {{ ans:Responsibility ans:JointResponsibility }}
          OPTIONAL {{ ?r ans:actor ?a }}
          BIND(EXISTS {{ ?r a ans:JointResponsibility }} AS ?j)
        }} GROUP BY ?r""",
    )
    assert len(rows) > 100
    wrong = [r for r in rows if (r["joint"] == "true") != (int(r["n"]) > 1) or int(r["n"]) == 0]
    assert wrong == []
    joint = {r["r"] for r in rows if r["joint"] == "true"}
    # "tillsammans", "gemensamt ansvar", the "Vi ska ..." of the parties who "tar ett gemensamt ansvar"
    assert joint == {R + n for n in ("01", "02", "03", "06", "66", "67", "68", "69", "70", "71", "72")}


# -- evidence per statement -------------------------------------------------------------


def test_the_quote_that_supports_the_adoption_date(server):
    rows = select(
        server,
        f"""
        SELECT ?quote ?method ?doc WHERE {{
          <{AGREEMENT}> ans:adoptedOn "2016-02-17"^^xsd:date ; prov:qualifiedDerivation ?e .
          ?e ans:supports ans:adoptedOn ; ans:quote ?quote ; ans:method ?method ; prov:entity ?doc .
        }}""",
    )
    assert rows == [
        {
            "quote": "Den regionala överenskommelsen 2016-2018 är antagen av Integrationsrådets "
            "medlemmar enligt protokoll 2016-02-17.",
            "method": f"{C}evidence-method/quoted",
            "doc": DOC,
        }
    ]
    # The same sentence supports who adopted it; the period's days are inferred, and say so.
    adopted = (
        "Den regionala överenskommelsen 2016-2018 är antagen av Integrationsrådets medlemmar "
        "enligt protokoll 2016-02-17."
    )
    assert ask(
        server,
        f"""ASK {{ <{AGREEMENT}> prov:qualifiedDerivation ?e . ?e ans:supports ans:adoptedBy ;
        ans:quote "{adopted}"@sv }}""",
    )
    period = select(
        server,
        f"""
        SELECT ?p ?method ?uncertain ?reason WHERE {{
          <{AGREEMENT}> prov:qualifiedDerivation ?e .
          ?e ans:supports ?p ; ans:method ?method ; ans:uncertain ?uncertain ; ans:reason ?reason .
          VALUES ?p {{ ans:validFrom ans:validUntil }}
        }}""",
    )
    assert {(r["p"], r["method"], r["uncertain"]) for r in period} == {
        (f"{ANS}validFrom", f"{C}evidence-method/inferred", "true"),
        (f"{ANS}validUntil", f"{C}evidence-method/inferred", "true"),
    }
    assert all("2016-2018" in r["reason"] for r in period)
    # No bag of quotes on the agreement node itself.
    assert not ask(server, f"ASK {{ <{AGREEMENT}> ans:quote ?q }}")


def test_every_asserted_statement_of_this_graph_is_supported_by_evidence(server):
    exempt = (
        "rdf:type",
        "skos:prefLabel",
        "skos:altLabel",
        "rdfs:comment",
        "prov:wasDerivedFrom",
        "prov:qualifiedDerivation",
        "ans:generalDuty",
    )
    rows = select(
        server,
        f"""
        SELECT ?fact ?p WHERE {{
          GRAPH <{GRAPH}> {{ ?fact ?p ?o }}
          FILTER NOT EXISTS {{ GRAPH <{GRAPH}> {{ ?fact a ?skip }}
                               VALUES ?skip {{ ans:Evidence ans:SourceDocument ans:UnmodelledStatement }} }}
          FILTER (?p NOT IN ({", ".join(exempt)}))
          FILTER NOT EXISTS {{ ?fact ans:generalDuty?/prov:qualifiedDerivation/ans:supports ?p }}
        }}""",
    )
    missing = sorted({(r["fact"].removeprefix(ID), r["p"].rsplit("#", 1)[-1]) for r in rows})
    assert missing == []
    # ... and the check has something to check.
    counted = select(
        server,
        f"""
        SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?f prov:qualifiedDerivation ?e }} }}""",
    )
    assert int(counted[0]["n"]) > 500


def test_inferred_evidence_is_flagged_with_a_reason_and_quotes_are_verbatim(server):
    unflagged = select(
        server,
        f"""
        SELECT ?e WHERE {{ GRAPH <{GRAPH}> {{ ?e ans:method <{C}evidence-method/inferred> }}
          FILTER NOT EXISTS {{ ?e ans:uncertain true ; ans:reason ?r }} }}""",
    )
    assert unflagged == []
    rows = select(
        server,
        f"""
        SELECT ?quote WHERE {{ GRAPH <{GRAPH}> {{ ?e a ans:Evidence ; ans:quote ?quote }} }}""",
    )
    assert len(rows) > 300
    quotes_in_text(rows)
    # No fact of this graph keeps a quote of its own: quotes are on evidence (and on the ledger).
    assert (
        select(
            server,
            f"""
        SELECT ?x WHERE {{ GRAPH <{GRAPH}> {{ ?x ans:quote ?q }}
          FILTER NOT EXISTS {{ GRAPH <{GRAPH}> {{ ?x a ?k }}
                               VALUES ?k {{ ans:Evidence ans:UnmodelledStatement }} }} }}""",
        )
        == []
    )


def test_meeting_frequencies_read_from_the_organisation_chart_are_flagged(server):
    # "Integrationsrådet Länsstyrelsen ... Kommuner (4 ggr/år) Beredningsgrupp (6 ggr/år)": a chart, not a sentence.
    rows = select(
        server,
        f"""
        SELECT ?body ?quote ?method ?uncertain WHERE {{
          VALUES ?body {{ <{ID}body/blekinge-integrationsradet> <{ID}body/blekinge-beredningsgruppen> }}
          ?body prov:qualifiedDerivation ?e .
          ?e ans:supports ans:meetingsPerYear ; ans:quote ?quote ; ans:method ?method ; ans:uncertain ?uncertain ;
             ans:reason ?reason .
        }}""",
    )
    quotes_in_text(rows)
    assert {(r["body"].rsplit("/", 1)[-1], r["method"].rsplit("/", 1)[-1], r["uncertain"]) for r in rows} == {
        ("blekinge-integrationsradet", "inferred", "true"),
        ("blekinge-beredningsgruppen", "inferred", "true"),
    }
    assert {r["quote"] for r in rows if r["body"].endswith("integrationsradet")} == {
        "Integrationsrådet Länsstyrelsen Arbetsförmedlingen Migrationsverket Försäkringskassa Landstinget "
        "Region Blekinge Kommuner (4 ggr/år)"
    }


def test_every_statement_of_the_text_is_modelled_or_set_aside_with_a_reason(server):
    rows = select(
        server,
        f"""
        SELECT ?quote ?reason WHERE {{ ?u a ans:UnmodelledStatement ; prov:wasDerivedFrom <{DOC}> ;
                                         ans:quote ?quote ; ans:reason ?reason }}""",
    )
    quotes_in_text(rows)
    set_aside = {r["quote"] for r in rows}
    # Background figures, the definition of "nyanländ", the footnote and the table of contents are set aside.
    for start in (
        "Bakgrund 1 januari 2016",
        "Med nyanländ menas",
        "Samtidigt befinner sig över 3000",
        "1 När det i texten nämns",
        "Innehållsförteckning",
        "Definition av snabbspår",
    ):
        assert any(q.startswith(start) for q in set_aside), start
    # No signatory's name is quoted anywhere: the party records quote "post, organisation".
    assert (
        select(
            server,
            f"""
        SELECT ?q WHERE {{ GRAPH <{GRAPH}> {{ ?x ans:quote ?q }}
          FILTER (CONTAINS(?q, "Andnor") || CONTAINS(?q, "Ekdahl") || CONTAINS(?q, "Fridlund")
                  || CONTAINS(?q, "Cederström") || CONTAINS(?q, "Lanér")) }}""",
        )
        == []
    )


# -- time against the law -------------------------------------------------------------------


def test_nobody_assigns_newly_arrived_people_to_municipalities_on_2017_06_01_by_this_source(server):
    # Arbetsförmedlingen assigned from 2016-03-01 (Lag (2016:38)) to 2016-12-31; Migrationsverket from 2017-01-01,
    # which this text (adopted 2016-02-17) does not say. Quota refugees are a separate duty of Migrationsverket.
    def assigners(day: str) -> set[str]:
        rows = select(
            server,
            f"""
            SELECT ?actor WHERE {{
              ?r ans:task <{C}task/municipal-assignment> ; ans:dutyKind <{C}duty/assigns> ; ans:actor ?actor ;
                 prov:wasDerivedFrom <{DOC}> .
              FILTER NOT EXISTS {{ ?r ans:targetGroup <{C}target-group/quota-refugees> }}
              {in_force("r", day)}
            }}""",
        )
        return {r["actor"] for r in rows}

    assert assigners("2017-06-01") == set()
    assert assigners("2016-06-01") == {org("arbetsformedlingen")}
    assert assigners("2016-02-20") == set()  # before Lag (2016:38) entered into force
    rows = select(
        server,
        f"""
        SELECT ?from ?until ?reason WHERE {{
          <{R}20> ans:validFrom ?from ; ans:validUntil ?until ; prov:qualifiedDerivation ?e .
          ?e ans:supports ans:validFrom ; ans:reason ?reason }}""",
    )
    assert [(r["from"], r["until"]) for r in rows] == [("2016-03-01", "2016-12-31")]
    assert "2016-02-17" in rows[0]["reason"]


def test_no_fact_of_this_source_resting_on_lag_2010_197_is_in_force_on_2018_06_01(server):
    rows = select(
        server,
        f"""
        SELECT ?r WHERE {{
          ?r prov:wasDerivedFrom <{DOC}> ; ans:legalBasis ?b .
          VALUES ?b {{ <{ID}statute/sfs-2010-197> <{ID}statute/sfs-2010-197/section/3>
                      <{ID}statute/sfs-2010-197/section/4> }}
          {in_force("r", "2018-06-01")}
        }}""",
    )
    assert rows == []
    # ... and they were in force on 2017-06-01: etableringssamtal, etableringsplan, the benefits, § 3 and § 4.
    rows = select(
        server,
        f"""
        SELECT DISTINCT ?r WHERE {{
          ?r prov:wasDerivedFrom <{DOC}> ; ans:legalBasis ?b ; ans:validUntil "2017-12-31"^^xsd:date .
          VALUES ?b {{ <{ID}statute/sfs-2010-197> <{ID}statute/sfs-2010-197/section/3>
                      <{ID}statute/sfs-2010-197/section/4> }}
          {in_force("r", "2017-06-01")}
        }}""",
    )
    # Arbetsförmedlingen's coordinating duty (once /21) is the statutory fact sfs/2010-197-3, with this
    # text's evidence: one fact, one node.
    assert {r["r"].removeprefix(R) for r in rows} == {
        f"{ID}responsibility/sfs/2010-197-3",
        "22",
        "23",
        "24",
        "25",
        "26",
        "27",
        "45",
        "46",
        "47",
        "62",
        "63",
    }


def test_region_blekinge_holds_none_of_landstinget_blekinges_2016_duties_today(server):
    today = "2026-12-01"
    held = select(
        server,
        f"""
        SELECT ?r WHERE {{ ?r ans:actor <{ID}org/landstinget-blekinge> . {in_force("r", today)} }}""",
    )
    assert held == []
    # Landstinget's 2016 duties ("Landstinget Blekinge ska erbjuda hälsoundersökningar till asylsökande." ...)
    # end no later than the agreement and the county council (2018-12-31).
    ends = select(
        server,
        f"""
        SELECT ?r ?until WHERE {{ ?r ans:actor <{ID}org/landstinget-blekinge> ; prov:wasDerivedFrom <{DOC}> .
                                  OPTIONAL {{ ?r ans:validUntil ?until }} }}""",
    )
    assert len(ends) >= 3 + 11  # /51-/53 and its share of the parties' duties
    assert all(r.get("until") and r["until"] <= "2018-12-31" for r in ends), ends
    # Its successor exists, but nothing of this source is held by it, in 2016 or today.
    assert ask(server, f"ASK {{ <{ID}org/landstinget-blekinge> ans:successor <{ID}org/region-blekinge> }}")
    assert not ask(server, f"""ASK {{ ?r ans:actor <{ID}org/region-blekinge> ; prov:wasDerivedFrom <{DOC}> }}""")
    assert not ask(server, f"""ASK {{ ?m org:member <{ID}org/region-blekinge> ; prov:wasDerivedFrom <{DOC}> }}""")
    # The 2016 "Region Blekinge" of the text is the regionförbund, and none of its duties runs past 2018.
    assert not ask(
        server,
        f"""ASK {{ ?r ans:actor <{ID}org/regionforbundet-blekinge> .
                                    {in_force("r", "2019-01-01")} }}""",
    )


# -- the law and the source disagree ------------------------------------------------------------


def test_the_37a_funds_are_uncertain_and_conflict_with_the_ordinance(server):
    # "Besluta och utbetala utvecklingsmedel s.k. 37 och 37a-medel." against Förordning (2010:1122) § 8 (SFS 2013:7):
    # "Länsstyrelsen i Kronobergs län prövar frågor om och betalar ut ersättning enligt 37 a §."
    rows = select(
        server,
        f"""
        SELECT ?r ?duty ?reason WHERE {{
          ?r ans:actor <{ID}org/lansstyrelsen-10> ; ans:object <{ID}grant/utvecklingsmedel-37a> ;
             ans:dutyKind ?duty ; ans:uncertain true ; ans:reason ?reason ;
             ans:conflictsWith <{ID}responsibility/sfs/2010-1122-8-37a> .
        }}""",
    )
    assert {(r["r"].removeprefix(R), r["duty"].rsplit("/", 1)[-1]) for r in rows} == {
        ("73", "decides"),
        ("74", "pays-out"),
    }
    assert all("Kronoberg" in r["reason"] for r in rows)
    # The conflict names its own source (the ordinance), and the source's quote is kept.
    assert ask(
        server,
        f"""ASK {{ <{R}73> prov:qualifiedDerivation ?e . ?e ans:supports ans:conflictsWith ;
        ans:method <{C}evidence-method/statute> ; prov:entity <{ID}statute/sfs-2010-1122> }}""",
    )
    assert ask(
        server,
        f"""ASK {{ <{R}73> prov:qualifiedDerivation ?e . ?e ans:supports ans:actor ;
        ans:quote "Besluta och utbetala utvecklingsmedel s.k. 37 och 37a-medel."@sv }}""",
    )
    # The 37 funds agree with the law: no conflict, no flag on the fact.
    assert not ask(
        server,
        f"""ASK {{ ?r ans:object <{ID}grant/utvecklingsmedel-37> .
        {{ ?r ans:conflictsWith ?x }} UNION {{ ?r ans:uncertain true }} }}""",
    )
    assert not ask(server, f"ASK {{ <{ID}grant/utvecklingsmedel-37a> ^ans:object <{R}64> }}")


def test_regulated_agency_duties_apply_in_the_country_and_name_a_legal_basis_only_with_a_source(server):
    # "Reglerade uppdrag och ansvar": e.g. "Migrationsverket ska kartlägga och utreda den nyanländes bakgrund ..."
    rows = select(
        server,
        f"""
        SELECT ?r ?area ?ob ?lb WHERE {{
          VALUES ?agency {{ <{ID}org/arbetsformedlingen> <{ID}org/migrationsverket> <{ID}org/forsakringskassan> }}
          ?r ans:actor ?agency ; prov:wasDerivedFrom <{DOC}> ; ans:area ?area ; ans:obligationKind ?ob .
          FILTER NOT EXISTS {{ ?r ans:generalDuty ?g }} FILTER NOT EXISTS {{ ?r a ans:JointResponsibility }}
          OPTIONAL {{ ?r ans:legalBasis ?lb }}
        }}""",
    )
    assert {r["r"].removeprefix(R) for r in rows} >= {"20", "28", "37", "40", "41", "45", "48", "60"}
    assert {(r["area"], r["ob"]) for r in rows} == {(f"{ID}country/se", f"{C}obligation/duty")}
    assert not [r for r in rows if r.get("lb") == AGREEMENT]
    # A legal basis the text does not name has evidence from the statute book.
    for num, basis in (("24", "sfs-2010-197"), ("20", "sfs-2016-38")):
        assert ask(
            server,
            f"""ASK {{ <{R}{num}> ans:legalBasis <{ID}statute/{basis}> ; prov:qualifiedDerivation ?e .
            ?e ans:supports ans:legalBasis ; ans:method <{C}evidence-method/statute> ;
               prov:entity <{ID}statute/{basis}> }}""",
        )
    # Migrationsverket's mapping of backgrounds rests on no statute the text or the reference data names.
    assert not ask(server, f"ASK {{ <{R}37> ans:legalBasis ?b }}")
