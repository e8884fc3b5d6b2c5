"""Asking the real endpoint, and reading the source texts, for the data-quality tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansvar.namespaces import sparql_prologue
from conftest import SEEDS

ANS = "https://w3id.org/ansvar/def#"
ID = "https://w3id.org/ansvar/id/"
C = "https://w3id.org/ansvar/concept/"
PREFIXES = sparql_prologue()


def select(server, query: str) -> list[dict[str, str]]:
    """Run a SELECT on the server's /sparql; rows as {variable: value}."""
    r = server.post("/sparql", data={"query": PREFIXES + query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in row.items()} for row in r.json()["results"]["bindings"]]


def ask(server, query: str) -> bool:
    r = server.post("/sparql", data={"query": PREFIXES + query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def seeds_dir() -> Path:
    """The shared source texts. They are present here and in CI: their absence is a failure."""
    if not SEEDS.is_dir():
        pytest.fail(
            f"the source texts are missing: expected the seeds directory {SEEDS} (../shared/seeds beside the checkout)"
        )
    return SEEDS


def seed_text(file_name: str) -> str:
    path = seeds_dir() / file_name
    if not path.is_file():
        pytest.fail(f"source text {path} is missing")
    return path.read_text(encoding="utf-8")
