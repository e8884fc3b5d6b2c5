"""The build's `describe` stage: the dumps of the new store, and their validated record."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..dumps import store_label, write_dumps
from ..store import GraphStore
from ..validate import ValidationReport
from .publisher import Publication
from .record import dcat_graph
from .validation import validate_record

__all__ = ["describe_dataset"]


def describe_dataset(
    store: GraphStore,
    dumps_dir: Path | None,
    publication: Publication | None = None,
    record_file: Path | None = None,
) -> ValidationReport:
    """Write the dumps (to dumps_dir, or a scratch directory for an in-memory store), make the
    DCAT-AP-SE record of them and validate it; a valid record is also written to record_file
    (the new generation's catalog.ttl)."""
    with tempfile.TemporaryDirectory(prefix="ansvar-dumps-") as scratch:
        manifest = write_dumps(store, dumps_dir or Path(scratch), store_label(store))
        record = dcat_graph(store, manifest, publication or Publication(), manifest.created)
        report = validate_record(record)
        if record_file is not None and not report.violations:
            record_file.write_bytes(record.serialize(format="turtle", encoding="utf-8"))
        return report
