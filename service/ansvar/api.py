"""A small Python API for notebooks: ask a question of the catalogue, or any SPARQL, and get a
pandas DataFrame. Works on the embedded store (built from the shipped data) or on any SPARQL
endpoint URL (this service's /sparql, Oxigraph server, Virtuoso …).

    >>> from ansvar import api
    >>> api.ask("who-holds-a-task", county="10", task="school")          # embedded store
    >>> api.ask("who-holds-a-task", endpoint="http://127.0.0.1:8000/sparql", county="13")
    >>> api.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

pandas is an optional extra: `pip install "ansvar[notebook]"`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .build import run_build
from .namespaces import sparql_prologue
from .questions import catalogue
from .store import GraphStore, ResultKind
from .store.remote import RemoteStore

__all__ = ["XSD", "ask", "connect", "frame", "questions", "sparql"]

if TYPE_CHECKING:
    import pandas

XSD = "http://www.w3.org/2001/XMLSchema#"
_CONVERT: dict[str, Callable[[str], Any]] = {
    XSD + "integer": int,
    XSD + "int": int,
    XSD + "long": int,
    XSD + "decimal": Decimal,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": lambda v: v in ("true", "1"),
    XSD + "date": dt.date.fromisoformat,
}


def _pandas() -> ModuleType:
    try:
        import pandas
    except ImportError:  # an optional extra: say how to get it
        raise ImportError('ansvar.api needs pandas: pip install "ansvar[notebook]"') from None
    module: ModuleType = pandas  # pandas has no type information: the import is Any
    return module


@cache
def _embedded() -> GraphStore:
    store = run_build().store
    assert store is not None
    return store


def connect(endpoint: str | None = None) -> GraphStore:
    """The store to ask: a remote SPARQL endpoint by URL, or the embedded store of the shipped data."""
    return _embedded() if endpoint is None else RemoteStore(endpoint)


def _value(binding: dict[str, str]) -> Any:
    convert = _CONVERT.get(binding.get("datatype", ""))
    if convert is not None:
        try:
            return convert(binding["value"])
        except ValueError:
            return binding["value"]
    return binding["value"]


def frame(body: bytes) -> pandas.DataFrame:
    """A SPARQL 1.1 JSON result as a DataFrame: one column per variable, typed where XSD says so."""
    data = json.loads(body)
    columns = data["head"]["vars"]
    rows = [{c: _value(b[c]) if c in b else None for c in columns} for b in data["results"]["bindings"]]
    return _pandas().DataFrame(rows, columns=columns)


def sparql(query: str, endpoint: str | None = None, prefixes: bool = True) -> pandas.DataFrame:
    """Any SELECT query; the standard prefixes (ans:, skos:, …) are declared unless prefixes=False."""
    text = sparql_prologue() + query if prefixes else query
    result = connect(endpoint).query(text)
    if result.kind is not ResultKind.SOLUTIONS:
        raise ValueError("api.sparql() answers SELECT queries; use the store for ASK or CONSTRUCT")
    return frame(result.body)


def ask(name: str, endpoint: str | None = None, **params: str) -> pandas.DataFrame:
    """One question of the catalogue with its parameters (by name; defaults for the others)."""
    questions = catalogue()
    if name not in questions:
        raise KeyError(f"no question {name!r}; questions: {', '.join(questions)}")
    result = connect(endpoint).query(questions[name].bound(params))
    return frame(result.body)


def questions() -> pandas.DataFrame:
    """The catalogue: name, English title and parameters of every question."""
    return _pandas().DataFrame(
        [
            {"name": q.name, "title": q.title["en"], "parameters": ", ".join(p.name for p in q.params)}
            for q in catalogue().values()
        ]
    )
