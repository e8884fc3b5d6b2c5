from __future__ import annotations

import pytest
from ansvar.web.negotiation import negotiate, parse_accept, resolve_format

OFFERS = ("application/sparql-results+json", "text/csv", "text/turtle")


def test_no_accept_header_is_anything() -> None:
    assert parse_accept(None) == [("*/*", 1.0)]
    assert negotiate(None, OFFERS) == OFFERS[0]


def test_q_values_order_the_ranges() -> None:
    assert [r for r, _q in parse_accept("text/csv;q=0.5, text/turtle")] == ["text/turtle", "text/csv"]
    assert negotiate("text/csv;q=0.5, text/turtle", OFFERS) == "text/turtle"


def test_q_zero_refuses_a_type() -> None:
    assert negotiate("text/csv;q=0", OFFERS) is None


def test_wildcards_and_synonyms() -> None:
    assert negotiate("text/*", OFFERS) == "text/csv"
    assert negotiate("application/json", OFFERS) == "application/sparql-results+json"
    assert negotiate("application/json", ("application/json", *OFFERS)) == "application/json"


def test_nothing_acceptable_is_none() -> None:
    assert negotiate("image/png", OFFERS) is None


@pytest.mark.parametrize(
    ("name", "media"),
    [("csv", "text/csv"), (" TTL ", "text/turtle"), ("text/plain", "application/n-triples"), ("a/b", "a/b")],
)
def test_format_names(name: str, media: str) -> None:
    assert resolve_format(name) == media


def test_unknown_format_name() -> None:
    assert resolve_format("pdf") is None
