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
    *,
    read_from: GraphStore | None = None,
) -> ValidationReport:
    """Write the dumps (to dumps_dir, or a scratch directory for an in-memory store), make the
    DCAT-AP-SE record of them and validate it; a valid record is also written to record_file
    (the new generation's catalog.ttl). `read_from` holds the same quads as `store`, quicker to
    read (the build's in-memory store beside an on-disk generation); the manifest names `store`."""
    source = read_from or store
    with tempfile.TemporaryDirectory(prefix="ansvar-dumps-") as scratch:
        manifest = write_dumps(source, dumps_dir or Path(scratch), store_label(store))
        record = dcat_graph(source, manifest, publication or Publication(), manifest.created)
        report = validate_record(record)
        if record_file is not None and not report.violations:
            record_file.write_bytes(record.serialize(format="turtle", encoding="utf-8"))
        return report
