"""Run the checks (shapes/): completeness and responsibility gaps, as of a date.

One report for the CLI (`ansvar check`), the web (/checks) and the build (the
named graph https://w3id.org/ansvar/graph/checks):

- core shapes (completeness, personal data) run in pyshacl on an rdflib graph
  of the data (DESIGN.md: validate on a plain rdflib graph);
- SPARQL-only shapes (the gap rules) run on the store, one query per
  constraint for all focus nodes at once (rules.StoreShape). Engine "pyshacl"
  runs everything in pyshacl instead: the reference the tests and the
  benchmark compare with.

Each finding is then placed in a county (from the focus node's ans:area, else
that of its agreement or body, else that of its holder) and given its evidence:
the named graph and source document that state it, with a quote.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH, XSD

from .namespaces import GRAPH_CHECKS, GRAPH_ONTOLOGY, GRAPH_SHAPES, SOURCE_GRAPH_PREFIX
from .rules import (
    AS_OF_DATE,
    ASH,
    CHECK_PARAMETERS,
    SEVERITIES,
    SEVERITY_IRI,
    SEVERITY_OF,
    Rule,
    RuleCatalogue,
    StoreShape,
    as_of_literal,
    severity_rank,
)
from .store.base import GraphStore
from .validate import report_graph, shacl_results

COUNTY = URIRef(ASH + "county")
ENGINES = ("store", "pyshacl")
NATIONAL = "national"  # group of findings about the whole country (statutes, national agencies)
UNPLACED = "unplaced"  # findings about nodes with no territory at all
_QUERIES = Path(__file__).parent / "check_queries"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_CHUNK = 400


class CheckInputError(ValueError):
    """A parameter a user gave (date, severity, county, rule) is not valid; the message says why."""


@cache
def check_query(name: str) -> str:
    return (_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def parse_as_of(text: str | None) -> dt.date:
    if text is None or text == "":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CheckInputError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2017-06-30") from None


def parse_severity(text: str | None) -> str:
    name = (text or "info").strip().lower()
    if name not in SEVERITIES:
        raise CheckInputError(f"unknown severity '{text}': choose violation, warning or info")
    return name


# --------------------------------------------------------------------------
# The data a check runs on
# --------------------------------------------------------------------------


class CheckData:
    """The data to check: a store for the SPARQL rules and an rdflib graph for pyshacl.

    `graph` is made on first use (from the store's dump when none is given), so
    a run that needs only the store never pays for it.
    """

    def __init__(self, store: GraphStore, shapes: Graph, graph: Graph | None = None,
                 file_of_subject: dict[str, Path] | None = None, core: list[Finding] | None = None):
        self.store = store
        self.shapes = shapes
        self._graph = graph
        self.file_of_subject = file_of_subject or {}
        self._lock = threading.Lock()
        self._catalogue: RuleCatalogue | None = None
        self._core = core  # findings of the core shapes, when already known (the build's gate)
        self._counties: dict[str, str] | None = None
        self.root: Path | None = None  # the project the files are in, to show them relative to it

    @property
    def catalogue(self) -> RuleCatalogue:
        if self._catalogue is None:
            self._catalogue = RuleCatalogue(self.shapes)
        return self._catalogue

    def data_graph_names(self) -> list[str]:
        return [g for g in self.store.named_graphs() if g not in (str(GRAPH_SHAPES), str(GRAPH_CHECKS))]

    @property
    def graph(self) -> Graph:
        with self._lock:
            if self._graph is None:
                self._graph = _graph_from_store(self.store, self.data_graph_names())
            return self._graph

    def select(self, sparql: str) -> list[dict]:
        result = self.store.query(sparql, default_graphs=self.data_graph_names())
        return json.loads(result.body)["results"]["bindings"]

    # -- constructors ------------------------------------------------------------

    @classmethod
    def from_project(cls, paths=None, extra_files: list[Path] | None = None) -> CheckData:
        """Load and infer the project's data like the build, without its gate: broken data is what we report."""
        from .build import BuildResult
        from .infer import infer
        from .load import load_all
        from .paths import default_paths
        from .store.embedded import EmbeddedStore

        paths = paths or default_paths()
        loaded = load_all(paths, extra_files or [])
        inferred = infer(loaded.graphs[g] for g in loaded.data_graph_names())
        result = BuildResult(loaded, inferred)
        store = EmbeddedStore.in_memory(result.nquads())
        data = cls(store, loaded.shapes, result.data_union(), loaded.file_of_subject)
        data.root = paths.root
        return data

    @classmethod
    def from_store(cls, store: GraphStore, paths=None) -> CheckData:
        """Check a built store (on disk or served) with the shapes of this checkout."""
        return cls(store, _local_shapes(paths))

    @classmethod
    def from_endpoint(cls, url: str, paths=None, timeout: float = 120) -> CheckData:
        """CONSTRUCT the data of a remote SPARQL endpoint, then check it here with the local shapes.

        The endpoint only answers CONSTRUCT queries (SPARQLWrapper); inference (owlrl,
        with the local ontology) and validation run locally, so any SPARQL 1.1
        endpoint will do. Raises EndpointError when the endpoint does not answer.
        """
        from .infer import infer
        from .load import load_all
        from .paths import default_paths
        from .store.embedded import EmbeddedStore

        paths = paths or default_paths()
        data = Graph()
        for name in ("remote_data", "remote_default_graph"):  # named graphs first, else the default graph
            data.parse(data=_construct(url, check_query(name), timeout), format="nt")
            if len(data):
                break
        ontology = load_all(paths).graphs.get(GRAPH_ONTOLOGY, Graph())
        inferred = infer([data, ontology])
        union = data + ontology + inferred
        store = EmbeddedStore.in_memory(_as_graph(union.serialize(format="nt", encoding="utf-8")))
        return cls(store, _local_shapes(paths), union)


class EndpointError(RuntimeError):
    """A remote SPARQL endpoint did not answer a CONSTRUCT query."""


def _construct(url: str, query: str, timeout: float) -> bytes:
    """The endpoint's answer to a CONSTRUCT, as N-Triples.

    N-Triples, not Turtle: Virtuoso 7.2's Turtle writer prints "6"^^xsd:decimal as the
    bare number 6, which Turtle reads as an xsd:integer.
    """
    from .store.base import QuerySyntaxError
    from .store.remote import RemoteStore, RemoteStoreError

    try:
        return RemoteStore(url, timeout=timeout).query(
            query, accept=("application/sparql-results+json", "application/n-triples")).body
    except (RemoteStoreError, QuerySyntaxError) as err:  # the message quotes the endpoint's answer
        raise EndpointError(f"no SPARQL endpoint answers at {url}: {err}") from None


def _as_graph(ntriples: bytes) -> bytes:
    """N-Triples as N-Quads in one named graph, so the store's data graphs are explicit."""
    import pyoxigraph as ox

    graph = ox.NamedNode(SOURCE_GRAPH_PREFIX + "remote")
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    ]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def _local_shapes(paths=None) -> Graph:
    from .load import load_shapes
    from .paths import default_paths

    return load_shapes(paths or default_paths())


def _graph_from_store(store: GraphStore, graph_names: list[str]) -> Graph:
    """A plain rdflib graph of the store's data graphs, parsed by rdflib (DESIGN.md: not the ox-* parsers)."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=store.dump("application/n-quads"), format="nquads")
    wanted = set(graph_names)
    union = Graph()
    for context in dataset.graphs():
        if str(context.identifier) in wanted:
            union += context
    return union


# --------------------------------------------------------------------------
# Findings and the report
# --------------------------------------------------------------------------


@dataclass
class Evidence:
    graph: str
    file: str | None = None
    source: str | None = None
    source_title: str | None = None
    quote: str | None = None

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Finding:
    rule: Rule
    severity: str
    focus: str
    message: dict[str, str]
    path: str | None = None
    value: str | None = None
    value_is_node: bool = False
    component: str | None = None
    focus_label: str | None = None
    value_label: str | None = None
    county: str | None = None  # IRI, NATIONAL or UNPLACED
    county_label: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def key(self) -> tuple:
        return (self.rule.iri, self.focus, self.path or "", self.value or "", self.message.get("en", ""),
                self.message.get("sv", ""))

    def to_json(self) -> dict:
        return {
            "rule": self.rule.identifier, "ruleIri": self.rule.iri, "severity": self.severity,
            "focus": self.focus, "focusLabel": self.focus_label,
            "county": self.county, "countyLabel": self.county_label,
            "path": self.path, "value": self.value, "valueLabel": self.value_label,
            "message": self.message, "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass
class CheckReport:
    as_of: dt.date
    engine: str
    rules: list[Rule]
    findings: list[Finding]
    seconds: dict[str, float] = field(default_factory=dict)
    min_severity: str = "info"

    def filtered(self, severity: str = "info", county: str | None = None, rule: str | None = None) -> CheckReport:
        """Findings at or above `severity`, in `county` (IRI, NATIONAL or UNPLACED) and of `rule` (IRI)."""
        floor = severity_rank(severity)
        kept = [f for f in self.findings
                if severity_rank(f.severity) >= floor
                and (county is None or f.county == county)
                and (rule is None or f.rule.iri == rule)]
        return CheckReport(self.as_of, self.engine, self.rules, kept, self.seconds, severity)

    @property
    def conforms(self) -> bool:
        return not self.findings

    def totals(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {name: counts.get(name, 0) for name in reversed(SEVERITIES)} | {"total": len(self.findings)}

    def by_county(self) -> list[tuple[str, str, list[tuple[Rule, list[Finding]]]]]:
        """(county key, label, [(rule, findings)]) with counties by name, national and unplaced last."""
        groups: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
        labels: dict[str, str] = {}
        for finding in self.findings:
            key = finding.county or UNPLACED
            groups[key][finding.rule.iri].append(finding)
            labels[key] = finding.county_label or key
        rules = {r.iri: r for r in self.rules}

        def county_order(key: str):
            return (key in (NATIONAL, UNPLACED), key == UNPLACED, labels[key])

        out = []
        for key in sorted(groups, key=county_order):
            per_rule = sorted(groups[key].items(), key=lambda kv: _rule_order(rules.get(kv[0]) or kv[1][0].rule))
            out.append((key, labels[key], [(rules.get(iri) or fs[0].rule, fs) for iri, fs in per_rule]))
        return out

    def matrix(self) -> tuple[list[tuple[str, str]], list[Rule], dict[tuple[str, str], int]]:
        """Counties × rules: (counties, rules with findings, counts)."""
        counts: Counter = Counter()
        for finding in self.findings:
            counts[(finding.county or UNPLACED, finding.rule.iri)] += 1
        counties = [(key, label) for key, label, _ in self.by_county()]
        seen = {iri for _, iri in counts}
        rules = sorted({f.rule.iri: f.rule for f in self.findings if f.rule.iri in seen}.values(), key=_rule_order)
        return counties, rules, dict(counts)

    def to_json(self) -> dict:
        return {
            "asOf": self.as_of.isoformat(),
            "engine": self.engine,
            "severity": self.min_severity,
            "conforms": self.conforms,
            "totals": self.totals(),
            "rules": [r.to_json() for r in self.rules],
            "counties": [
                {"county": key, "label": label,
                 "rules": [{"rule": rule.identifier, "ruleIri": rule.iri, "findings": [f.to_json() for f in fs]}
                           for rule, fs in per_rule]}
                for key, label, per_rule in self.by_county()
            ],
        }

    def graph(self) -> Graph:
        """The report as an RDF sh:ValidationReport (SHACL 3.6), with the as-of date and each result's county."""
        g = Graph()
        g.bind("sh", SH)
        g.bind("ash", ASH)
        g.bind("dcterms", DCTERMS)
        g.bind("prov", PROV)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(not any(f.severity == "violation" for f in self.findings))))
        g.add((report, AS_OF_DATE, as_of_literal(self.as_of)))
        g.add((report, PROV.generatedAtTime, Literal(dt.datetime.now(dt.UTC).replace(microsecond=0),
                                                     datatype=XSD.dateTime)))
        for finding in self.findings:
            result = BNode()
            g.add((report, SH.result, result))
            g.add((result, RDF.type, SH.ValidationResult))
            g.add((result, SH.focusNode, _node(finding.focus)))
            g.add((result, SH.resultSeverity, SEVERITY_IRI[finding.severity]))
            g.add((result, SH.sourceShape, URIRef(finding.rule.iri)))
            g.add((result, DCTERMS.identifier, Literal(finding.rule.identifier)))
            if finding.component:
                g.add((result, SH.sourceConstraintComponent, URIRef(finding.component)))
            for lang, text in finding.message.items():
                g.add((result, SH.resultMessage, Literal(text, lang=lang)))
            if finding.path:
                g.add((result, SH.resultPath, URIRef(finding.path)))
            if finding.value is not None:
                g.add((result, SH.value, _node(finding.value) if finding.value_is_node else Literal(finding.value)))
            if finding.county and finding.county not in (NATIONAL, UNPLACED):
                g.add((result, COUNTY, URIRef(finding.county)))
        return g


def _node(text: str):
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def _rule_order(rule: Rule):
    # Gap rules first (G1, G2 … G9), then the rest by severity and id.
    number = re.match(r"^G(\d+)$", rule.identifier)
    return (0, int(number.group(1)), "") if number else (1, -severity_rank(rule.severity), rule.identifier)


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


def run_checks(data: CheckData, as_of: dt.date | None = None, engine: str = "store") -> CheckReport:
    """Every shape as of `as_of` (default today). Findings are not filtered here; see CheckReport.filtered."""
    if engine not in ENGINES:
        raise CheckInputError(f"unknown engine '{engine}': choose {' or '.join(ENGINES)}")
    as_of = as_of or dt.date.today()
    catalogue = data.catalogue
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    if engine == "pyshacl":
        findings = _pyshacl_findings(data.graph, data.shapes, catalogue, as_of)
        seconds["pyshacl"] = time.perf_counter() - started
    else:
        findings = list(core_findings(data))
        seconds["core"] = time.perf_counter() - started
        mark = time.perf_counter()
        findings += store_findings(data, catalogue.store_shapes, catalogue, as_of)
        seconds["rules"] = time.perf_counter() - mark
    mark = time.perf_counter()
    findings = _dedupe(findings)
    _place_and_explain(data, findings)
    seconds["context"] = time.perf_counter() - mark
    seconds["total"] = time.perf_counter() - started
    findings.sort(key=lambda f: (_rule_order(f.rule), f.focus, f.value or ""))
    return CheckReport(as_of, engine, _rules_for_report(catalogue), findings, seconds)


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


def _rules_for_report(catalogue: RuleCatalogue) -> list[Rule]:
    return sorted(catalogue.rules.values(), key=_rule_order)


def core_findings(data: CheckData) -> list[Finding]:
    """The core shapes' findings; they do not depend on the date, so each CheckData computes them once."""
    with data._lock:
        cached = data._core
    if cached is not None:
        return cached
    catalogue = data.catalogue
    findings = _pyshacl_findings(data.graph, catalogue.core_shapes(), catalogue, None)
    with data._lock:
        data._core = findings
    return findings


def _pyshacl_findings(graph: Graph, shapes: Graph, catalogue: RuleCatalogue, as_of: dt.date | None) -> list[Finding]:
    from pyshacl import validate

    config = (CHECK_PARAMETERS, AS_OF_DATE, as_of_literal(as_of)) if as_of else None
    if config:
        graph.add(config)
    try:
        _conforms, results, _text = validate(
            graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
            inplace=not list(shapes.subjects(SH.rule, None)),
        )
    finally:
        if config:
            graph.remove(config)
    return findings_from_results(report_graph(results), catalogue, graph)


def findings_from_results(results: Graph, catalogue: RuleCatalogue, data: Graph | None = None) -> list[Finding]:
    """Findings from a pyshacl results graph (sh:ValidationReport) on `data`."""
    findings = []
    for result in shacl_results(results, data):
        messages = {}
        for message in result.messages:
            messages.setdefault(getattr(message, "language", None) or "en", str(message))
        findings.append(Finding(
            rule=catalogue.rule_of(result.shape),
            severity=SEVERITY_OF.get(result.severity, "violation"),
            focus=_text(result.focus),
            message=messages or {"en": "constraint not met"},
            path=str(result.path) if isinstance(result.path, URIRef) else None,
            value=_text(result.value) if result.value is not None else None,
            value_is_node=not isinstance(result.value, Literal) and result.value is not None,
            component=str(result.component) if result.component else None,
        ))
    return findings


def _text(term) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def store_findings(data: CheckData, shapes: list[StoreShape], catalogue: RuleCatalogue,
                   as_of: dt.date) -> list[Finding]:
    literal = as_of_literal(as_of).n3()  # a date object's canonical form, never user text
    findings = []
    for shape in shapes:
        rule = catalogue.rule_of(shape.iri)
        for query, constraint in shape.queries(literal):
            for row in data.select(query):
                if "this" not in row:
                    continue
                # SHACL-SPARQL (5.3.2): sh:value is ?value when bound, else the focus node.
                value = row.get("value") or row["this"]
                path = row.get("path")
                findings.append(Finding(
                    rule=rule,
                    severity=shape.severity,
                    focus=_binding_text(row["this"]),
                    message={lang: _fill(template, row) for lang, template in constraint.messages.items()}
                    or {"en": "constraint not met"},
                    path=path["value"] if path and path["type"] == "uri" else None,
                    value=_binding_text(value) if value else None,
                    value_is_node=bool(value) and value["type"] in ("uri", "bnode"),
                    component=str(SH.SPARQLConstraintComponent),
                ))
    return findings


def _binding_text(term: dict) -> str:
    return f"_:{term['value']}" if term["type"] == "bnode" else term["value"]


_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def _fill(template: str, row: dict) -> str:
    """SHACL-SPARQL message templates: {?var} and {$var} take the row's value (lexical form)."""
    return _PLACEHOLDER.sub(lambda m: row[m.group(1)]["value"] if m.group(1) in row else "", template)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for finding in findings:
        if finding.key() not in seen:
            seen.add(finding.key())
            out.append(finding)
    return out


# --------------------------------------------------------------------------
# County and evidence
# --------------------------------------------------------------------------


def _checked_iris(iris) -> list[str]:
    return sorted({i for i in iris if i and _IRI.match(i)})


def _values_query(name: str, iris: list[str]) -> str:
    return check_query(name).replace("%NODES%", " ".join(f"<{iri}>" for iri in iris))


def _chunked_select(data: CheckData, name: str, iris: list[str]) -> list[dict]:
    rows = []
    for start in range(0, len(iris), _CHUNK):
        rows += data.select(_values_query(name, iris[start:start + _CHUNK]))
    return rows


def _counties_of_territories(data: CheckData) -> dict[str, str]:
    if data._counties is None:
        data._counties = {r["territory"]["value"]: r["county"]["value"]
                          for r in data.select(check_query("territory_counties"))}
    return data._counties


def _place_and_explain(data: CheckData, findings: list[Finding]) -> None:
    if not findings:
        return
    territory_county = _counties_of_territories(data)
    focus_iris = _checked_iris(f.focus for f in findings)
    node_iris = _checked_iris([*focus_iris, *(f.value for f in findings if f.value_is_node)])

    best: dict[str, tuple[int, set[str]]] = {}
    for row in _chunked_select(data, "node_areas", focus_iris):
        node, priority, area = row["node"]["value"], int(row["priority"]["value"]), row["area"]["value"]
        current = best.get(node)
        if current is None or priority < current[0]:
            best[node] = (priority, {area})
        elif priority == current[0]:
            current[1].add(area)

    county_of: dict[str, str] = {}
    for node, (_priority, areas) in best.items():
        counties = sorted({territory_county[a] for a in areas if a in territory_county})
        county_of[node] = counties[0] if len(counties) == 1 else NATIONAL if not counties else counties[0]

    labels: dict[str, dict[str, str]] = defaultdict(dict)
    county_iris = sorted({c for c in county_of.values() if c not in (NATIONAL, UNPLACED)})
    for row in _chunked_select(data, "node_labels", _checked_iris([*node_iris, *county_iris])):
        label = row["label"]
        labels[row["node"]["value"]].setdefault(label.get("xml:lang", ""), label["value"])

    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for row in _chunked_select(data, "node_evidence", node_iris):
        node = row["node"]["value"]
        graph = row["graph"]["value"]
        evidence[node].append(Evidence(
            graph=graph,
            file=_file_for(data, node, graph),
            source=row["source"]["value"] if "source" in row else None,
            source_title=row["sourceTitle"]["value"] if "sourceTitle" in row else None,
            quote=row["quote"]["value"] if "quote" in row else None,
        ))

    for finding in findings:
        finding.focus_label = _pick_label(labels.get(finding.focus))
        if finding.value_is_node:
            finding.value_label = _pick_label(labels.get(finding.value))
        finding.county = county_of.get(finding.focus, UNPLACED)
        if finding.county == NATIONAL:
            finding.county_label = "Hela landet / national"
        elif finding.county == UNPLACED:
            finding.county_label = "Utan territorium / no territory"
        else:
            finding.county_label = _pick_label(labels.get(finding.county)) or finding.county
        finding.evidence = sorted(evidence.get(finding.focus, []), key=lambda e: (e.source is None, e.graph))
        # A rule may report the focus node itself as the value: its evidence is listed once.
        if finding.value_is_node and finding.value != finding.focus:
            finding.evidence += sorted(evidence.get(finding.value, []), key=lambda e: e.graph)


def _pick_label(labels: dict[str, str] | None) -> str | None:
    if not labels:
        return None
    return labels.get("sv") or labels.get("") or labels.get("en") or next(iter(labels.values()))


def _file_for(data: CheckData, node: str, graph: str) -> str | None:
    known = data.file_of_subject.get(node)
    if known is not None:
        if data.root is not None and known.resolve().is_relative_to(data.root.resolve()):
            return str(known.resolve().relative_to(data.root.resolve()))
        return str(known)
    if graph.startswith(SOURCE_GRAPH_PREFIX) and not graph.endswith("/remote"):
        return f"data/sources/{graph[len(SOURCE_GRAPH_PREFIX):]}.ttl"
    if graph.endswith("/graph/reference"):
        return "data/reference/"
    if graph.endswith("/graph/ontology"):
        return "ontology/"
    return None


# --------------------------------------------------------------------------
# The report as a named graph of the store
# --------------------------------------------------------------------------


def report_ntriples(report: CheckReport) -> bytes:
    return report.graph().serialize(format="nt", encoding="utf-8")


def store_report(store, report: CheckReport) -> None:
    """Make `report` the named graph graph/checks of a writable embedded store."""
    store.replace_graph(str(GRAPH_CHECKS), report_ntriples(report))


def check_build(result, paths=None, as_of: dt.date | None = None) -> CheckReport:
    """The build's stage `check`: every rule as of the build date, stored as graph/checks.

    The core shapes' findings are the gate's (the build just ran them), so only the
    SPARQL rules run here, on the new store.
    """
    catalogue = RuleCatalogue(result.loaded.shapes)
    gate = findings_from_results(result.report.graph, catalogue) if result.report is not None else []
    data = CheckData(result.store, result.loaded.shapes, file_of_subject=result.loaded.file_of_subject, core=gate)
    data._catalogue = catalogue
    data.root = paths.root if paths is not None else None
    report = run_checks(data, as_of)
    store_report(result.store, report)
    return report


__all__ = [
    "CheckData", "CheckInputError", "EndpointError", "CheckReport", "Evidence", "Finding", "NATIONAL", "UNPLACED",
    "check_build", "parse_as_of", "parse_severity", "run_checks", "store_report",
]
