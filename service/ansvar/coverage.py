"""How much of each source text the graph models, and whether its quotes and hashes are exact.

For every source document in the graph that names a seed file (``ans:fileName``),
the seed text is split into statements and each statement is compared with the
``ans:quote`` values derived from that document.

Statements (``split_statements``), line by line:

* The contact block is skipped: a line that is exactly ``Content Editor`` or
  ``Kontakt`` starts it, and everything after it belongs to it. Any other line
  holding an e-mail address or a phone number is skipped too.
* Page furniture is skipped: image captions such as ``pappersfigurer``, and a
  table of contents (a line starting ``Innehållsförteckning``).
* A list item (``•``, ``-``, ``*`` or ``1.`` at the start of the line) is one
  statement, without its marker.
* A line ending with ``:`` introduces a list; it says nothing by itself and is
  skipped (its items are the statements).
* A line without any sentence-ending punctuation (``.``, ``!``, ``?``) is a
  heading or title and is skipped.
* Any other line is split into sentences after ``.``, ``!`` or ``?`` followed
  by white space and an upper-case letter (so ``s.k. 37`` stays whole).
  Fragments of fewer than three words are dropped.

Modelled: a statement counts as modelled when at least half of its
non-white-space characters lie inside an occurrence, in the seed text, of some
quote derived from that document. So a quote that is a substring of the
statement and covers most of it counts, a statement inside a longer quote
counts, and a sentence whose clauses are quoted by several facts counts once
the clauses together cover half of it.

Checks (errors; the ``coverage`` command exits 1): a quote that is not a
verbatim substring of its document's seed text, a document whose ``ans:sha256``
differs from the SHA-256 of the seed file's bytes, a seed file that is missing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from .load import LoadedData
from .namespaces import ANS, SOURCE_GRAPH_PREFIX

MODELLED_SHARE = 0.5  # share of a statement's characters that quotes must cover
MIN_WORDS = 3

CONTACT_BLOCK_MARKERS = frozenset({"Content Editor", "Kontakt"})
FURNITURE_LINES = frozenset({"pappersfigurer"})
TABLE_OF_CONTENTS = re.compile(r"^\s*Innehållsförteckning\b")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Swedish phone numbers as the seeds write them: 0NN-NNNNNNN, 0NN – NNN NN NN, 0NN-NNN NN NN.
PHONE = re.compile(r"\b0\d{1,3}\s*[-–]\s*\d[\d ]{4,10}\d\b")
# "Förnamn Efternamn, Befattning, " in a list of signatories: the name part, for redaction.
SIGNATORY_NAME = re.compile(
    r"(?:[A-ZÅÄÖÉ][\w'’-]*\s+){1,3}[A-ZÅÄÖÉ][\w'’-]*(?=,\s*[A-ZÅÄÖ][a-zåäöé]+,)"
)

SIGNATORY_LIST_MIN = 3

LIST_ITEM = re.compile(r"^\s*(?:[•*\-\u2022]|\d+\.)\s+")
# A footnote ("… ansvarsområden. 1 När det …") also starts a new statement.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[”\")]?\s+(?=[“\"]?[A-ZÅÄÖÉ]|\d+\s+[A-ZÅÄÖÉ])")
SENTENCE_END_CHARS = ".!?"


@dataclass(frozen=True)
class Statement:
    text: str
    start: int  # offsets in the seed text
    end: int


@dataclass
class StatementResult:
    statement: Statement
    covered: float  # share of non-space characters inside a quote

    @property
    def modelled(self) -> bool:
        return self.covered >= MODELLED_SHARE


@dataclass(frozen=True)
class QuoteProblem:
    document: str
    subject: str
    graph: str
    quote: str
    hint: str


@dataclass
class DocumentCoverage:
    document: str  # IRI of the ans:SourceDocument
    graph: str  # named graph that describes it
    file_name: str
    seed_path: Path | None
    sha256_recorded: str | None
    sha256_actual: str | None = None
    results: list[StatementResult] = field(default_factory=list)
    quote_count: int = 0
    quote_problems: list[QuoteProblem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.graph.removeprefix(SOURCE_GRAPH_PREFIX)

    @property
    def statements(self) -> int:
        return len(self.results)

    @property
    def modelled(self) -> int:
        return sum(1 for r in self.results if r.modelled)

    @property
    def percent(self) -> float:
        return 100.0 * self.modelled / self.statements if self.statements else 0.0

    @property
    def unmodelled(self) -> list[Statement]:
        return [r.statement for r in self.results if not r.modelled]

    @property
    def sha256_ok(self) -> bool:
        return self.sha256_actual is not None and self.sha256_actual == self.sha256_recorded

    def errors(self) -> list[str]:
        found = []
        if self.seed_path is None:
            found.append(f"{self.name}: seed file {self.file_name} not found")
        elif not self.sha256_ok:
            found.append(
                f"{self.name}: ans:sha256 {self.sha256_recorded or '(missing)'} differs from the "
                f"SHA-256 of {self.file_name} ({self.sha256_actual})"
            )
        for p in self.quote_problems:
            found.append(
                f"{self.name}: <{p.subject}> quote is not a verbatim substring of "
                f"{self.file_name}: {p.quote!r} ({p.hint})"
            )
        return found


@dataclass
class CoverageReport:
    documents: list[DocumentCoverage]
    seeds_dirs: list[Path]
    orphan_quotes: list[QuoteProblem] = field(default_factory=list)

    @property
    def statements(self) -> int:
        return sum(d.statements for d in self.documents)

    @property
    def modelled(self) -> int:
        return sum(d.modelled for d in self.documents)

    @property
    def percent(self) -> float:
        return 100.0 * self.modelled / self.statements if self.statements else 0.0

    def errors(self) -> list[str]:
        found = [e for d in self.documents for e in d.errors()]
        found += [f"<{p.subject}> in {p.graph}: {p.hint}: {p.quote!r}" for p in self.orphan_quotes]
        return found

    def to_json(self) -> dict:
        return {
            "seeds_dirs": [str(p) for p in self.seeds_dirs],
            "rule": f"a statement is modelled when quotes cover >= {MODELLED_SHARE:.0%} of it",
            "documents": [
                {
                    "document": d.document,
                    "graph": d.graph,
                    "name": d.name,
                    "file": d.file_name,
                    "statements": d.statements,
                    "modelled": d.modelled,
                    "percent": round(d.percent, 1),
                    "quotes": d.quote_count,
                    "sha256_ok": d.sha256_ok,
                    "unmodelled": [display_text(s.text) for s in d.unmodelled],
                    "errors": d.errors(),
                }
                for d in self.documents
            ],
            "total": {
                "statements": self.statements,
                "modelled": self.modelled,
                "percent": round(self.percent, 1),
            },
            "errors": self.errors(),
        }


# -- statements -----------------------------------------------------------------


def split_statements(text: str) -> list[Statement]:
    """The statements of a seed text, with their offsets (rules in the module docstring)."""
    statements: list[Statement] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        stripped = line.strip()
        if not stripped:
            continue
        if stripped in CONTACT_BLOCK_MARKERS:
            break
        if stripped in FURNITURE_LINES or TABLE_OF_CONTENTS.match(line):
            continue
        if EMAIL.search(line) or PHONE.search(line):
            continue
        item = LIST_ITEM.match(line)
        if item:
            _add(statements, text, start + item.end(), start + len(line.rstrip()))
            continue
        if stripped.endswith(":") or not any(c in stripped for c in SENTENCE_END_CHARS):
            continue
        body_start = start + (len(line) - len(line.lstrip()))
        body_end = start + len(line.rstrip())
        cursor = body_start
        for brk in SENTENCE_BREAK.finditer(text, body_start, body_end):
            _add(statements, text, cursor, brk.start())
            cursor = brk.end()
        _add(statements, text, cursor, body_end)
    return statements


def _add(statements: list[Statement], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = text[start:end]
    if len(piece.split()) >= MIN_WORDS:
        statements.append(Statement(piece, start, end))


def display_text(text: str) -> str:
    """A statement as shown to users: whitespace collapsed, personal data masked."""
    shown = " ".join(text.split())
    shown = EMAIL.sub("[e-post]", shown)
    shown = PHONE.sub("[telefon]", shown)
    # Only a list of signatories ("Namn, Befattning, Organisation" three times or more)
    # has names to mask; a single "Region X, Arbetsförmedlingen," is a list of organisations.
    if len(SIGNATORY_NAME.findall(shown)) >= SIGNATORY_LIST_MIN:
        shown = SIGNATORY_NAME.sub("[namn]", shown)
    return shown


# -- quotes ---------------------------------------------------------------------


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(quote)
    while at >= 0 and quote:
        spans.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return spans


def mismatch_hint(text: str, quote: str) -> str:
    """Why a quote is not found, in words an analyst can act on."""
    if not quote.strip():
        return "the quote is empty"
    squash = " ".join
    if squash(quote.split()) in squash(text.split()):
        return (
            "it differs from the text only in white space "
            "(copy it again: the text may use non-breaking spaces)"
        )
    if quote.casefold() in text.casefold():
        return "it differs from the text only in upper/lower case"
    # The longest prefix of the quote found in the text shows where it goes wrong.
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo >= 10:
        return f"the text has the first {lo} characters, then differs at {quote[lo : lo + 20]!r}"
    return "no part of it was found in the text"


def coverage_of(
    text: str, statements: Iterable[Statement], quotes: Iterable[str]
) -> list[StatementResult]:
    covered = bytearray(len(text))
    for quote in quotes:
        for a, b in quote_spans(text, quote):
            covered[a:b] = b"\x01" * (b - a)
    results = []
    for s in statements:
        chars = [i for i in range(s.start, s.end) if not text[i].isspace()]
        share = sum(covered[i] for i in chars) / len(chars) if chars else 0.0
        results.append(StatementResult(s, share))
    return results


# -- the graph ------------------------------------------------------------------


def _find_seed(file_name: str, seeds_dirs: list[Path]) -> Path | None:
    for directory in seeds_dirs:
        candidate = directory / file_name
        if candidate.is_file():
            return candidate
    return None


def _seed_documents(graphs: dict[URIRef, Graph]) -> dict[URIRef, tuple[URIRef, str, str | None]]:
    """Source documents that name a seed file: IRI -> (graph, file name, recorded sha256)."""
    found = {}
    for name, g in graphs.items():
        for doc in g.subjects(RDF.type, ANS.SourceDocument):
            file_name = g.value(doc, ANS.fileName)
            if file_name is None:
                continue  # registers and the statute book: no seed text
            sha = g.value(doc, ANS.sha256)
            found[doc] = (
                name,
                str(file_name),
                str(sha).strip().lower() if sha is not None else None,
            )
    return found


def measure(loaded: LoadedData, seeds_dirs: list[Path], only: Iterable[str] = ()) -> CoverageReport:
    graphs = loaded.graphs
    documents = _seed_documents(graphs)
    wanted = set(only)
    coverages: dict[URIRef, DocumentCoverage] = {}
    texts: dict[URIRef, str] = {}
    for doc, (graph, file_name, sha) in sorted(documents.items(), key=lambda kv: kv[1][1]):
        cov = DocumentCoverage(
            str(doc), str(graph), file_name, _find_seed(file_name, seeds_dirs), sha
        )
        if wanted and not wanted & {cov.name, file_name, str(doc).rsplit("/", 1)[-1]}:
            continue
        if cov.seed_path is not None:
            raw = cov.seed_path.read_bytes()
            cov.sha256_actual = hashlib.sha256(raw).hexdigest()
            texts[doc] = raw.decode("utf-8")
        coverages[doc] = cov

    quotes_of: dict[URIRef, list[str]] = {doc: [] for doc in coverages}
    orphans: list[QuoteProblem] = []
    for graph_name, g in graphs.items():
        graph_docs = [d for d in g.subjects(RDF.type, ANS.SourceDocument) if d in documents]
        for subject, quote in g.subject_objects(ANS.quote):
            if not isinstance(quote, Literal):
                continue
            # A fact names its document with prov:wasDerivedFrom, an evidence node with prov:entity.
            derived = [
                d for p in (PROV.wasDerivedFrom, PROV.entity) for d in g.objects(subject, p) if d in documents
            ]
            targets = derived or graph_docs
            if not targets:
                if not wanted:
                    orphans.append(
                        QuoteProblem(
                            "",
                            str(subject),
                            str(graph_name),
                            str(quote),
                            "quote without a source document that names a seed file",
                        )
                    )
                continue
            for doc in targets:
                if doc not in coverages:
                    continue
                cov = coverages[doc]
                cov.quote_count += 1
                text = texts.get(doc)
                if text is None:
                    continue  # the missing seed file is reported once, on the document
                if str(quote) in text:
                    quotes_of[doc].append(str(quote))
                else:
                    cov.quote_problems.append(
                        QuoteProblem(
                            str(doc),
                            str(subject),
                            str(graph_name),
                            str(quote),
                            mismatch_hint(text, str(quote)),
                        )
                    )

    for doc, cov in coverages.items():
        text = texts.get(doc)
        if text is not None:
            cov.results = coverage_of(text, split_statements(text), quotes_of[doc])
    ordered = sorted(coverages.values(), key=lambda c: c.file_name)
    return CoverageReport(ordered, seeds_dirs, orphans)


# -- presentation -----------------------------------------------------------------


def print_report(report: CoverageReport, console) -> None:
    """A Rich table of the figures per document, then the statements not modelled."""
    from rich.table import Table

    table = Table(title="Coverage of the source documents", show_edge=False)
    for col, justify in (
        ("document", "left"),
        ("seed file", "left"),
        ("statements", "right"),
        ("modelled", "right"),
        ("%", "right"),
        ("quotes", "right"),
        ("sha256", "left"),
    ):
        table.add_column(col, justify=justify, overflow="fold")
    for d in report.documents:
        table.add_row(
            d.name,
            d.file_name,
            str(d.statements),
            str(d.modelled),
            f"{d.percent:.1f}",
            str(d.quote_count),
            "ok" if d.sha256_ok else "MISMATCH" if d.seed_path else "no seed",
        )
    table.add_row(
        "total",
        "",
        str(report.statements),
        str(report.modelled),
        f"{report.percent:.1f}",
        "",
        "",
        style="bold",
    )
    console.print(table)
    console.print(
        f"A statement counts as modelled when quotes cover at least {MODELLED_SHARE:.0%} of it; "
        "how the texts are split into statements: README.md, section Coverage."
    )
    for d in report.documents:
        if d.unmodelled:
            console.print(f"\n[bold]{d.name}[/]: {len(d.unmodelled)} statement(s) not modelled")
            for s in d.unmodelled:
                console.print(
                    "  - " + display_text(s.text), markup=False, highlight=False, soft_wrap=True
                )
