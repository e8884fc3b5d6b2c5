"""Search by label across actors, territories, agreements, statutes and concepts (/search).

The labels are read once per store into memory and matched in Python, so no user
text ever reaches a SPARQL query.
"""

from __future__ import annotations

import difflib
import threading
import unicodedata
import weakref
from dataclasses import dataclass, field

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..namespaces import BASE
from ..render.links import Links
from ..render.strings import pick
from ..store import GraphStore
from .errors import ProtocolError
from .i18n import page_language, remember_language, render_localised
from .negotiation import negotiate, resolve_format
from .page_queries import page_query

router = APIRouter()

KINDS = ("actor", "territory", "agreement", "statute", "concept")


def normalise(text: str) -> str:
    """Case- and accent-insensitive form: 'Länsstyrelsen' matches 'lansstyrelsen'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@dataclass
class Entry:
    iri: str
    kinds: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)  # preferred label per language
    keys: set[str] = field(default_factory=set)  # normalised texts that match


@dataclass
class Hit:
    iri: str
    label: str
    kind: str
    score: int


class LabelIndex:
    def __init__(self, store: GraphStore):
        self.entries: dict[str, Entry] = {}
        for row in store.select(page_query("search_labels")):
            entry = self.entries.setdefault(row["s"]["value"], Entry(row["s"]["value"]))
            entry.kinds.add(row["kind"]["value"])
            label = row["label"]
            if "pref" in row:
                entry.labels.setdefault(label.get("xml:lang", ""), label["value"])
            entry.keys.add(normalise(label["value"]))
        self.by_key: dict[str, set[str]] = {}
        for entry in self.entries.values():
            for key in entry.keys:
                self.by_key.setdefault(key, set()).add(entry.iri)
        self.own_iris = sorted(row["s"]["value"] for row in store.select(page_query("own_iris")))

    def search(self, text: str, lang: str, kind: str | None = None, limit: int = 50) -> list[Hit]:
        q = normalise(text)
        if not q:
            return []
        best: dict[str, int] = {}
        for key, iris in self.by_key.items():
            score = _score(q, key)
            if score is None:
                continue
            for iri in iris:
                if score < best.get(iri, 99):
                    best[iri] = score
        if not best:  # nothing contains the text: offer the nearest spellings
            for key in difflib.get_close_matches(q, list(self.by_key), n=limit, cutoff=0.6):
                for iri in self.by_key[key]:
                    best.setdefault(iri, 5)
        hits = []
        for iri, score in best.items():
            entry = self.entries[iri]
            if kind and kind not in entry.kinds:
                continue
            label = pick(entry.labels, lang) or iri
            hits.append(Hit(iri, label, sorted(entry.kinds)[0], score))
        hits.sort(key=lambda h: (h.score, len(h.label), h.label))
        return hits[:limit]

    def nearest(self, iri: str, lang: str, n: int = 8) -> list[Hit]:
        """For a 404: IRIs spelled like the unknown one, then labels like its last segment."""
        found: list[Hit] = []
        seen: set[str] = set()
        for candidate in difflib.get_close_matches(iri, self.own_iris, n=n, cutoff=0.75):
            entry = self.entries.get(candidate)
            label = pick(entry.labels, lang) if entry else None
            found.append(Hit(candidate, label or candidate[len(BASE) :], "", 0))
            seen.add(candidate)
        words = iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
        for hit in self.search(words, lang, limit=n):
            if hit.iri not in seen:
                found.append(hit)
                seen.add(hit.iri)
        return found[:n]


def _score(q: str, key: str) -> int | None:
    if key == q:
        return 0
    if key.startswith(q):
        return 1
    if any(word.startswith(q) for word in key.split()):
        return 2
    if q in key:
        return 3
    return None


_indexes: weakref.WeakKeyDictionary[GraphStore, LabelIndex] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def label_index(store: GraphStore) -> LabelIndex:
    with _lock:
        index = _indexes.get(store)
        if index is None:
            index = _indexes[store] = LabelIndex(store)
        return index


@router.get("/search")
def search(
    request: Request,
    q: str = Query("", max_length=200, description="text to look for in labels"),
    kind: str | None = Query(None, description="actor|territory|agreement|statute|concept"),
    limit: int = Query(50, ge=1, le=200),
) -> Response:
    if kind is not None and kind not in KINDS:
        raise ProtocolError(400, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    lang = page_language(request)
    fmt = request.query_params.get("format")
    media = resolve_format(fmt) if fmt else negotiate(request.headers.get("accept"), ("text/html", "application/json"))
    if media in ("application/sparql-results+json",):  # format=json names JSON here
        media = "application/json"
    if media not in ("text/html", "application/json"):
        raise ProtocolError(406, "search results are offered as text/html or application/json")
    hits = label_index(request.app.state.store).search(q, lang, kind, limit) if q.strip() else []
    links = Links("/")
    if media == "application/json":
        return JSONResponse(
            {
                "query": q,
                "kind": kind,
                "count": len(hits),
                "results": [{"iri": h.iri, "label": h.label, "kind": h.kind, "page": links.page(h.iri)} for h in hits],
            }
        )
    html = render_localised(request, "search.html", lang, q=q, kind=kind, kinds=KINDS, hits=hits, links=links)
    response = HTMLResponse(html, headers={"Vary": "Accept, Cookie"})
    remember_language(request, response)
    return response
