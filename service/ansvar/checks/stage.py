"""The build's stage `check`: every rule as of the build date, stored as the named graph graph/checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..load import LoadedData
from ..namespaces import GRAPH_CHECKS
from ..rule_catalogue import RuleCatalogue
from ..store.embedded import EmbeddedStore
from ..validate import ValidationReport
from .engine_pyshacl import findings_from_results
from .report import CheckReport, report_ntriples
from .run import CORE, run_checks
from .sources import CheckData

__all__ = ["check_build", "store_report"]


def store_report(store: EmbeddedStore, report: CheckReport) -> None:
    """Make `report` the named graph graph/checks of a writable embedded store."""
    store.replace_graph(str(GRAPH_CHECKS), report_ntriples(report))


def check_build(
    store: EmbeddedStore,
    loaded: LoadedData,
    gate: ValidationReport | None,
    root: Path | None = None,
    as_of: dt.date | None = None,
) -> CheckReport:
    """Run the rules on the new store and store the report in it.

    The core shapes' findings are the gate's (the build just ran them), so only the
    SPARQL rules run here.
    """
    catalogue = RuleCatalogue(loaded.shapes)
    core = findings_from_results(gate.graph, catalogue) if gate is not None else []
    data = CheckData(
        store,
        loaded.shapes,
        file_of_subject=loaded.file_of_subject,
        catalogue=catalogue,
        root=root,
        known={CORE: core},
    )
    report = run_checks(data, as_of)
    store_report(store, report)
    return report
