"""Property-based tests (hypothesis): the SPARQL guard and the parameter parsers."""

from __future__ import annotations

import datetime as dt
import time

import pyoxigraph as ox
import pytest
from ansvar.checks import CheckInputError, parse_as_of
from ansvar.render.links import is_linkable
from ansvar.sparql_guard import Refused, check_query
from ansvar.web.errors import ProtocolError
from ansvar.web.sparql import _graph_iris
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sparql_limits import _Listener

LISTENER = _Listener()  # one for the module: every SERVICE in the grammar points at it
SERVICE_URL = f"http://127.0.0.1:{LISTENER.port}/sparql"

# Fragments that sit around a SERVICE clause and have fooled text checks.
GLUE = st.sampled_from(["", " ", "\n", "\t", ".", " . ", "# SERVICE <x>\n", "#\n", "\r\n"])
BEFORE = st.sampled_from(
    [
        "?s ?p ?o",
        "?s ?p ?o .",
        "?s ?p 'SERVICE'",
        '?s ?p """a\nSERVICE"""',
        "?s ?p x:a\\#",
        "?s ?p x:a\\'",
        "?s x:SERVICE ?o",
        "FILTER(1<2)",
        "FILTER(?a<?b)",
        "BIND(<" + SERVICE_URL + "> AS ?u)",
        "OPTIONAL { ?a ?b ?c }",
        "?s ?p <http://e/SERVICE>",
        "VALUES ?v { 1 }",
        "MINUS { ?a ?b ?c }",
    ]
)
KEYWORD = st.sampled_from(["SERVICE", "service", "Service", "SeRvIcE"])
SILENT = st.sampled_from(["", " SILENT", " silent"])
TARGET = st.sampled_from([f"<{SERVICE_URL}>", "?u", "x:sparql", "?s#>\n"])
WRAP = st.sampled_from(
    [
        "{}",
        "OPTIONAL {{ {} }}",
        "{{ {} }} UNION {{ ?a ?b ?c }}",
        "FILTER EXISTS {{ {} }}",
        "{{ SELECT * WHERE {{ {} }} }}",
        "GRAPH ?g {{ {} }}",
        "MINUS {{ {} }}",
    ]
)


@st.composite
def queries(draw, with_service: bool):
    clause = ""
    if with_service:
        clause = f"{draw(KEYWORD)}{draw(SILENT)}{draw(GLUE)}{draw(TARGET)}{draw(GLUE)}{{ ?a ?b ?c }}"
    body = f"{draw(BEFORE)}{draw(GLUE)}{clause}{draw(GLUE)}{draw(BEFORE)}"
    return f"PREFIX x: <http://127.0.0.1:{LISTENER.port}/>\nSELECT * WHERE {{ {draw(WRAP).format(body)} }}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries(with_service=True))
def test_no_query_with_a_service_reaches_evaluation(query):
    with pytest.raises(Refused):
        check_query(query)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(queries(with_service=False), queries(with_service=True)))
def test_whatever_the_guard_lets_through_contacts_no_host(query):
    before = LISTENER.connections
    try:
        check_query(query)
    except Refused:
        return
    try:
        list(ox.Store().query(query))
    except (SyntaxError, ValueError, OSError):
        pass
    time.sleep(0.01)
    assert LISTENER.connections == before, query


@given(st.text(max_size=40))
def test_as_of_is_a_date_or_a_clear_error(text):
    try:
        assert isinstance(parse_as_of(text), dt.date)
    except CheckInputError as err:
        assert "YYYY-MM-DD" in str(err)


@given(st.dates())
def test_every_iso_date_is_read_back(day):
    assert parse_as_of(day.isoformat()) == day


@given(
    st.lists(st.text(max_size=30), min_size=1, max_size=3), st.sampled_from(["default-graph-uri", "named-graph-uri"])
)
def test_graph_parameters_are_absolute_iris_or_a_400_naming_them(values, name):
    try:
        assert _graph_iris({name: values}, name) == values
        for value in values:
            ox.NamedNode(value)
    except ProtocolError as err:
        assert err.status == 400 and name in err.message


@given(st.text(max_size=60))
def test_only_http_iris_are_linkable(text):
    if is_linkable(text):
        assert text.lower().startswith(("http://", "https://")) and not any(c in text for c in ' <>"\n')
