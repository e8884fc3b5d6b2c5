"""/checks: the gap checks as a page, as JSON and as an RDF sh:ValidationReport.

GET /checks?as_of=YYYY-MM-DD&county=10&rule=G1&severity=warning

- as_of: the date the gap rules are evaluated for (default today);
- county: a county code (10), a county IRI, `national` or `unplaced`;
- rule: a rule id (G1, C-responsibility …) or a shape IRI;
- severity: the lowest severity shown (violation | warning | info; default info).

The representation follows Accept (or `format=`): HTML, application/json, or the
report as Turtle, N-Triples, JSON-LD or RDF/XML. The counties × rules overview
always shows every county and rule at the chosen severity, so it links to the
filtered views.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..checks import (
    NATIONAL,
    UNPLACED,
    CheckData,
    CheckInputError,
    CheckReport,
    checks_in_worker,
    parse_as_of,
    parse_severity,
    run_checks,
)
from ..namespaces import BASE
from ..render.checks_page import checks_page, county_names
from ..render.links import RDF_TYPES, Links
from ..settings import Settings
from ..store import GraphStore
from ..store.query_pool import QueryPool
from .budget import client_address
from .errors import ProtocolError
from .i18n import page_language
from .negotiation import negotiate, resolve_format

router = APIRouter()

OFFERS = ("text/html", "application/json", *RDF_TYPES)
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


class ChecksService:
    """The check reports the app serves, cached per (store generation, as-of date) in a bounded LRU.

    A report for a new date runs in the query pool, with the query time limit and
    the worker memory cap; without a pool (remote store, isolation off) it runs
    here, one at a time (rdflib's SPARQL parser is not thread-safe).
    """

    def __init__(self, cache_size: int = 32):
        self._lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._store: GraphStore | None = None
        self._data: CheckData | None = None
        self._reports: OrderedDict[tuple[object, dt.date], CheckReport] = OrderedDict()
        self.cache_size = cache_size

    def data_for(self, store: GraphStore) -> CheckData:
        with self._lock:
            if self._data is None or self._store is not store:  # a new store after an update
                self._store, self._data = store, CheckData.from_store(store)
            return self._data

    def report_for(
        self, store: GraphStore, as_of: dt.date, pool: QueryPool | None, settings: Settings, client: str | None = None
    ) -> CheckReport:
        key = (getattr(store, "generation_id", None) or id(store), as_of)
        with self._lock:
            if key in self._reports:
                self._reports.move_to_end(key)
                return self._reports[key]
        if pool is not None:
            report = pool.call(
                checks_in_worker,
                (as_of.isoformat(),),
                timeout=settings.query_timeout_s,
                wait=settings.queue_wait_s,
                client=client,
            )
        else:
            with self._run_lock:
                report = run_checks(self.data_for(store), as_of)
        with self._lock:
            self._reports[key] = report
            while len(self._reports) > self.cache_size:
                self._reports.popitem(last=False)
        return report


def _service(request: Request) -> ChecksService:
    state = request.app.state
    if not hasattr(state, "checks_service"):
        state.checks_service = ChecksService(state.settings.checks_cache_size)
    service: ChecksService = state.checks_service
    return service


def _wanted(request: Request) -> str:
    fmt = request.query_params.get("format")
    if fmt is not None:
        media = resolve_format(fmt)
        if media == "application/sparql-results+json":  # `format=json` means the report's JSON here
            media = "application/json"
        if media not in OFFERS:
            raise ProtocolError(406, f"unknown format {fmt!r}; use html, json, ttl, nt, jsonld or rdf")
        return media
    media = negotiate(request.headers.get("accept"), OFFERS)
    if media is None:
        raise ProtocolError(406, "none of the accepted media types is offered; offered: " + ", ".join(OFFERS))
    return media


def resolve_county(value: str | None, report: CheckReport, counties: dict[str, str]) -> str | None:
    """A county filter as the report keys it; raises CheckInputError for an unknown county."""
    if value is None or value == "":
        return None
    if value in (NATIONAL, UNPLACED):
        return value
    candidates = [value, f"{BASE}id/county/{value}", f"{BASE}id/{value}"]
    for candidate in candidates:
        if candidate in counties:
            return candidate
    raise CheckInputError(
        f"unknown county {value!r}: give a county code such as 10, a county IRI, '{NATIONAL}' or '{UNPLACED}'"
    )


def resolve_rule(value: str | None, report: CheckReport) -> str | None:
    if value is None or value == "":
        return None
    for rule in report.rules:
        if value in (rule.iri, rule.identifier) or value.lower() == rule.identifier.lower():
            return rule.iri
    raise CheckInputError(f"unknown rule {value!r}: give a rule id such as G1 or a shape IRI")


@router.get("/checks")
def checks(request: Request) -> Response:
    params = request.query_params
    media = _wanted(request)
    lang = page_language(request)
    state = request.app.state
    service = _service(request)
    store = state.store
    data = service.data_for(store)
    try:
        as_of = parse_as_of(params.get("as_of"))
        severity = parse_severity(params.get("severity"))
        report = service.report_for(store, as_of, state.query_runner.pool, state.settings, client_address(request))
        counties = county_names(data)
        county = resolve_county(params.get("county"), report, counties)
        rule = resolve_rule(params.get("rule"), report)
    except CheckInputError as err:
        raise ProtocolError(400, str(err)) from None
    at_severity = report.filtered(severity)
    shown = report.filtered(severity, county, rule)
    if media == "application/json":
        body = shown.to_json() | {
            "filters": {"asOf": as_of.isoformat(), "county": county, "rule": rule, "severity": severity},
            "overview": _overview_json(at_severity),
        }
        return JSONResponse(body)
    if media in RDFLIB_FORMATS:
        graph = shown.graph()
        return Response(
            graph.serialize(format=RDFLIB_FORMATS[media], encoding="utf-8"), media_type=f"{media}; charset=utf-8"
        )
    filters = {"as_of": as_of.isoformat(), "county": county, "rule": rule, "severity": severity}
    links = Links()
    html = checks_page(
        at_severity,
        shown,
        filters,
        counties,
        lang,
        lambda iri: links.page(iri, lang if lang != "sv" else None),
    )
    return HTMLResponse(html)


def findings_per_county(request: Request, as_of: dt.date) -> dict[str, int]:
    """Gap findings (every severity) per county code on a date, as the county map colours them."""
    report = run_checks(_service(request).data_for(request.app.state.store), as_of)
    prefix = f"{BASE}id/county/"
    counts: dict[str, int] = {}
    for finding in report.findings:
        if finding.county and finding.county.startswith(prefix):
            code = finding.county[len(prefix) :]
            counts[code] = counts.get(code, 0) + 1
    return counts


def _overview_json(report: CheckReport) -> dict[str, object]:
    counties, rules, counts = report.matrix()
    return {
        "rules": [r.identifier for r in rules],
        "counties": [
            {"county": key, "label": label, "counts": {r.identifier: counts.get((key, r.iri), 0) for r in rules}}
            for key, label in counties
        ],
    }
