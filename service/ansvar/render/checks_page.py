"""The page of the gap checks: /checks in the service, and `ansvar check --format html` on its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..checks import NATIONAL, UNPLACED, CheckData, CheckReport
from ..namespaces import BASE
from ..query_files import check_query
from ..validate import SEVERITIES
from .environment import render
from .strings import translator

__all__ = ["checks_page", "county_names", "standalone_checks_page"]


def county_names(data: CheckData) -> dict[str, str]:
    """County IRI -> Swedish name, for the filter."""
    rows = data.select(check_query("county_names"))
    return dict(sorted(((r["county"]["value"], r["label"]["value"]) for r in rows), key=lambda kv: kv[1]))


def checks_page(
    report: CheckReport,
    shown: CheckReport,
    filters: dict[str, Any],
    counties: dict[str, str],
    lang: str,
    link: Callable[[str], str],
    root: str = "/",
) -> str:
    """`report` in the counties × rules overview, `shown` (its filtered findings) below it;
    `link` gives the href of a resource IRI."""
    overview_counties, overview_rules, counts = report.matrix()
    return render(
        "checks.html",
        t=translator(lang),
        lang=lang,
        root=root,
        report=shown,
        full=report,
        filters=filters,
        counties=counties,
        severities=list(reversed(SEVERITIES)),
        link=link,
        overview_counties=overview_counties,
        overview_rules=overview_rules,
        counts=counts,
        groups=shown.by_county(),
        totals=shown.totals(),
        national=NATIONAL,
        unplaced=UNPLACED,
        graph_checks=f"{BASE}graph/checks",
    )


def standalone_checks_page(report: CheckReport, data: CheckData, lang: str = "sv") -> str:
    """A page of `report` that needs no service (`ansvar check --format html`): links are the IRIs."""
    filters = {"as_of": report.as_of.isoformat(), "county": None, "rule": None, "severity": report.min_severity}
    return checks_page(report, report, filters, county_names(data), lang, lambda iri: iri)
