"""The analysts' canned queries in queries/*.rq and their metadata headers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .paths import default_paths

_FIELDS = ("title", "titel", "description")


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    titel: str
    description: str
    text: str


def parse(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    meta = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        if key.strip() in _FIELDS:
            meta[key.strip()] = value.strip()
    return CannedQuery(
        path.stem, meta.get("title", path.stem), meta.get("titel", ""), meta.get("description", ""), text
    )


def canned_queries(directory: Path | None = None) -> list[CannedQuery]:
    directory = directory or default_paths().queries
    return [parse(p) for p in sorted(directory.glob("*.rq"))]
