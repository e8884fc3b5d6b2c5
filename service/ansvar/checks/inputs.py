"""What a user gives a check (a date, a lowest severity, an engine), read and refused with a reason."""

from __future__ import annotations

import datetime as dt

from ..validate import SEVERITIES

__all__ = ["ENGINES", "CheckInputError", "parse_as_of", "parse_engine", "parse_severity"]

ENGINES = ("store", "pyshacl")


class CheckInputError(ValueError):
    """A parameter a user gave (date, severity, county, rule) is not valid; the message says why."""


def parse_as_of(text: str | None) -> dt.date:
    if text is None or text == "":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CheckInputError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2017-06-30") from None


def parse_severity(text: str | None) -> str:
    name = (text or "info").strip().lower()
    if name not in SEVERITIES:
        raise CheckInputError(f"unknown severity '{text}': choose violation, warning or info")
    return name


def parse_engine(name: str) -> str:
    if name not in ENGINES:
        raise CheckInputError(f"unknown engine '{name}': choose {' or '.join(ENGINES)}")
    return name
