"""The catalogue of analysts' questions: queries/*.rq, one question per file.

Each file starts with a header of comment lines that together are TOML (stdlib `tomllib`),
then the SPARQL. The header says what the question is, in both languages, which parameters it
takes (type, default, allowed values), which columns it answers with, and what it answers on
the shipped data with its defaults (checked by the tests on every back end):

    # title.sv = "Vem har en uppgift i ett län"
    # title.en = "Who holds a task in a county"
    # description.sv = "…"
    # description.en = "…"
    # columns = ["holder", "duty", "quote"]
    # [[param]]
    # name = "county"
    # type = "county"
    # default = "10"
    # [expected]
    # min_rows = 1
    # includes = [{ holder = "https://w3id.org/ansvar/id/org/kommun-1080" }]

Parameters are bound where the query has its `#PARAMS` marker, as one `VALUES` row of terms
written by ansvar.sparql_params from validated values, never by pasting request text.
The editor's examples, the analysts' guide, /queries, `ansvar ask` and ansvar.api read this.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .paths import default_paths
from .sparql_params import (
    COUNTY_CODES,
    PARAMS_MARKER,
    ParameterError,
    Term,
    Undef,
    bind,
    parse_concept,
    parse_county,
    parse_date,
    parse_municipality,
    parse_own_iri,
)

__all__ = [
    "CatalogueError",
    "PARAM_TYPES",
    "Parameter",
    "Question",
    "catalogue",
    "expectation_problems",
    "parse_question",
]

PARAM_TYPES = ("date", "county", "municipality", "actor", "agreement", "body", "statute", "responsibility", "concept")


class CatalogueError(ValueError):
    """A question file whose header is not what the catalogue needs; names the file."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None = None
    scheme: str | None = None  # for concept parameters: task, duty …
    allowed: tuple[str, ...] = ()
    description: dict[str, str] = field(default_factory=dict)
    optional: bool = False  # no value and no default: the variable stays free (any value)

    def parse(self, raw: str | None) -> Term:
        value = raw if raw not in (None, "") else self.default
        if value is None and self.optional:
            return Undef()
        if self.allowed and value not in self.allowed:
            raise ParameterError(self.name, f"{(value or '')[:40]!r} is not one of {', '.join(self.allowed)}")
        match self.type:
            case "date":
                today = dt.date.today() if value == "today" else None
                return parse_date(self.name, None if today else value, today)
            case "county":
                return parse_county(self.name, value)
            case "municipality":
                return parse_municipality(self.name, value)
            case "concept":
                return parse_concept(self.name, value, self.scheme or "")
            case _:  # actor, agreement, body: a key of ours
                kind = {"actor": "org"}.get(self.type, self.type)
                return parse_own_iri(self.name, value, kind)

    def allowed_values(self) -> str:
        if self.allowed:
            return ", ".join(self.allowed)
        return {
            "date": "a date YYYY-MM-DD (or today)",
            "county": "a county code: " + ", ".join(COUNTY_CODES),
            "municipality": "a four-digit municipality code, e.g. 1080",
            "actor": "an organisation key, e.g. kommun-1080 or arbetsformedlingen",
            "agreement": "an agreement key, e.g. blekinge-2016-2018",
            "body": "a body key, e.g. blekinge-integrationsradet",
            "statute": "a statute or section key, e.g. sfs-2017-584 or sfs-2017-584/section/6",
            "responsibility": "a responsibility key, e.g. sfs/2016-38-5/kommun-1080",
            "concept": f"a concept key of the {self.scheme} scheme",
        }[self.type]


@dataclass(frozen=True)
class Question:
    name: str
    title: dict[str, str]
    description: dict[str, str]
    params: tuple[Parameter, ...]
    columns: tuple[str, ...]
    expected: dict[str, Any]  # the [expected] table of the header, as TOML gives it
    text: str
    path: Path
    guide: bool = False  # shown, with its live result, in the analysts' guide on /ontology
    expects: str = ""  # the expected answer in words, for the guide
    relies_on: str = ""  # the entailments the question relies on, for the guide
    not_on: tuple[str, ...] = ()  # back ends known not to answer it in time (README: differences between back ends)

    @property
    def anchor(self) -> str:
        return "example-" + self.name

    @property
    def body(self) -> str:
        """The SPARQL without its header (the guide shows the header as prose)."""
        lines = self.text.splitlines()
        start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
        return "\n".join(lines[start:]).strip() + "\n"

    def bound(self, raw: Mapping[str, str | None] | None = None) -> str:
        """The SPARQL with every parameter bound (defaults for those not given)."""
        raw = raw or {}
        unknown = set(raw) - {p.name for p in self.params}
        if unknown:
            name = sorted(unknown)[0]
            known = ", ".join(p.name for p in self.params) or "none"
            raise ParameterError(name, f"{self.name} takes no such parameter; its parameters: {known}")
        if not self.params:
            return self.body
        return bind(self.body, {p.name: p.parse(raw.get(p.name)) for p in self.params})

    def label(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("sv") or self.name


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    return "\n".join(lines)


def parse_question(path: Path) -> Question:
    text = path.read_text(encoding="utf-8")
    try:
        meta = tomllib.loads(_header(text))
    except tomllib.TOMLDecodeError as err:
        raise CatalogueError(f"{path.name}: the header is not valid TOML: {err}") from None
    for key in ("title", "description"):
        if not {"sv", "en"} <= set(meta.get(key, {})):
            raise CatalogueError(f"{path.name}: the header needs {key}.sv and {key}.en")
    params = []
    for p in meta.get("param", []):
        if p.get("type") not in PARAM_TYPES:
            raise CatalogueError(f"{path.name}: parameter {p.get('name')!r} needs a type, one of {PARAM_TYPES}")
        if p["type"] == "concept" and not p.get("scheme"):
            raise CatalogueError(f"{path.name}: concept parameter {p['name']!r} needs a scheme")
        params.append(
            Parameter(
                p["name"],
                p["type"],
                p.get("default"),
                p.get("scheme"),
                tuple(p.get("allowed", ())),
                p.get("description", {}),
                p.get("optional", False),
            )
        )
    if params and PARAMS_MARKER not in text:
        raise CatalogueError(f"{path.name}: a question with parameters needs a {PARAMS_MARKER} line")
    question = Question(
        path.stem,
        meta["title"],
        meta["description"],
        tuple(params),
        tuple(meta.get("columns", ())),
        meta.get("expected", {}),
        text,
        path,
        bool(meta.get("guide", False)),
        meta.get("expects", ""),
        meta.get("relies_on", ""),
        tuple(meta.get("not_on", ())),
    )
    for p in params:  # every default must itself be valid
        try:
            p.parse(None)
        except ParameterError as err:
            raise CatalogueError(f"{path.name}: default of {err}") from None
    return question


@cache
def _load(directory: Path) -> tuple[Question, ...]:
    return tuple(parse_question(p) for p in sorted(directory.glob("*.rq")))


def catalogue(directory: Path | None = None) -> dict[str, Question]:
    """Every question of the catalogue by name, in file order."""
    return {q.name: q for q in _load(directory or default_paths().queries)}


def expectation_problems(question: Question, rows: list[dict[str, dict[str, str]]]) -> list[str]:
    """How the rows (SPARQL JSON bindings) differ from the answer the question's header expects.

    `rows`, `min_rows`: the number of rows; `includes`: each of these partial rows matches a row;
    `excludes`: none of these matches a row; `count_where`: exactly `rows` rows match the others.
    """
    expected = question.expected
    values = [{k: v["value"] for k, v in row.items()} for row in rows]

    def matches(row: dict[str, str], want: dict[str, object]) -> bool:
        return all(
            row.get(k) == str(v).lower() if isinstance(v, bool) else row.get(k) == str(v) for k, v in want.items()
        )

    problems = []
    if "rows" in expected and len(values) != expected["rows"]:
        problems.append(f"{len(values)} rows, expected {expected['rows']}")
    if "min_rows" in expected and len(values) < expected["min_rows"]:
        problems.append(f"{len(values)} rows, expected at least {expected['min_rows']}")
    problems += [
        f"no row matches {want}" for want in expected.get("includes", []) if not any(matches(r, want) for r in values)
    ]
    problems += [
        f"a row matches {want}, which must not appear"
        for want in expected.get("excludes", [])
        if any(matches(r, want) for r in values)
    ]
    if "count_where" in expected:
        where = {k: v for k, v in expected["count_where"].items() if k != "rows"}
        found = sum(matches(r, where) for r in values)
        if found != expected["count_where"]["rows"]:
            problems.append(f"{found} rows match {where}, expected {expected['count_where']['rows']}")
    return problems
