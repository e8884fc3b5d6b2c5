from __future__ import annotations

import datetime as dt

import pytest
from ansvar.namespaces import BASE
from ansvar.sparql_params import (
    Date,
    Iri,
    ParameterError,
    Text,
    Undef,
    bind,
    parse_concept,
    parse_county,
    parse_date,
    parse_municipality,
    parse_own_iri,
)


def test_terms_are_written_as_sparql() -> None:
    assert Iri("urn:a").sparql() == "<urn:a>"
    assert Date(dt.date(2017, 6, 30)).sparql() == '"2017-06-30"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert Text('a "quoted"\nline').sparql() == '"a \\"quoted\\"\\nline"'
    assert Undef().sparql() == "UNDEF"


def test_dates() -> None:
    assert parse_date("as_of", "2017-06-30").value == dt.date(2017, 6, 30)
    assert parse_date("as_of", None, dt.date(2020, 1, 1)).value == dt.date(2020, 1, 1)
    with pytest.raises(ParameterError, match="as_of"):
        parse_date("as_of", "30/6/2017")


def test_counties_and_municipalities() -> None:
    assert parse_county("county", "10").value == f"{BASE}id/county/10"
    assert parse_municipality("m", "1080").value == f"{BASE}id/municipal-area/1080"
    for bad in ("99", "10 . ?s ?p ?o", ""):
        with pytest.raises(ParameterError):
            parse_county("county", bad)


def test_concepts_and_own_iris() -> None:
    assert parse_concept("task", "sfi", "task").value == f"{BASE}concept/task/sfi"
    assert parse_concept("task", f"{BASE}concept/task/sfi", "task").value == f"{BASE}concept/task/sfi"
    assert parse_own_iri("a", "blekinge-2016-2018", "agreement").value == f"{BASE}id/agreement/blekinge-2016-2018"
    for bad in ("../x", "a>b", "A B"):
        with pytest.raises(ParameterError):
            parse_own_iri("a", bad, "agreement")
    with pytest.raises(ParameterError):
        parse_concept("task", "Not A Key", "task")


def test_bind_replaces_the_marker_with_one_values_row() -> None:
    query = "SELECT * WHERE {\n#PARAMS\n?x ?p ?o }"
    bound = bind(query, {"x": Iri("urn:a"), "y": Undef()})
    assert "VALUES (?x ?y) { (<urn:a> UNDEF) }" in bound and "#PARAMS" not in bound
    with pytest.raises(ValueError):
        bind("SELECT * {}", {"x": Iri("urn:a")})
