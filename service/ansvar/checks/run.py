"""Running every rule as of a date: the core shapes in pyshacl, the SPARQL-only rules on the
store (or everything in pyshacl), then each finding placed in its county with its evidence."""

from __future__ import annotations

import datetime as dt
import time

from ..store.base import GraphStore
from .engine_pyshacl import pyshacl_findings
from .engine_store import compiled_core_findings, store_findings
from .gate_record import CORE, FOUND_NONE
from .inputs import parse_engine
from .placing import place_and_explain
from .report import CheckReport, Finding, rule_order
from .sources import CheckData

__all__ = ["checks_in_worker", "core_findings", "run_checks"]


def run_checks(data: CheckData, as_of: dt.date | None = None, engine: str = "store") -> CheckReport:
    """Every shape as of `as_of` (default today). Findings are not filtered here; see CheckReport.filtered."""
    parse_engine(engine)
    as_of = as_of or dt.date.today()
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    if engine == "pyshacl":
        findings = pyshacl_findings(data.graph, data.shapes, data.catalogue, as_of)
        seconds["pyshacl"] = time.perf_counter() - started
    else:
        findings = list(core_findings(data))
        seconds["core"] = time.perf_counter() - started
        mark = time.perf_counter()
        findings += store_findings(data, as_of, data.once(FOUND_NONE, frozenset[str]))
        seconds["rules"] = time.perf_counter() - mark
    mark = time.perf_counter()
    findings = _dedupe(findings)
    place_and_explain(data, findings)
    seconds["context"] = time.perf_counter() - mark
    seconds["total"] = time.perf_counter() - started
    # The whole key: one rule can report a node twice with different paths or messages.
    findings.sort(key=lambda f: (rule_order(f.rule), f.key()))
    rules = sorted(data.catalogue.rules.values(), key=rule_order)
    return CheckReport(as_of, engine, rules, findings, seconds)


def core_findings(data: CheckData) -> list[Finding]:
    """The core shapes' findings; they do not depend on the date, so each CheckData computes them once."""
    return data.once(CORE, lambda: compiled_core_findings(data))


_WORKER_DATA: dict[int, CheckData] = {}


def checks_in_worker(store: GraphStore, as_of_iso: str) -> CheckReport:
    """The query-pool job behind /checks: every rule as of a date, in a killable worker process.

    The worker keeps one CheckData for its store, so the date-independent core
    findings are computed once per worker.
    """
    data = _WORKER_DATA.get(id(store))
    if data is None:
        _WORKER_DATA.clear()
        data = _WORKER_DATA[id(store)] = CheckData.from_store(store)
    return run_checks(data, dt.date.fromisoformat(as_of_iso))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for finding in findings:
        if finding.key() not in seen:
            seen.add(finding.key())
            out.append(finding)
    return out
