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
    "who-holds-a-task", "actor-profile", "agreement-overview", "agreements-in-force",
    "counties-agreement-status", "duties-on-a-statute", "bodies-and-convenors",
    "held-today-by-successors", "where-is-it-stated", "compare-counties", "county-changes",
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
    path.write_text('# title.sv = "a"\n# title.en = "a"\n# description.sv = "a"\n# description.en = "a"\n'
                    '# columns = ["x"]\n# [expected]\n# rows = 2\n# includes = [{ x = "1" }]\n'
                    '# excludes = [{ x = "3" }]\nSELECT ?x WHERE { VALUES ?x { "1" "3" "4" } }\n')
    q = parse_question(path)
    rows = [{"x": {"type": "literal", "value": v}} for v in ("1", "3", "4")]
    assert expectation_problems(q, rows) == ["3 rows, expected 2", "a row matches {'x': '3'}, which must not appear"]


@pytest.mark.parametrize(("header", "message"), [
    ('# title.sv = "a"\n', "title.sv and title.en"),
    ('# title = [\n', "not valid TOML"),
    ('# title.sv = "a"\n# title.en = "a"\n# description.sv = "a"\n# description.en = "a"\n'
     '# [[param]]\n# name = "x"\n# type = "colour"\n', "needs a type"),
    ('# title.sv = "a"\n# title.en = "a"\n# description.sv = "a"\n# description.en = "a"\n'
     '# [[param]]\n# name = "c"\n# type = "county"\n# default = "10"\n', "needs a #PARAMS line"),
])
def test_a_broken_header_names_the_file_and_what_is_wrong(tmp_path, header, message):
    path = tmp_path / "broken.rq"
    path.write_text(header + "SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(CatalogueError, match=message) as err:
        parse_question(path)
    assert str(err.value).startswith("broken.rq:")


def test_parameters_are_checked_before_the_query_is_built():
    q = QUESTIONS["who-holds-a-task"]
    for raw, name in [({"county": "99"}, "county"), ({"asOf": "yesterday"}, "asOf"),
                      ({"task": "school> } ; DROP ALL ; #"}, "task"), ({"colour": "red"}, "colour")]:
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
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "analyst-notebook.py")],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Karlskrona kommun" in result.stdout
