"""Parameters of canned questions: parsed, validated, and bound as SPARQL terms.

A parameter never reaches a query as pasted text. Each value is parsed into a
Python value first (a date, a county code, an IRI of ours), then written as one
SPARQL term by this module, and bound in a `VALUES` block at the query's
`#PARAMS` marker, which every store (embedded or remote) evaluates the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .namespaces import BASE

__all__ = [
    "COUNTY_CODES",
    "Date",
    "Iri",
    "PARAMS_MARKER",
    "ParameterError",
    "Term",
    "Text",
    "Undef",
    "bind",
    "parse_concept",
    "parse_county",
    "parse_date",
    "parse_municipality",
    "parse_own_iri",
]

PARAMS_MARKER = "#PARAMS"
COUNTY_CODES = tuple("01 03 04 05 06 07 08 09 10 12 13 14 17 18 19 20 21 22 23 24 25".split())  # SCB's län codes
_OWN_REST = re.compile(r"^[a-z0-9][a-z0-9._\-]*(/[a-z0-9][a-z0-9._\-]*)*$")


class ParameterError(ValueError):
    """A parameter value that cannot be used; the message names it and what it accepts."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"parameter {name}: {message}")


@dataclass(frozen=True)
class Iri:
    value: str

    def sparql(self) -> str:
        return f"<{self.value}>"


@dataclass(frozen=True)
class Date:
    value: dt.date

    def sparql(self) -> str:
        return f'"{self.value.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date>'


@dataclass(frozen=True)
class Text:
    value: str

    def sparql(self) -> str:
        # JSON string escaping is a subset of SPARQL's STRING_LITERAL_QUOTE escapes.
        return json.dumps(self.value, ensure_ascii=False)


@dataclass(frozen=True)
class Undef:
    """An optional parameter left out: the variable stays free (SPARQL's UNDEF in VALUES)."""

    def sparql(self) -> str:
        return "UNDEF"


Term = Iri | Date | Text | Undef


def parse_date(name: str, text: str | None, default: dt.date | None = None) -> Date:
    if text is None or not text.strip():
        if default is None:
            raise ParameterError(name, "a date is required, written YYYY-MM-DD")
        return Date(default)
    try:
        return Date(dt.date.fromisoformat(text.strip()))
    except ValueError:
        raise ParameterError(name, f"{text[:40]!r} is not a date: write it as YYYY-MM-DD, e.g. 2017-06-30") from None


def parse_county(name: str, text: str | None) -> Iri:
    """A county by its two-digit code (10) or its IRI."""
    code = (text or "").strip().removeprefix(f"{BASE}id/county/")
    if code not in COUNTY_CODES:
        raise ParameterError(name, f"{(text or '')[:40]!r} is not a county code; one of {', '.join(COUNTY_CODES)}")
    return Iri(f"{BASE}id/county/{code}")


def parse_municipality(name: str, text: str | None) -> Iri:
    """A municipality by its four-digit code (1080) or its area's IRI; bound as the municipal area."""
    code = (text or "").strip().removeprefix(f"{BASE}id/municipal-area/").removeprefix("kommun-")
    if not re.fullmatch(r"[0-2][0-9]{3}", code):
        raise ParameterError(name, f"{(text or '')[:40]!r} is not a four-digit municipality code, e.g. 1080")
    return Iri(f"{BASE}id/municipal-area/{code}")


def parse_concept(name: str, text: str | None, scheme: str) -> Iri:
    """A concept of one scheme by its key (school) or its IRI."""
    key = (text or "").strip().removeprefix(f"{BASE}concept/{scheme}/")
    if not re.fullmatch(r"[a-z0-9][a-z0-9\-]*", key):
        raise ParameterError(name, f"{(text or '')[:40]!r} is not the key of a concept of the {scheme} scheme")
    return Iri(f"{BASE}concept/{scheme}/{key}")


def parse_own_iri(name: str, text: str | None, kind: str) -> Iri:
    """An IRI of ours of one kind (agreement, org …), as a full IRI or the key after id/<kind>/."""
    key = (text or "").strip().removeprefix(f"{BASE}id/{kind}/")
    if not _OWN_REST.match(key) or ".." in key:
        raise ParameterError(name, f"{(text or '')[:60]!r} is not the key or IRI of an {kind} (…/id/{kind}/<key>)")
    return Iri(f"{BASE}id/{kind}/{key}")


def bind(query: str, values: Mapping[str, Term]) -> str:
    """The query with its `#PARAMS` marker replaced by one VALUES row of the given terms."""
    if PARAMS_MARKER not in query:
        raise ValueError("the query has no #PARAMS marker")
    names = " ".join(f"?{n}" for n in values)
    terms = " ".join(t.sparql() for t in values.values())
    return query.replace(PARAMS_MARKER, f"VALUES ({names}) {{ ({terms}) }}", 1)
