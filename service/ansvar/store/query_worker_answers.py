"""How a query worker writes an answer under the row cap, in the format that was asked.

Solutions asked for as JSON, XML or TSV are serialised by pyoxigraph straight into that
format. Whether the cap cut anything is proven from the answer's size where it can be:
each solution takes at least `_LEAST_ROW_BYTES` in a format, so an answer shorter than
(cap + 1) of those holds at most `cap` rows. A longer one is counted by parsing it with
pyoxigraph, and only an answer really over the cap is cut (through TSV, one row per line).
CSV, which pyoxigraph cannot parse back, and graphs are written as TSV and N-Triples first,
cut by lines and converted. Either way a query is evaluated once; an answer stays in memory
up to `SPOOL_INLINE_BYTES` and past that goes to a file the server sends and deletes.
"""

from __future__ import annotations

import io
import itertools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from .base import QueryResult, ResultKind, serialized

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from .embedded import EmbeddedStore

__all__ = ["SPOOL_INLINE_BYTES", "Capped", "capped_answer"]

# A worker's answer stays in memory up to this size; past it, it is written to a file in the
# worker's spool directory, and sent to the client from there.
SPOOL_INLINE_BYTES = 1 << 20

_QRF = ox.QueryResultsFormat
# The fewest bytes one solution takes in pyoxigraph's writing of a format, whatever it binds:
# JSON `{}`, XML `<result/>` (pyoxigraph writes the longer `<result></result>`), TSV a line end.
_LEAST_ROW_BYTES = {_QRF.JSON: 2, _QRF.XML: 9, _QRF.TSV: 1}


@dataclass(frozen=True)
class Capped:
    """An answer under the cap: in `result.body`, or (a large one) in `file` with an empty body."""

    result: QueryResult
    truncated: bool
    file: Path | None = None


class _Answer(io.BytesIO):
    """What pyoxigraph writes: kept in memory up to SPOOL_INLINE_BYTES, then moved on into a file."""

    def __init__(self, directory: Path | None) -> None:
        super().__init__()
        self.directory, self.size = directory, 0
        self.file: Path | None = None
        self._out: IO[bytes] | None = None

    def write(self, data: ReadableBuffer, /) -> int:
        count = memoryview(data).nbytes
        self.size += count
        if self._out is not None:
            return self._out.write(data)
        super().write(data)
        if self.size > SPOOL_INLINE_BYTES:
            fd, name = tempfile.mkstemp(dir=self.directory, suffix=".result")
            self.file, self._out = Path(name), os.fdopen(fd, "wb")
            self._out.write(self.getbuffer())
            self.seek(0)
            self.truncate()
        return count

    def finish(self) -> None:
        """All is written: the file, if there is one, is complete on disk."""
        if self._out is not None:
            self._out.close()

    def discard(self) -> None:
        self.finish()
        if self.file is not None:
            self.file.unlink(missing_ok=True)

    def reader(self) -> IO[bytes]:
        """The answer from its first byte."""
        if self.file is not None:
            return self.file.open("rb")
        return io.BytesIO(self.getvalue())

    def capped(self, kind: ResultKind, media_type: str, truncated: bool) -> Capped:
        self.finish()
        body = b"" if self.file is not None else self.getvalue()
        return Capped(QueryResult(kind, body, media_type), truncated, self.file)


def capped_answer(
    store: EmbeddedStore,
    sparql: str,
    accept: tuple[str, str],
    dataset: tuple[list[str] | None, list[str] | None],
    max_rows: int,
    prefixes: dict[str, str] | None = None,
    base_iri: str | None = None,
    spool_dir: Path | None = None,
) -> Capped:
    """Evaluate `sparql` once (dataset: default and named graph IRIs) into the format asked for
    (accept: for solutions, for graphs), with at most `max_rows` solutions or triples."""
    from .embedded import RESULT_FORMATS

    result = store.evaluate(sparql, *dataset, prefixes, base_iri)
    if isinstance(result, ox.QueryBoolean):
        body = serialized(result.serialize(format=RESULT_FORMATS[accept[0]]))
        return Capped(QueryResult(ResultKind.BOOLEAN, body, accept[0]), False)
    if isinstance(result, ox.QuerySolutions) and RESULT_FORMATS[accept[0]] in _LEAST_ROW_BYTES:
        return _solutions(result, accept[0], max_rows, spool_dir)
    with _lines(spool_dir) as raw:
        if isinstance(result, ox.QuerySolutions):  # CSV: cut as TSV, then converted
            result.serialize(raw, format=_QRF.TSV)
            return _cut_and_converted(raw, ResultKind.SOLUTIONS, accept[0], max_rows, spool_dir)
        ox.serialize(result, raw, format=ox.RdfFormat.N_TRIPLES)
        return _cut_and_converted(raw, ResultKind.GRAPH, accept[1], max_rows, spool_dir)


def _solutions(result: ox.QuerySolutions, media_type: str, max_rows: int, spool_dir: Path | None) -> Capped:
    """Solutions written straight in the format asked for; cut through TSV only if over the cap."""
    from .embedded import RESULT_FORMATS

    fmt = RESULT_FORMATS[media_type]
    answer = _Answer(spool_dir)
    try:
        result.serialize(answer, format=fmt)
        answer.finish()
        if answer.size < (max_rows + 1) * _LEAST_ROW_BYTES[fmt] or _rows_at_most(answer, fmt, max_rows):
            return answer.capped(ResultKind.SOLUTIONS, media_type, truncated=False)
        with answer.reader() as written, _lines(spool_dir) as raw:
            parsed = ox.parse_query_results(written, format=fmt)
            assert isinstance(parsed, ox.QuerySolutions)  # the solutions just written
            parsed.serialize(raw, format=_QRF.TSV)
            answer.discard()
            return _cut_and_converted(raw, ResultKind.SOLUTIONS, media_type, max_rows, spool_dir)
    except BaseException:
        answer.discard()
        raise


def _rows_at_most(answer: _Answer, fmt: ox.QueryResultsFormat, max_rows: int) -> bool:
    """Whether the written solutions number `max_rows` or fewer, counted by parsing them."""
    with answer.reader() as written:
        parsed = ox.parse_query_results(written, format=fmt)
        assert isinstance(parsed, ox.QuerySolutions)
        return sum(1 for _ in itertools.islice(parsed, max_rows + 1)) <= max_rows


def _lines(spool_dir: Path | None) -> tempfile.SpooledTemporaryFile[bytes]:
    """A scratch file for an answer as lines (TSV or N-Triples): in memory while small."""
    return tempfile.SpooledTemporaryFile(SPOOL_INLINE_BYTES, dir=None if spool_dir is None else str(spool_dir))


def _keep_lines(f: IO[bytes], count: int) -> bool:
    """Cut the file after its first `count` lines, reading one line at a time; True if it was longer.
    Leaves the file positioned at its start."""
    f.seek(0)
    longer = False
    for _ in range(count):
        if not f.readline():
            break
    else:
        end = f.tell()
        longer = bool(f.readline())
        if longer:
            f.truncate(end)
    f.seek(0)
    return longer


def _cut_and_converted(
    raw: IO[bytes], kind: ResultKind, media_type: str, max_rows: int, spool_dir: Path | None
) -> Capped:
    """`raw` (TSV solutions or N-Triples, one row or triple a line) cut at the cap and converted
    by pyoxigraph into `media_type`."""
    from .embedded import RESULT_FORMATS, triples_format

    solutions = kind is ResultKind.SOLUTIONS
    truncated = _keep_lines(raw, 1 + max_rows if solutions else max_rows)  # TSV has a header line
    answer = _Answer(spool_dir)
    try:
        if solutions:
            parsed = ox.parse_query_results(raw, format=_QRF.TSV)
            parsed.serialize(answer, format=RESULT_FORMATS[media_type])
        else:
            triples = (q.triple for q in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES))
            ox.serialize(triples, answer, format=triples_format(media_type))
    except BaseException:
        answer.discard()
        raise
    return answer.capped(kind, media_type, truncated)
