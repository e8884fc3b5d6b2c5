"""The pictures: county map, responsibility matrix, actor network and timeline, through a real
server and a real browser. Expectations are read from the source texts and the statute book."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from ansvar.sparql_params import Date, Iri, ParameterError, Text, bind, parse_county, parse_date, parse_own_iri
from ansvar.web.pictures import STATUS_COLOURS, county_shapes, county_status, gap_colour, network_layout
from browser import headless_chromium
from conftest import COUNTY_CODES
from PIL import Image

ID = "https://w3id.org/ansvar/id/"


# -- pure functions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("periods", "status"),
    [
        ([], "none"),
        ([("2016-02-17", "2018-12-31")], "in_force"),
        ([("2016-02-17", "2018-12-31"), ("2011-01-01", "2014-12-31")], "in_force"),
        ([("2011-01-01", "2014-12-31")], "ended"),
        ([(None, None)], "period_unknown"),
        ([(None, "2020-01-01")], "period_unknown"),
        ([("2017-01-01", None)], "none"),  # not yet begun on the date asked
        ([(None, None), ("2011-01-01", "2014-12-31")], "period_unknown"),
    ],
)
def test_county_status_on_2016_06_01(periods, status):
    assert county_status(periods, dt.date(2016, 6, 1)) == status


def test_gap_colour_steps():
    assert [gap_colour(n) for n in (0, 1, 9, 10, 49, 50, 400)] == [
        "#ffffff",
        "#fde0c5",
        "#fde0c5",
        "#f9a66c",
        "#e5612b",
        "#a83213",
        "#a83213",
    ]


def test_the_vendored_map_has_the_21_counties_with_their_codes():
    shapes = county_shapes()
    assert [code for code, _, _ in shapes] == COUNTY_CODES
    assert dict((c, n) for c, n, _ in shapes)["10"] == "Blekinge"
    assert dict((c, n) for c, n, _ in shapes)["14"] == "Västra Götaland"


def test_parameters_are_validated_and_written_as_terms():
    assert parse_date("as_of", "2017-06-01").sparql() == '"2017-06-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert parse_date("as_of", None, dt.date(2020, 1, 2)) == Date(dt.date(2020, 1, 2))
    assert parse_county("county", "10") == Iri(ID + "county/10")
    assert parse_county("county", ID + "county/23") == Iri(ID + "county/23")
    assert parse_own_iri("agreement", "blekinge-2016-2018", "agreement") == Iri(ID + "agreement/blekinge-2016-2018")
    assert Text('a"b\\c').sparql() == '"a\\"b\\\\c"'
    for call, args in [
        (parse_date, ("as_of", "2017-13-01")),
        (parse_county, ("county", "11")),
        (parse_county, ("county", "10> } ; DROP ALL #")),
        (parse_own_iri, ("agreement", "x> . ?s ?p ?o", "agreement")),
        (parse_own_iri, ("agreement", "../../etc/passwd", "agreement")),
    ]:
        with pytest.raises(ParameterError) as err:
            call(*args)
        assert str(err.value).startswith(f"parameter {args[0]}:")


def test_bind_puts_one_values_row_at_the_marker():
    query = "SELECT ?x WHERE {\n  #PARAMS\n  ?x ?p ?county }"
    bound = bind(query, {"county": Iri(ID + "county/10"), "asOf": Date(dt.date(2016, 6, 1))})
    assert bound == (
        "SELECT ?x WHERE {\n  VALUES (?county ?asOf) { (<https://w3id.org/ansvar/id/county/10> "
        '"2016-06-01"^^<http://www.w3.org/2001/XMLSchema#date>) }\n  ?x ?p ?county }'
    )
    with pytest.raises(ValueError):
        bind("SELECT * WHERE { ?s ?p ?o }", {"x": Iri(ID + "x")})


def test_network_layout_puts_parties_left_and_bodies_right():
    rows = [
        {
            "from": "o1",
            "fromName": "B",
            "fromKind": "organisation",
            "to": "a",
            "toName": "A",
            "toKind": "agreement",
            "relation": "party",
        },
        {
            "from": "o1",
            "fromName": "B",
            "fromKind": "organisation",
            "to": "b1",
            "toName": "Rådet",
            "toKind": "body",
            "relation": "chair",
        },
        {
            "from": "b1",
            "fromName": "Rådet",
            "fromKind": "body",
            "to": "a",
            "toName": "A",
            "toKind": "agreement",
            "relation": "under",
        },
    ]
    layout = network_layout(rows, "a")
    x = {n["iri"]: n["x"] for n in layout["nodes"]}
    assert x["o1"] < x["a"] < x["b1"]
    assert len(layout["edges"]) == 3
    assert all(e["x1"] < e["x2"] for e in layout["edges"])  # every edge runs left to right


# -- through the server -----------------------------------------------------------------------


def _json(server, path):
    response = server.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text
    return response.json()


def test_map_status_of_the_counties_in_2016_and_2019(server):
    on_2016 = {r["code"]: r["status"] for r in _json(server, "/pictures/map?as_of=2016-06-01")["rows"]}
    assert len(on_2016) == 21
    assert on_2016["10"] == "in_force"  # Blekinge: "Den regionala överenskommelsen 2016-2018"
    assert on_2016["20"] == "period_unknown"  # Dalarna's Vägen in: the page gives no period
    assert on_2016["01"] == "none"  # Stockholm: no source
    on_2019 = {r["code"]: r["status"] for r in _json(server, "/pictures/map?as_of=2019-06-01")["rows"]}
    assert on_2019["10"] == "ended"
    on_2010 = {r["code"]: r["status"] for r in _json(server, "/pictures/map?as_of=2010-06-01")["rows"]}
    assert on_2010["10"] == "none"


def test_map_data_as_csv_and_by_gap_findings(server):
    response = server.get("/pictures/map?as_of=2016-06-01&colour=gaps&format=csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 21 and set(rows[0]) == {"code", "county", "status", "agreements", "findings"}
    # G1 finds every county with no regional agreement in force on the date: Stockholm has one finding at least.
    assert int({r["code"]: r["findings"] for r in rows}["01"]) >= 1


def test_matrix_of_blekinge_shows_karlskrona_for_school_and_no_municipality_of_another_county(server):
    rows = _json(server, "/pictures/matrix?county=10&as_of=2016-06-01")["rows"]
    school = {r["actorName"] for r in rows if r["task"].endswith("/task/school")}
    assert "Karlskrona kommun" in school
    blekinge = {"Karlskrona kommun", "Karlshamns kommun", "Olofströms kommun", "Ronneby kommun", "Sölvesborgs kommun"}
    municipalities = {r["actorName"] for r in rows if r["actor"].startswith(ID + "org/kommun-")}
    assert municipalities <= blekinge, municipalities - blekinge


def test_network_of_blekinge_has_its_eleven_parties_and_the_chair(server):
    body = _json(server, "/pictures/network?agreement=blekinge-2016-2018")
    assert body["asOf"] == "2016-02-17"  # drawn for the day the agreement was adopted
    parties = {r["fromName"] for r in body["rows"] if r["relation"] == "party"}
    assert len(parties) == 11 and "Karlskrona kommun" in parties and "Landstinget Blekinge" in parties
    chairs = {(r["fromName"], r["toName"]) for r in body["rows"] if r["relation"] == "chair"}
    assert ("Länsstyrelsen i Blekinge län", "Integrationsrådet i Blekinge län") in chairs


def test_timeline_shows_the_establishment_act_ending_with_2017(server):
    rows = _json(server, "/pictures/timeline?county=10&as_of=2018-06-01")["rows"]
    act = [r for r in rows if r["thing"] == ID + "statute/sfs-2010-197"]
    assert act and act[0]["from"] == "2010-12-01" and act[0]["until"] == "2017-12-31"
    assert any(r["kind"] == "event" and r["from"] == "2019-01-01" for r in rows)  # Region Blekinge formed


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/pictures/map?as_of=2016-02-30", "as_of"),
        ("/pictures/map?colour=red", "colour"),
        ("/pictures/matrix?county=11", "county"),
        ("/pictures/matrix", "county"),
        ("/pictures/network?agreement=%3Chttp://x%3E", "agreement"),
        ("/pictures/timeline?county=Blekinge", "county"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(server, path, parameter):
    response = server.get(path)
    assert response.status_code == 400
    assert response.text.startswith(f"parameter {parameter}:")


def test_unknown_format_is_406(server):
    assert server.get("/pictures/map?format=ttl").status_code == 406


def test_resource_pages_link_to_the_pictures_that_show_them(server):
    county = server.get("/page/id/county/10").text
    assert 'href="/pictures/matrix?county=10"' in county and 'href="/pictures/timeline?county=10"' in county
    agreement = server.get("/page/id/agreement/blekinge-2016-2018").text
    assert 'href="/pictures/network?agreement=blekinge-2016-2018"' in agreement
    body = server.get("/page/id/body/blekinge-integrationsradet").text
    assert 'href="/pictures/network?agreement=blekinge-2016-2018"' in body


# -- in a real browser ------------------------------------------------------------------------


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def test_the_map_renders_in_chromium_with_blekinge_in_force(server, tmp_path):
    driver = headless_chromium()
    try:
        driver.get(server.url + "/pictures/map?as_of=2016-06-01")
        paths = driver.find_elements("css selector", "#county-map path[data-county]")
        assert len(paths) == 21
        blekinge = driver.find_element("css selector", 'path[data-county="10"]')
        assert blekinge.get_attribute("data-status") == "in_force"
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", blekinge)
        box = driver.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height]", blekinge
        )
        shot = tmp_path / "map.png"
        driver.save_screenshot(str(shot))
        ratio = driver.execute_script("return window.devicePixelRatio")
        # Errors the page causes (a script, a blocked resource); the browser's own favicon probe is not one.
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]
    finally:
        driver.quit()
    assert box[2] > 5 and box[3] > 5
    image = Image.open(shot).convert("RGB")
    # Blekinge's shape is not convex: look for its colour among the pixels of its box.
    x0, y0 = int(box[0] * ratio), int(box[1] * ratio)
    pixels = {
        image.getpixel((x, y))
        for x in range(x0, x0 + int(box[2] * ratio), 2)
        for y in range(y0, y0 + int(box[3] * ratio), 2)
    }
    assert _rgb(STATUS_COLOURS["in_force"]) in pixels
    assert severe == []
