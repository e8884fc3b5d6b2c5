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

Quotes come from three kinds of node (ontology 0.3.0): an evidence node
(``ans:Evidence``, linked from its fact by ``prov:qualifiedDerivation``; its
document is ``prov:entity``; ``ans:supports`` names the properties of the fact
it supports), an ``ans:UnmodelledStatement`` (a statement set aside, with
``ans:reason``), and, for data not yet migrated, ``ans:quote`` on the fact
itself (its document is ``prov:wasDerivedFrom``).

The ledger: each statement is *modelled* when the quotes of facts cover at
least half of it (as above), else *set aside* when the quotes of
unmodelled-statement nodes do, else *undecided*. For each statement it lists
every fact whose evidence quote overlaps it, with the properties that evidence
supports, and every node that set it aside, with its reason.

Statements about facts (fact, property) are counted per document: every
asserted property of a fact derived from the document (``prov:wasDerivedFrom``)
except ``EXEMPT_PROPERTIES``; each is *quoted*, *statute or register*, or
*inferred (uncertain)* when some evidence of the fact (or of its
``ans:generalDuty``) of that method names the property with ``ans:supports``,
and *without evidence* when none does (*legacy quote*: of those, the ones
whose fact carries an ``ans:quote`` of its own).

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
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node
from rich.console import Console, JustifyMethod
from rich.table import Table

from .load import LoadedData
from .namespaces import ANS, CONCEPT, SOURCE_GRAPH_PREFIX, compact

__all__ = [
    "CONTACT_BLOCK_MARKERS",
    "CoverageReport",
    "DocumentCoverage",
    "EMAIL",
    "EVIDENCE_METHOD",
    "EXEMPT_PROPERTIES",
    "FURNITURE_LINES",
    "LIST_ITEM",
    "MIN_WORDS",
    "MODELLED_SHARE",
    "NOT_FACTS",
    "PHONE",
    "QuoteProblem",
    "QuoteUse",
    "SENTENCE_BREAK",
    "SENTENCE_END_CHARS",
    "SIGNATORY_LIST_MIN",
    "SIGNATORY_NAME",
    "STATEMENT_KINDS",
    "Statement",
    "StatementResult",
    "TABLE_OF_CONTENTS",
    "coverage_of",
    "display_text",
    "ledger_of",
    "measure",
    "mismatch_hint",
    "print_ledger",
    "print_report",
    "quote_spans",
    "split_statements",
]

MODELLED_SHARE = 0.5  # share of a statement's characters that quotes must cover
MIN_WORDS = 3

CONTACT_BLOCK_MARKERS = frozenset({"Content Editor", "Kontakt"})
FURNITURE_LINES = frozenset({"pappersfigurer"})
TABLE_OF_CONTENTS = re.compile(r"^\s*Innehållsförteckning\b")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Swedish phone numbers as the seeds write them: 0NN-NNNNNNN, 0NN – NNN NN NN, 0NN-NNN NN NN.
PHONE = re.compile(r"\b0\d{1,3}\s*[-–]\s*\d[\d ]{4,10}\d\b")
# "Förnamn Efternamn, Befattning, " in a list of signatories: the name part, for redaction.
SIGNATORY_NAME = re.compile(r"(?:[A-ZÅÄÖÉ][\w'’-]*\s+){1,3}[A-ZÅÄÖÉ][\w'’-]*(?=,\s*[A-ZÅÄÖ][a-zåäöé]+,)")

SIGNATORY_LIST_MIN = 3

LIST_ITEM = re.compile(r"^\s*(?:[•*\-\u2022]|\d+\.)\s+")
# A footnote ("… ansvarsområden. 1 När det …") also starts a new statement.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[”\")]?\s+(?=[“\"]?[A-ZÅÄÖÉ]|\d+\s+[A-ZÅÄÖÉ])")
SENTENCE_END_CHARS = ".!?"

EVIDENCE_METHOD = CONCEPT["evidence-method/"]
METHOD_QUOTED, METHOD_STATUTE, METHOD_REGISTER, METHOD_INFERRED = (
    URIRef(EVIDENCE_METHOD + m) for m in ("quoted", "statute", "register", "inferred")
)
# Properties of a fact that are not statements taken from a source (README "Evidence per
# statement"); ans:quote, ans:reason, ans:uncertain and ans:conflictsWith (a disagreement the
# editors found, with its ans:reason) are the editors' own record.
EXEMPT_PROPERTIES = frozenset(
    {
        RDF.type,
        SKOS.prefLabel,
        SKOS.altLabel,
        RDFS.comment,
        PROV.wasDerivedFrom,
        PROV.qualifiedDerivation,
        ANS.generalDuty,
        ANS.quote,
        ANS.reason,
        ANS.uncertain,
        ANS.conflictsWith,
    }
)
NOT_FACTS = frozenset({ANS.Evidence, ANS.UnmodelledStatement, ANS.SourceDocument})

MODELLED, SET_ASIDE, UNDECIDED = "modelled", "set aside", "undecided"
STATEMENT_KINDS = (
    "asserted",
    "quoted",
    "statute_or_register",
    "inferred_uncertain",
    "without_evidence",
    "legacy_quote",
)


@dataclass(frozen=True)
class Statement:
    text: str
    start: int  # offsets in the seed text
    end: int


@dataclass(frozen=True)
class QuoteUse:
    """One quote in the graph: who carries it, for which fact, supporting what."""

    quote: str
    node: str  # the evidence node, the unmodelled-statement node or (legacy) the fact
    kind: str  # "evidence" | "unmodelled" | "fact"
    facts: tuple[str, ...] = ()  # the facts it supports (empty for a set-aside statement)
    supports: tuple[str, ...] = ()  # properties named by ans:supports
    method: str | None = None
    reason: str | None = None

    @property
    def sets_aside(self) -> bool:
        return self.kind == "unmodelled"


@dataclass
class StatementResult:
    statement: Statement
    covered: float  # share of non-space characters inside a quote of a fact
    set_aside_share: float = 0.0  # share inside a quote of an ans:UnmodelledStatement
    uses: list[QuoteUse] = field(default_factory=list)  # quotes that overlap the statement

    @property
    def modelled(self) -> bool:
        return self.covered >= MODELLED_SHARE

    @property
    def status(self) -> str:
        if self.modelled:
            return MODELLED
        return SET_ASIDE if self.set_aside_share >= MODELLED_SHARE else UNDECIDED

    def to_json(self) -> dict[str, object]:
        return {
            "statement": display_text(self.statement.text),
            "status": self.status,
            "covered": round(self.covered, 2),
            "facts": [
                {
                    "fact": f,
                    "evidence": u.node if u.kind == "evidence" else None,
                    "supports": [compact(p) for p in u.supports],
                    "method": compact(u.method) if u.method else None,
                    "quote": display_text(u.quote),
                }
                for u in self.uses
                if not u.sets_aside
                for f in u.facts
            ],
            "set_aside": [
                {"node": u.node, "reason": u.reason, "quote": display_text(u.quote)} for u in self.uses if u.sets_aside
            ],
        }


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
    fact_statements: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATEMENT_KINDS, 0))

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
    def set_aside(self) -> int:
        return sum(1 for r in self.results if r.status == SET_ASIDE)

    @property
    def undecided(self) -> int:
        return sum(1 for r in self.results if r.status == UNDECIDED)

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
    def set_aside(self) -> int:
        return sum(d.set_aside for d in self.documents)

    @property
    def undecided(self) -> int:
        return sum(d.undecided for d in self.documents)

    @property
    def percent(self) -> float:
        return 100.0 * self.modelled / self.statements if self.statements else 0.0

    def fact_statements(self) -> dict[str, int]:
        return {k: sum(d.fact_statements[k] for d in self.documents) for k in STATEMENT_KINDS}

    def errors(self) -> list[str]:
        found = [e for d in self.documents for e in d.errors()]
        found += [f"<{p.subject}> in {p.graph}: {p.hint}: {p.quote!r}" for p in self.orphan_quotes]
        return found

    def to_json(self) -> dict[str, object]:
        return {
            "seeds_dirs": [str(p) for p in self.seeds_dirs],
            "rule": f"a statement is modelled when quotes of facts cover >= {MODELLED_SHARE:.0%} of it, "
            "set aside when quotes of ans:UnmodelledStatement nodes do, else undecided",
            "documents": [
                {
                    "document": d.document,
                    "graph": d.graph,
                    "name": d.name,
                    "file": d.file_name,
                    "statements": d.statements,
                    "modelled": d.modelled,
                    "set_aside": d.set_aside,
                    "undecided": d.undecided,
                    "percent": round(d.percent, 1),
                    "quotes": d.quote_count,
                    "sha256_ok": d.sha256_ok,
                    "unmodelled": [display_text(s.text) for s in d.unmodelled],
                    "undecided_statements": [
                        display_text(r.statement.text) for r in d.results if r.status == UNDECIDED
                    ],
                    "fact_statements": d.fact_statements,
                    "ledger": [r.to_json() for r in d.results],
                    "errors": d.errors(),
                }
                for d in self.documents
            ],
            "total": {
                "statements": self.statements,
                "modelled": self.modelled,
                "set_aside": self.set_aside,
                "undecided": self.undecided,
                "percent": round(self.percent, 1),
                "fact_statements": self.fact_statements(),
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
        return "it differs from the text only in white space (copy it again: the text may use non-breaking spaces)"
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


def coverage_of(text: str, statements: Iterable[Statement], quotes: Iterable[str]) -> list[StatementResult]:
    """Statements covered by plain quotes (of facts)."""
    return ledger_of(text, statements, [QuoteUse(q, "", "fact") for q in quotes])


def ledger_of(text: str, statements: Iterable[Statement], uses: Iterable[QuoteUse]) -> list[StatementResult]:
    """Each statement with the share covered by quotes of facts, the share set aside, and
    the quotes that overlap it."""
    by_facts, by_set_aside = bytearray(len(text)), bytearray(len(text))
    spans: list[tuple[int, int, QuoteUse]] = []
    for use in uses:
        mask = by_set_aside if use.sets_aside else by_facts
        for a, b in quote_spans(text, use.quote):
            mask[a:b] = b"\x01" * (b - a)
            spans.append((a, b, use))
    results = []
    for s in statements:
        chars = [i for i in range(s.start, s.end) if not text[i].isspace()]

        def share(mask: bytearray, chars: list[int] = chars) -> float:
            return sum(mask[i] for i in chars) / len(chars) if chars else 0.0

        overlapping: dict[QuoteUse, None] = {}
        for a, b, use in spans:
            if a < s.end and b > s.start:
                overlapping.setdefault(use)
        results.append(StatementResult(s, share(by_facts), share(by_set_aside), list(overlapping)))
    return results


# -- the graph ------------------------------------------------------------------


def _find_seed(file_name: str, seeds_dirs: list[Path]) -> Path | None:
    for directory in seeds_dirs:
        candidate = directory / file_name
        if candidate.is_file():
            return candidate
    return None


def _seed_documents(graphs: dict[URIRef, Graph]) -> dict[Node, tuple[URIRef, str, str | None]]:
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


@dataclass
class _Evidence:
    method: Node | None = None
    supports: set[Node] = field(default_factory=set)
    uncertain: bool = False
    quoted: bool = False

    def category(self) -> str:
        if self.uncertain or self.method == METHOD_INFERRED:
            return "inferred_uncertain"
        if self.method in (METHOD_STATUTE, METHOD_REGISTER):
            return "statute_or_register"
        return "quoted" if self.quoted or self.method == METHOD_QUOTED else "inferred_uncertain"


class _Index:
    """What the ledger needs from all asserted graphs, read once (nodes as the graphs hold them)."""

    def __init__(self, graphs: dict[URIRef, Graph]):
        self.evidence_of: dict[Node, set[Node]] = {}  # fact -> its evidence nodes
        self.facts_of: dict[Node, set[Node]] = {}  # evidence node -> its facts
        self.general_of: dict[Node, set[Node]] = {}  # responsibility -> its general duties
        self.evidence: dict[Node, _Evidence] = {}
        self.types: dict[Node, set[Node]] = {}
        self.derived: dict[Node, set[Node]] = {}  # document -> facts derived from it
        self.properties: dict[Node, set[Node]] = {}  # fact -> asserted properties
        self.fact_quoted: set[Node] = set()
        self.reason: dict[Node, str] = {}
        for g in graphs.values():
            for s, p, o in g:
                self._add(s, p, o)
        for node in self.evidence:
            if node in self.fact_quoted:
                self.evidence[node].quoted = True
                self.fact_quoted.discard(node)

    def _add(self, s: Node, p: Node, o: Node) -> None:
        if p == PROV.qualifiedDerivation:
            self.evidence_of.setdefault(s, set()).add(o)
            self.facts_of.setdefault(o, set()).add(s)
        elif p == ANS.generalDuty:
            self.general_of.setdefault(s, set()).add(o)
        elif p == RDF.type:
            self.types.setdefault(s, set()).add(o)
        elif p == PROV.wasDerivedFrom:
            self.derived.setdefault(o, set()).add(s)
        elif p == ANS.reason and isinstance(o, Literal):
            if s not in self.reason or o.language == "en":
                self.reason[s] = str(o)
        if p in (ANS.method, ANS.supports, ANS.uncertain, PROV.entity):
            ev = self.evidence.setdefault(s, _Evidence())
            if p == ANS.method:
                ev.method = o
            elif p == ANS.supports:
                ev.supports.add(o)
            elif p == ANS.uncertain:
                ev.uncertain = ev.uncertain or bool(getattr(o, "value", False))
        if p == ANS.quote:
            self.fact_quoted.add(s)
        if p not in EXEMPT_PROPERTIES:
            self.properties.setdefault(s, set()).add(p)

    def is_evidence(self, node: Node) -> bool:
        return node in self.facts_of or ANS.Evidence in self.types.get(node, ())

    def use_of(self, node: Node, quote: str) -> QuoteUse:
        if ANS.UnmodelledStatement in self.types.get(node, ()):
            return QuoteUse(quote, str(node), "unmodelled", reason=self.reason.get(node))
        if self.is_evidence(node):
            ev = self.evidence.get(node, _Evidence())
            return QuoteUse(
                quote,
                str(node),
                "evidence",
                facts=tuple(sorted(str(f) for f in self.facts_of.get(node, ()))),
                supports=tuple(sorted(str(p) for p in ev.supports)),
                method=str(ev.method) if ev.method else None,
            )
        return QuoteUse(quote, str(node), "fact", facts=(str(node),))

    def fact_statements(self, doc: Node) -> dict[str, int]:
        counts = dict.fromkeys(STATEMENT_KINDS, 0)
        for fact in self.derived.get(doc, ()):
            if self.types.get(fact, set()) & NOT_FACTS:
                continue
            evidence = set(self.evidence_of.get(fact, ()))
            for general in self.general_of.get(fact, ()):
                evidence |= self.evidence_of.get(general, set())
            for prop in self.properties.get(fact, ()):
                counts["asserted"] += 1
                kinds = {
                    self.evidence[e].category()
                    for e in evidence
                    if e in self.evidence and prop in self.evidence[e].supports
                }
                for kind in kinds:
                    counts[kind] += 1
                if not kinds:
                    counts["without_evidence"] += 1
                    counts["legacy_quote"] += fact in self.fact_quoted
        return counts


@dataclass
class _Measuring:
    """The documents being measured, their seed texts and the quotes found for them so far."""

    documents: dict[Node, tuple[URIRef, str, str | None]]  # every source document naming a seed file
    index: _Index
    wanted: set[str]  # --only: document names or file names; empty for all
    coverages: dict[Node, DocumentCoverage] = field(default_factory=dict)
    texts: dict[Node, str] = field(default_factory=dict)
    uses_of: dict[Node, list[QuoteUse]] = field(default_factory=dict)
    orphans: list[QuoteProblem] = field(default_factory=list)

    def read_seeds(self, seeds_dirs: list[Path]) -> None:
        for doc, (graph, file_name, sha) in sorted(self.documents.items(), key=lambda kv: kv[1][1]):
            cov = DocumentCoverage(str(doc), str(graph), file_name, _find_seed(file_name, seeds_dirs), sha)
            if self.wanted and not self.wanted & {cov.name, file_name, str(doc).rsplit("/", 1)[-1]}:
                continue
            if cov.seed_path is not None:
                raw = cov.seed_path.read_bytes()
                cov.sha256_actual = hashlib.sha256(raw).hexdigest()
                self.texts[doc] = raw.decode("utf-8")
            cov.fact_statements = self.index.fact_statements(doc)
            self.coverages[doc] = cov
        self.uses_of = {doc: [] for doc in self.coverages}

    def read_quotes(self, graph_name: URIRef, g: Graph) -> None:
        graph_docs = [d for d in g.subjects(RDF.type, ANS.SourceDocument) if d in self.documents]
        for subject, quote in g.subject_objects(ANS.quote):
            if not isinstance(quote, Literal):
                continue
            # A fact names its document with prov:wasDerivedFrom, an evidence node with prov:entity.
            derived = [
                d for p in (PROV.wasDerivedFrom, PROV.entity) for d in g.objects(subject, p) if d in self.documents
            ]
            targets = derived or graph_docs
            if not targets and not self.wanted:
                problem = "quote without a source document that names a seed file"
                self.orphans.append(QuoteProblem("", str(subject), str(graph_name), str(quote), problem))
            for doc in targets:
                self._place(doc, subject, graph_name, str(quote))

    def _place(self, doc: Node, subject: Node, graph_name: URIRef, quote: str) -> None:
        """One quote of `subject` in the text of `doc`, or a problem if the text does not hold it."""
        if doc not in self.coverages:
            return
        cov = self.coverages[doc]
        cov.quote_count += 1
        text = self.texts.get(doc)
        if text is None:
            return  # the missing seed file is reported once, on the document
        if quote in text:
            self.uses_of[doc].append(self.index.use_of(subject, quote))
        else:
            cov.quote_problems.append(
                QuoteProblem(str(doc), str(subject), str(graph_name), quote, mismatch_hint(text, quote))
            )


def measure(loaded: LoadedData, seeds_dirs: list[Path], only: Iterable[str] = ()) -> CoverageReport:
    graphs = loaded.graphs
    run = _Measuring(_seed_documents(graphs), _Index(graphs), set(only))
    run.read_seeds(seeds_dirs)
    for graph_name, g in graphs.items():
        run.read_quotes(graph_name, g)
    for doc, cov in run.coverages.items():
        text = run.texts.get(doc)
        if text is not None:
            cov.results = ledger_of(text, split_statements(text), run.uses_of[doc])
    ordered = sorted(run.coverages.values(), key=lambda c: c.file_name)
    return CoverageReport(ordered, seeds_dirs, run.orphans)


# -- presentation -----------------------------------------------------------------

_DOCUMENT_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    ("document", "left"),
    ("seed file", "left"),
    ("statements", "right"),
    ("modelled", "right"),
    ("set aside", "right"),
    ("undecided", "right"),
    ("%", "right"),
    ("quotes", "right"),
    ("sha256", "left"),
)
_FACT_HEADINGS = (
    "asserted",
    "quoted",
    "statute/register",
    "inferred (uncertain)",
    "without evidence",
    "of which legacy quote",
)


def print_report(report: CoverageReport, console: Console) -> None:
    """Rich tables of the figures per document, then the statements not modelled."""
    console.print(_documents_table(report))
    console.print(
        f"A statement counts as modelled when quotes of facts cover at least {MODELLED_SHARE:.0%} of it, "
        "as set aside when quotes of ans:UnmodelledStatement nodes do; how the texts are split into "
        "statements: README.md, section Coverage."
    )
    console.print(_facts_table(report))
    for d in report.documents:
        _print_not_modelled(d, console)


def _documents_table(report: CoverageReport) -> Table:
    table = Table(title="Coverage of the source documents", show_edge=False)
    for col, justify in _DOCUMENT_COLUMNS:
        table.add_column(col, justify=justify, overflow="fold")
    for d in report.documents:
        table.add_row(
            d.name,
            d.file_name,
            str(d.statements),
            str(d.modelled),
            str(d.set_aside),
            str(d.undecided),
            f"{d.percent:.1f}",
            str(d.quote_count),
            "ok" if d.sha256_ok else "MISMATCH" if d.seed_path else "no seed",
        )
    total = (report.statements, report.modelled, report.set_aside, report.undecided)
    table.add_row("total", "", *(str(n) for n in total), f"{report.percent:.1f}", "", "", style="bold")
    return table


def _facts_table(report: CoverageReport) -> Table:
    facts = Table(title="Statements about facts (fact, property)", show_edge=False)
    facts.add_column("document", overflow="fold")
    for heading in _FACT_HEADINGS:
        facts.add_column(heading, justify="right")
    for d in report.documents:
        facts.add_row(d.name, *(str(d.fact_statements[k]) for k in STATEMENT_KINDS))
    totals = report.fact_statements()
    facts.add_row("total", *(str(totals[k]) for k in STATEMENT_KINDS), style="bold")
    return facts


def _print_not_modelled(d: DocumentCoverage, console: Console) -> None:
    aside = [r for r in d.results if r.status == SET_ASIDE]
    undecided = [r for r in d.results if r.status == UNDECIDED]
    if aside:
        console.print(f"\n[bold]{d.name}[/]: {len(aside)} statement(s) set aside")
        for r in aside:
            reasons = "; ".join(sorted({u.reason or "(no reason)" for u in r.uses if u.sets_aside}))
            _line(console, f"  - {display_text(r.statement.text)}  [{reasons}]")
    if undecided:
        console.print(f"\n[bold]{d.name}[/]: {len(undecided)} statement(s) not modelled, undecided")
        for r in undecided:
            _line(console, "  - " + display_text(r.statement.text))


def print_ledger(report: CoverageReport, console: Console) -> None:
    """Statement -> facts (with the properties each quote supports) -> quote, per document."""
    for d in report.documents:
        console.print(f"\n[bold]{d.name}[/] ({d.file_name})")
        for n, r in enumerate(d.results, 1):
            _line(console, f"{n:>3}. [{r.status}] {display_text(r.statement.text)}")
            for u in r.uses:
                if u.sets_aside:
                    _line(console, f"       set aside by {compact(u.node)}: {u.reason or '(no reason)'}")
                    continue
                supports = ", ".join(compact(p) for p in u.supports) or "(the whole fact)"
                for fact in u.facts:
                    _line(console, f"       {compact(fact)} — {supports}")
                _line(console, f"         “{display_text(u.quote)}”")


def _line(console: Console, text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)
