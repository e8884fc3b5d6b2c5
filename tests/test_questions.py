"""The catalogue of questions (queries/*.rq): every header is complete, every question gives the
answer its header expects on the shipped data, and it can be asked over REST, the CLI and Python."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest
from ansvar.questions import CatalogueError, catalogue, expectation_problems, parse_question
from ansvar.sparql_params import ParameterError
from conftest import ROOT, run_cli

QUESTIONS = catalogue()
ID = "https://w3id.org/ansvar/id/"

# The questions the analysts asked for (issue text), by the name that answers each.
REQUIRED = {
    "who-holds-a-task",
    "actor-profile",
    "agreement-overview",
    "agreements-in-force",
    "counties-agreement-status",
    "duties-on-a-statute",
    "bodies-and-convenors",
    "held-today-by-successors",
    "where-is-it-stated",
    "compare-counties",
    "county-changes",
}


def test_the_catalogue_has_every_question_asked_for():
    assert REQUIRED <= set(QUESTIONS)


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_each_question_has_a_complete_header(name):
    q = QUESTIONS[name]
    assert q.title["sv"] and q.title["en"] and q.description["sv"] and q.description["en"]
    assert q.columns, "the header names the result columns"
    assert q.expected, "the header states the expected answer on the shipped data"
    for p in q.params:
        assert p.allowed_values()


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_each_question_gives_its_expected_answer_on_the_shipped_data(store, name):
    q = QUESTIONS[name]
    rows = store.select(q.bound())
    assert expectation_problems(q, rows) == []
    if rows:
        assert set(q.columns) >= set(rows[0]), "the header lists every column the query answers with"


def test_expectations_can_fail(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(
        '# title.sv = "a"\n# title.en = "a"\n# description.sv = "a"\n# description.en = "a"\n'
        '# columns = ["x"]\n# [expected]\n# rows = 2\n# includes = [{ x = "1" }]\n'
        '# excludes = [{ x = "3" }]\nSELECT ?x WHERE { VALUES ?x { "1" "3" "4" } }\n'
    )
    q = parse_question(path)
    rows = [{"x": {"type": "literal", "value": v}} for v in ("1", "3", "4")]
    assert expectation_problems(q, rows) == ["3 rows, expected 2", "a row matches {'x': '3'}, which must not appear"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ('# title.sv = "a"\n', "title.sv and title.en"),
        ("# title = [\n", "not valid TOML"),
        (
            '# title.sv = "a"\n# title.en = "a"\n# description.sv = "a"\n# description.en = "a"\n'
            '# [[param]]\n# name = "x"\n# type = "colour"\n',
            "needs a type",
        ),
        (
            '# title.sv = "a"\n# title.en = "a"\n# description.sv = "a"\n# description.en = "a"\n'
            '# [[param]]\n# name = "c"\n# type = "county"\n# default = "10"\n',
            "needs a #PARAMS line",
        ),
    ],
)
def test_a_broken_header_names_the_file_and_what_is_wrong(tmp_path, header, message):
    path = tmp_path / "broken.rq"
    path.write_text(header + "SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(CatalogueError, match=message) as err:
        parse_question(path)
    assert str(err.value).startswith("broken.rq:")


def test_parameters_are_checked_before_the_query_is_built():
    q = QUESTIONS["who-holds-a-task"]
    for raw, name in [
        ({"county": "99"}, "county"),
        ({"asOf": "yesterday"}, "asOf"),
        ({"task": "school> } ; DROP ALL ; #"}, "task"),
        ({"colour": "red"}, "colour"),
    ]:
        with pytest.raises(ParameterError) as err:
            q.bound(raw)
        assert err.value.name == name
    bound = q.bound({"county": "13", "task": "housing"})
    assert f"<{ID}county/13>" in bound and "<https://w3id.org/ansvar/concept/task/housing>" in bound
    assert "UNDEF" in bound  # the optional duty is left free


# -- REST ---------------------------------------------------------------------------------------


def test_the_catalogue_is_listed_as_json_and_html(server):
    listed = server.get("/queries", headers={"Accept": "application/json"}).json()["questions"]
    assert {q["name"] for q in listed} == set(QUESTIONS)
    page = server.get("/queries").text
    assert all(f'href="/queries/{name}"' in page for name in QUESTIONS)


def test_a_question_answers_as_html_with_links_quotes_and_its_sparql(server):
    response = server.get("/queries/who-holds-a-task?county=10&task=school&asOf=2016-06-01")
    assert response.status_code == 200
    page = response.text
    assert 'href="/page/id/org/kommun-1080"' in page  # holders link to their pages
    assert "<q>" in page  # the quote beside the fact
    assert 'id="open-in-editor"' in page and "/sparql#query=" in page
    assert "VALUES (?county ?task ?duty ?asOf)" in page  # the SPARQL behind it, parameters bound


def test_a_question_answers_as_csv_and_sparql_json_by_accept(server):
    response = server.get("/queries/counties-agreement-status?asOf=2016-06-01", headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 21
    srj = server.get("/queries/counties-agreement-status", headers={"Accept": "application/sparql-results+json"})
    assert srj.json()["head"]["vars"][0] == "county"


def test_a_bad_parameter_is_a_400_naming_it_and_its_allowed_values(server):
    response = server.get("/queries/who-holds-a-task?county=Blekinge")
    assert response.status_code == 400
    assert response.text.startswith("parameter county:") and "10" in response.text
    assert server.get("/queries/who-holds-a-task?colour=red").status_code == 400
    assert server.get("/queries/no-such-question").status_code == 404


def test_every_question_has_its_openapi_entry_with_its_parameters(server):
    paths = server.get("/openapi.json").json()["paths"]
    for name, q in QUESTIONS.items():
        entry = paths[f"/queries/{name}"]["get"]
        assert {p["name"] for p in entry.get("parameters", [])} == {p.name for p in q.params}


# -- CLI and Python -------------------------------------------------------------------------------


def test_the_cli_lists_and_asks_questions():
    listed = run_cli("queries")
    assert listed.returncode == 0 and "who-holds-a-task" in listed.stdout
    asked = run_cli("ask", "who-holds-a-task", "--county", "10", "--param", "task=school", "--format", "csv")
    assert asked.returncode == 0, asked.stderr
    assert "Karlskrona kommun" in asked.stdout
    bad = run_cli("ask", "who-holds-a-task", "--county", "99")
    assert bad.returncode == 2 and "parameter county" in bad.stderr


def test_the_notebook_example_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "analyst-notebook.py")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Karlskrona kommun" in result.stdout


# -- hand-written answers from the texts, question by question -------------------------------------


def _rows(store, name: str, **params: str) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in store.select(QUESTIONS[name].bound(params))]


def _org(key: str) -> str:
    return f"{ID}org/{key}"


BLEKINGE_PARTIES = {  # seed 004: the eleven signatories and their posts
    "lansstyrelsen-10": "Landshövding",
    "migrationsverket": "Områdeschef",
    "arbetsformedlingen": "Områdeschef",
    "forsakringskassan": "Områdeschef",
    "landstinget-blekinge": "Landstingsdirektör",
    "regionforbundet-blekinge": "Regiondirektör",  # "Region Blekinge" in 2016 = the regionförbund
    "kommun-1082": "Kommundirektör",
    "kommun-1080": "Kommundirektör",
    "kommun-1060": "Kommundirektör",
    "kommun-1081": "Kommundirektör",
    "kommun-1083": "Kommundirektör",
}


def test_the_parties_of_blekinges_agreement_and_their_posts(store):
    parties = {r["item"]: r.get("detailLabel") for r in _rows(store, "agreement-overview") if r["kind"] == "party"}
    assert parties == {_org(k): post for k, post in BLEKINGE_PARTIES.items()}


def test_duties_on_section_4_of_the_establishment_act(store):
    found = _rows(store, "duties-on-a-statute", statute="sfs-2010-197/section/4", asOf="2018-06-01")
    holders = {r["holder"] for r in found}
    # Seeds 001 (Västra Götaland) and 002 (Dalarna) cite "(Lag 2010:197 § 4)" for the board; each board holds it.
    assert {_org("lansstyrelsen-14"), _org("lansstyrelsen-20")} <= holders and len(holders) == 21
    assert all(h.startswith(_org("lansstyrelsen-")) for h in holders)
    assert all(r["basisInForce"] == "false" for r in found)  # repealed from 2018-01-01
    assert {r.get("replacedBy") for r in found} == {f"{ID}statute/sfs-2017-584/section/6"}


def test_who_convenes_which_body_and_how_often(store):
    convenors = {(r["body"], r["holder"]) for r in _rows(store, "bodies-and-convenors") if r.get("role") == "convenor"}
    # Seed 004: "Länsstyreselsen är sammankallande i beredningsgruppen".
    assert (f"{ID}body/blekinge-beredningsgruppen", _org("lansstyrelsen-10")) in convenors
    per_year = {r["body"]: r.get("perYear") for r in _rows(store, "bodies-and-convenors", county="13")}
    # Seed 000: "kallar länsstyrelsen cirka två gånger per år till sammanträde".
    assert per_year[f"{ID}body/halland-verksamhetschefsmote"] == "2"


def test_agreements_in_force_on_2017_06_01(store):
    status = {r["agreement"]: r["status"] for r in _rows(store, "agreements-in-force", asOf="2017-06-01")}
    assert status[f"{ID}agreement/blekinge-2016-2018"] == "in force"
    # Seed 003: the 2015 agreement "ersätter överenskommelsen från 2011"; seed 000: central agreement 2001-2007.
    assert status[f"{ID}agreement/jamtland-2011"] == "ended"
    assert status[f"{ID}agreement/central-overenskommelse-introduktion"] == "ended"
    assert status[f"{ID}agreement/jamtland-2015"] in ("in force", "period unknown")


def test_region_blekinge_holds_none_of_landstinget_blekinges_duties_today(store):
    found = [
        r
        for r in _rows(store, "held-today-by-successors", asOf="2026-12-01")
        if r["formerHolder"] == _org("landstinget-blekinge")
    ]
    assert found, "Landstinget Blekinge held duties under the 2016 agreement"
    assert {r.get("successor") for r in found} == {_org("region-blekinge")}
    assert {r["heldToday"] for r in found} == {"no (ended)"}


def test_a_task_includes_the_tasks_below_it_at_every_depth(store):
    # The task scheme puts "kartläggning av bakgrund" (background-mapping) below "tidiga insatser för
    # asylsökande" (early-measures), which is below "mottagande" (reception); seed 004 gives Blekinge's
    # 2016 agreement responsibilities for each of them.
    below = {"mottagande", "tidiga insatser för asylsökande", "kartläggning av bakgrund"}
    held = {r["taskLabel"] for r in _rows(store, "who-holds-a-task", task="reception")}
    assert below <= held
    mapping = f"{ID}responsibility/blekinge-overenskommelse-2016/37"  # background mapping, the whole country
    compared = {(r["responsibility"], r["inCounty"]) for r in _rows(store, "compare-counties", task="reception")}
    assert {(mapping, f"{ID}county/10"), (mapping, f"{ID}county/23")} <= compared
    health = _rows(store, "who-holds-a-task", task="health")
    assert not any(r["taskLabel"] == "kartläggning av bakgrund" for r in health)
