"""/pictures: who does what, drawn — the county map, the responsibility matrix, the actor
network and the timeline.

Every picture is server-side SVG from the project's own files (no script, no CDN), drawn for
a date, with a legend, a text alternative (the same facts as a table) and its data as CSV or
JSON (`format=csv|json` or `Accept`). The SPARQL behind each is in web/queries/picture_*.rq;
parameters are validated and bound by ansvar.sparql_params, never pasted into the text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET  # noqa: S405 - parses only the vendored map shipped with the package
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..render.links import Links
from ..render.terms import Row
from ..sparql_params import Date, Iri, ParameterError, Term, Text, bind, parse_county, parse_date, parse_own_iri
from ..store import GraphStore
from .checks import findings_per_county
from .errors import ProtocolError
from .i18n import page_language, render_localised
from .negotiation import negotiate, resolve_format
from .page_queries import page_query

router = APIRouter()
_T = TypeVar("_T")

MAP_DIR = Path(__file__).parent / "static" / "maps" / "sweden"
OFFERS = ("text/html", "application/json", "text/csv")
ATTRIBUTION = "Karta: @svg-maps/sweden (Victor Cazanave, efter MapSVG), CC BY 4.0"

# Agreement status of a county on a date, strongest first; colours readable for colour-blind readers.
STATUSES = ("in_force", "period_unknown", "ended", "none")
STATUS_COLOURS = {"in_force": "#1a7f37", "period_unknown": "#d4a72c", "ended": "#8c959f", "none": "#ffffff"}
GAP_COLOURS = ("#ffffff", "#fde0c5", "#f9a66c", "#e5612b", "#a83213")  # 0, 1–9, 10–19, 20–49, 50+
GAP_STEPS = (1, 10, 20, 50)


# -- parameters -------------------------------------------------------------------------


def _param(request: Request, name: str) -> str | None:
    return request.query_params.get(name)


def _checked(call: Callable[..., _T], *args: object) -> _T:
    try:
        return call(*args)
    except ParameterError as exc:
        raise ProtocolError(400, str(exc)) from None


def _as_of(request: Request) -> Date:
    return _checked(parse_date, "as_of", _param(request, "as_of"), dt.date.today())


def _representation(request: Request) -> str:
    fmt = _param(request, "format")
    if fmt is not None:
        media = resolve_format(fmt)
        if media == "application/sparql-results+json":  # `format=json` means plain JSON here
            media = "application/json"
        if media not in OFFERS:
            raise ProtocolError(406, f"unknown format {fmt!r}; use html, json or csv")
        return media
    media = negotiate(request.headers.get("accept"), OFFERS)
    if media is None:
        raise ProtocolError(406, "none of the accepted media types is offered; offered: " + ", ".join(OFFERS))
    return media


def _select(store: GraphStore, name: str, values: dict[str, Term]) -> list[Row]:
    query = page_query(name)
    return store.select(bind(query, values) if values else query)


def _value(row: Row, name: str) -> str | None:
    cell = row.get(name)
    return cell["value"] if cell else None


def _bound(row: Row, name: str) -> str:
    """A variable the query binds in every row (outside any OPTIONAL)."""
    return str(row[name]["value"])


# -- answers in three representations ------------------------------------------------------


@dataclass
class Picture:
    """What one picture shows: a title, its date, its rows (the data) and the page context."""

    template: str
    title: str
    as_of: dt.date
    columns: tuple[str, ...]
    rows: list[dict[str, str]]
    context: dict[str, Any]  # more template variables


def _answer(request: Request, picture: Picture) -> Response:
    media = _representation(request)
    if media == "application/json":
        return JSONResponse(
            {
                "title": picture.title,
                "asOf": picture.as_of.isoformat(),
                "columns": list(picture.columns),
                "rows": picture.rows,
            }
        )
    if media == "text/csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=picture.columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(picture.rows)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
    lang = page_language(request)
    html = render_localised(
        request,
        picture.template,
        lang,
        title=picture.title,
        as_of=picture.as_of,
        columns=picture.columns,
        rows=picture.rows,
        links=Links("/"),
        data_link=_data_link(request),
        **picture.context,
    )
    return HTMLResponse(html)


def _data_link(request: Request) -> Callable[[str], str]:
    def link(fmt: str) -> str:
        params = {k: v for k, v in request.query_params.items() if k not in ("format", "lang")}
        params["format"] = fmt
        return request.url.path + "?" + "&".join(f"{k}={v}" for k, v in sorted(params.items()))

    return link


# -- the county map ---------------------------------------------------------------------


@cache
def county_shapes() -> tuple[tuple[str, str, str], ...]:
    """(county code, name on the map, SVG path) for the 21 counties of the vendored map."""
    codes = json.loads((MAP_DIR / "counties.json").read_text(encoding="utf-8"))
    root = ET.parse(MAP_DIR / "sweden.svg").getroot()  # noqa: S314 - our own vendored file
    paths = root.iter("{http://www.w3.org/2000/svg}path")
    shapes = [(str(codes[p.attrib["id"]]), p.attrib["name"], p.attrib["d"]) for p in paths]
    return tuple(sorted(shapes))


def county_status(agreements: list[tuple[str | None, str | None]], as_of: dt.date) -> str:
    """The agreement status of a county on a date from its regional agreements' (from, until)."""
    found = set()
    for start, end in agreements:
        begun = start is not None and dt.date.fromisoformat(start) <= as_of
        ended = end is not None and dt.date.fromisoformat(end) < as_of
        if ended:
            found.add("ended")
        elif start is None:
            found.add("period_unknown")  # never silently in force, never silently dropped
        elif begun:
            found.add("in_force")
    return next((s for s in STATUSES if s in found), "none")


def gap_colour(count: int) -> str:
    return GAP_COLOURS[sum(count >= step for step in GAP_STEPS)]


@router.get("/pictures/map", summary="County map: agreement status or gap findings per county on a date")
def county_map(request: Request, as_of: str | None = None, colour: str = "agreements") -> Response:
    date = _as_of(request)
    if colour not in ("agreements", "gaps"):
        raise ProtocolError(400, f"parameter colour: {colour[:40]!r} is not one of agreements, gaps")
    store: GraphStore = request.app.state.store
    agreements: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    names: dict[str, str] = {}
    titles: dict[str, list[str]] = defaultdict(list)
    for row in _select(store, "picture_map", {}):
        code = _bound(row, "code")
        names[code] = _bound(row, "name")
        if row.get("agreement"):
            agreements[code].append((_value(row, "from"), _value(row, "until")))
            titles[code].append(_value(row, "title") or _bound(row, "agreement"))
    gaps = _gap_counts(request, date.value) if colour == "gaps" else {}
    rows = []
    for code, _map_name, _path in county_shapes():
        status = county_status(agreements.get(code, []), date.value)
        rows.append(
            {
                "code": code,
                "county": names.get(code, code),
                "status": status,
                "agreements": "; ".join(titles.get(code, [])),
                "findings": str(gaps.get(code, 0)),
            }
        )
    by_code = {r["code"]: r for r in rows}
    shapes = []
    for code, _map_name, path in county_shapes():
        shown = by_code[code]
        fill = gap_colour(int(shown["findings"])) if colour == "gaps" else STATUS_COLOURS[shown["status"]]
        shapes.append({"code": code, "path": path, "fill": fill, "row": shown, "href": f"/page/id/county/{code}"})
    return _answer(
        request,
        Picture(
            "pictures/map.html",
            "map",
            date.value,
            ("code", "county", "status", "agreements", "findings"),
            rows,
            {
                "shapes": shapes,
                "colour": colour,
                "status_colours": STATUS_COLOURS,
                "statuses": STATUSES,
                "gap_colours": GAP_COLOURS,
                "gap_steps": GAP_STEPS,
                "attribution": ATTRIBUTION,
            },
        ),
    )


def _gap_counts(request: Request, as_of: dt.date) -> dict[str, int]:
    """Gap findings per county code on a date, from the same check service as /checks."""
    return findings_per_county(request, as_of)


# -- the responsibility matrix ----------------------------------------------------------------


@router.get("/pictures/matrix", summary="Responsibility matrix of a county: actors × tasks, kinds of duty")
def matrix(request: Request, county: str = "", as_of: str | None = None) -> Response:
    date = _as_of(request)
    county_iri = _checked(parse_county, "county", county)
    lang = page_language(request) if _representation(request) == "text/html" else "sv"
    rows_raw = _select(
        request.app.state.store, "picture_matrix", {"county": county_iri, "asOf": date, "lang": Text(lang)}
    )
    rows = [
        {
            "actor": _bound(r, "actor"),
            "actorName": _bound(r, "actorName"),
            "task": _bound(r, "task"),
            "taskName": _bound(r, "taskName"),
            "duty": _bound(r, "duty"),
            "dutyName": _bound(r, "dutyName"),
            "joint": "true" if _value(r, "joint") in ("true", "1") else "false",
            "responsibility": _bound(r, "r"),
        }
        for r in rows_raw
    ]
    actors = sorted({(r["actorName"], r["actor"]) for r in rows})
    tasks = sorted({(r["taskName"], r["task"]) for r in rows})
    cells: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        cells[(r["actor"], r["task"])].append(r)
    return _answer(
        request,
        Picture(
            "pictures/matrix.html",
            "matrix",
            date.value,
            ("actor", "actorName", "task", "taskName", "duty", "dutyName", "joint", "responsibility"),
            rows,
            {
                "actors": actors,
                "tasks": tasks,
                "cells": cells,
                "county": county_iri.value,
                "county_code": county_iri.value.rsplit("/", 1)[-1],
            },
        ),
    )


# -- the actor network ------------------------------------------------------------------------

NODE_W, NODE_H, ROW_H = 230, 26, 34


@router.get("/pictures/network", summary="Actor network of an agreement: parties, bodies, members, chairs, convenors")
def network(request: Request, agreement: str = "", as_of: str | None = None) -> Response:
    agreement_iri: Iri = _checked(parse_own_iri, "agreement", agreement, "agreement")
    store: GraphStore = request.app.state.store
    start = _select(store, "picture_agreement_start", {"agreement": agreement_iri})
    # Drawn for the day the agreement began unless a date is asked for: today it may have ended.
    default = dt.date.fromisoformat(_bound(start[0], "from")) if start else dt.date.today()
    date = _checked(parse_date, "as_of", _param(request, "as_of"), default)
    raw = _select(store, "picture_network", {"agreement": agreement_iri, "asOf": date})
    if not raw:
        raise ProtocolError(404, f"no parties or bodies of {agreement_iri.value} on {date.value.isoformat()}")
    rows = [
        {k: _bound(r, k) for k in ("from", "fromName", "fromKind", "to", "toName", "toKind", "relation")} for r in raw
    ]
    layout = network_layout(rows, agreement_iri.value)
    return _answer(
        request,
        Picture(
            "pictures/network.html",
            "network",
            date.value,
            ("from", "fromName", "fromKind", "relation", "to", "toName", "toKind"),
            rows,
            {"layout": layout, "agreement": agreement_iri.value},
        ),
    )


def network_layout(rows: list[dict[str, str]], agreement: str) -> dict[str, Any]:
    """Three columns: organisations, the agreement, its bodies; edges between their boxes."""
    columns: dict[str, dict[str, str]] = {"organisation": {}, "agreement": {}, "body": {}}
    for r in rows:
        columns[r["fromKind"]][r["from"]] = r["fromName"]
        columns[r["toKind"]][r["to"]] = r["toName"]
    columns["agreement"].setdefault(agreement, agreement)
    xs = {"organisation": 10, "agreement": 10 + NODE_W + 120, "body": 10 + 2 * (NODE_W + 120)}
    height = max(len(c) for c in columns.values()) * ROW_H + 20
    nodes: dict[str, dict[str, Any]] = {}
    for kind, members in columns.items():
        top = (height - len(members) * ROW_H) / 2
        for i, (iri, name) in enumerate(sorted(members.items(), key=lambda kv: kv[1])):
            nodes[iri] = {"iri": iri, "name": name, "kind": kind, "x": xs[kind], "y": top + i * ROW_H}
    edges = []
    for r in rows:
        a, b = nodes[r["from"]], nodes[r["to"]]
        left, right = (a, b) if a["x"] <= b["x"] else (b, a)
        edges.append(
            {
                "x1": left["x"] + NODE_W,
                "y1": left["y"] + NODE_H / 2,
                "x2": right["x"],
                "y2": right["y"] + NODE_H / 2,
                "relation": r["relation"],
            }
        )
    return {
        "nodes": list(nodes.values()),
        "edges": edges,
        "width": xs["body"] + NODE_W + 10,
        "height": height,
        "node_w": NODE_W,
        "node_h": NODE_H,
    }


# -- the timeline -----------------------------------------------------------------------------


@router.get("/pictures/timeline", summary="Timeline of statutes, agreements and organisational changes")
def timeline(request: Request, county: str | None = None, as_of: str | None = None) -> Response:
    date = _as_of(request)
    territory = _checked(parse_county, "county", county) if county else Iri("https://w3id.org/ansvar/id/country/se")
    raw = _select(request.app.state.store, "picture_timeline", {"county": territory})
    rows = [{k: _value(r, k) or "" for k in ("thing", "kind", "name", "from", "until")} for r in raw]
    return _answer(
        request,
        Picture(
            "pictures/timeline.html",
            "timeline",
            date.value,
            ("kind", "name", "from", "until", "thing"),
            rows,
            {"bars": timeline_bars(rows, date.value), "county": territory.value},
        ),
    )


TL_LEFT, TL_WIDTH, TL_ROW = 330, 640, 20


def timeline_bars(rows: list[dict[str, str]], as_of: dt.date) -> dict[str, Any]:
    """Bars (or marks, for events) on a year axis that spans every date shown and the as-of date."""
    years = [int(v[:4]) for r in rows for v in (r["from"], r["until"]) if v] + [as_of.year]
    first, last = min(years), max(years) + 1
    span = max(last - first, 1)

    def x(day: str | dt.date) -> float:
        d = dt.date.fromisoformat(day) if isinstance(day, str) else day
        return TL_LEFT + (d.year - first + (d.timetuple().tm_yday - 1) / 366) / span * TL_WIDTH

    bars = []
    for i, r in enumerate(rows):
        y = 30 + i * TL_ROW
        start = x(r["from"]) if r["from"] else TL_LEFT
        end = x(r["until"]) if r["until"] else TL_LEFT + TL_WIDTH
        bars.append(
            {
                **r,
                "y": y,
                "x1": start,
                "x2": max(end, start + 3),
                "open_start": not r["from"],
                "open_end": not r["until"] and r["kind"] != "event",
                "event": r["kind"] == "event",
            }
        )
    ticks = [{"year": year, "x": x(dt.date(year, 1, 1))} for year in range(first, last + 1, max(1, span // 12))]
    return {
        "bars": bars,
        "ticks": ticks,
        "as_of_x": x(as_of),
        "height": 40 + len(rows) * TL_ROW,
        "left": TL_LEFT,
        "width": TL_LEFT + TL_WIDTH + 20,
    }


# -- the index ------------------------------------------------------------------------------


@router.get("/pictures", summary="The pictures and what each shows")
def pictures_index(request: Request) -> Response:
    lang = page_language(request)
    return HTMLResponse(render_localised(request, "pictures/index.html", lang, as_of=dt.date.today()))
