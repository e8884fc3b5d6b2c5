"""The checks (shapes/): completeness and responsibility gaps, as of a date.

One report for the CLI (`ansvar check`), the web (/checks) and the build (the
named graph https://w3id.org/ansvar/graph/checks). One module per job:

- sources.py: the data a check runs on (this checkout, a built store, a remote endpoint);
- engine_pyshacl.py: the core shapes (completeness, personal data) in pyshacl on an
  rdflib graph of the data (DESIGN.md: validate on a plain rdflib graph);
- engine_store.py: the SPARQL-only shapes (the gap rules) on the store, one query per
  constraint for all focus nodes at once (rule_catalogue.StoreShape). Engine "pyshacl"
  runs everything in pyshacl instead: the reference the tests and the benchmark compare with;
- placing.py: each finding placed in a county and given its evidence;
- run.py: all of the above for one date;
- report.py: the report and its serialisations; report_text.py: for the terminal;
- stage.py: the build's stage `check`;
- inputs.py: the parameters a user gives.
"""

from .inputs import ENGINES, CheckInputError, parse_as_of, parse_severity
from .report import NATIONAL, UNPLACED, CheckReport, Evidence, Finding
from .run import checks_in_worker, run_checks
from .sources import CheckData, EndpointError
from .stage import check_build, store_report

__all__ = [
    "ENGINES",
    "NATIONAL",
    "UNPLACED",
    "CheckData",
    "CheckInputError",
    "CheckReport",
    "EndpointError",
    "Evidence",
    "Finding",
    "check_build",
    "checks_in_worker",
    "parse_as_of",
    "parse_severity",
    "run_checks",
    "store_report",
]
