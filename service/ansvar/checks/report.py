"""The check report: findings of the rules, grouped by county and rule, and its
serialisations (JSON, and the SHACL sh:ValidationReport as RDF with each result's county)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH, XSD

from ..rule_catalogue import AS_OF_DATE, ASH, Rule, as_of_literal
from ..validate import SEVERITIES, SEVERITY_IRI, severity_rank

__all__ = [
    "COUNTY",
    "NATIONAL",
    "UNPLACED",
    "CheckReport",
    "CountyGroup",
    "Evidence",
    "Finding",
    "report_ntriples",
    "rule_order",
]

COUNTY = URIRef(ASH + "county")
NATIONAL = "national"  # group of findings about the whole country (statutes, national agencies)
UNPLACED = "unplaced"  # findings about nodes with no territory at all

_GAP_ID = re.compile(r"^G(\d+)$")


@dataclass
class Evidence:
    graph: str
    file: str | None = None
    source: str | None = None
    source_title: str | None = None
    quote: str | None = None

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Finding:
    """One result of one rule: its focus node, message and value, then its county and evidence."""

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

    def key(self) -> tuple[str, ...]:
        return (
            self.rule.iri,
            self.focus,
            self.path or "",
            self.value or "",
            self.message.get("en", ""),
            self.message.get("sv", ""),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule.identifier,
            "ruleIri": self.rule.iri,
            "severity": self.severity,
            "focus": self.focus,
            "focusLabel": self.focus_label,
            "county": self.county,
            "countyLabel": self.county_label,
            "path": self.path,
            "value": self.value,
            "valueLabel": self.value_label,
            "message": dict(sorted(self.message.items())),  # by language, not as the shapes graph yields them
            "evidence": [e.to_json() for e in self.evidence],
        }


def rule_order(rule: Rule) -> tuple[int, int, str]:
    """Gap rules first (G1, G2 … G9), then the rest by severity (highest first) and id."""
    number = _GAP_ID.match(rule.identifier)
    return (0, int(number.group(1)), "") if number else (1, -severity_rank(rule.severity), rule.identifier)


# (county key, label, [(rule, findings)])
CountyGroup = tuple[str, str, list[tuple[Rule, list[Finding]]]]


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
        kept = [
            f
            for f in self.findings
            if severity_rank(f.severity) >= floor
            and (county is None or f.county == county)
            and (rule is None or f.rule.iri == rule)
        ]
        return CheckReport(self.as_of, self.engine, self.rules, kept, self.seconds, severity)

    @property
    def conforms(self) -> bool:
        return not self.findings

    def totals(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {name: counts.get(name, 0) for name in reversed(SEVERITIES)} | {"total": len(self.findings)}

    def by_county(self) -> list[CountyGroup]:
        """(county key, label, [(rule, findings)]) with counties by name, national and unplaced last."""
        groups: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
        labels: dict[str, str] = {}
        for finding in self.findings:
            key = finding.county or UNPLACED
            groups[key][finding.rule.iri].append(finding)
            labels[key] = finding.county_label or key
        rules = {r.iri: r for r in self.rules}

        def county_order(key: str) -> tuple[bool, bool, str]:
            return (key in (NATIONAL, UNPLACED), key == UNPLACED, labels[key])

        def rule_of(iri: str, found: list[Finding]) -> Rule:
            return rules.get(iri) or found[0].rule

        out: list[CountyGroup] = []
        for key in sorted(groups, key=county_order):
            per_rule = sorted(groups[key].items(), key=lambda kv: rule_order(rule_of(*kv)))
            out.append((key, labels[key], [(rule_of(iri, fs), fs) for iri, fs in per_rule]))
        return out

    def matrix(self) -> tuple[list[tuple[str, str]], list[Rule], dict[tuple[str, str], int]]:
        """Counties × rules: (counties, rules with findings, counts)."""
        counts: Counter[tuple[str, str]] = Counter()
        for finding in self.findings:
            counts[(finding.county or UNPLACED, finding.rule.iri)] += 1
        counties = [(key, label) for key, label, _ in self.by_county()]
        seen = {iri for _, iri in counts}
        rules = sorted({f.rule.iri: f.rule for f in self.findings if f.rule.iri in seen}.values(), key=rule_order)
        return counties, rules, dict(counts)

    def to_json(self) -> dict[str, Any]:
        return {
            "asOf": self.as_of.isoformat(),
            "engine": self.engine,
            "severity": self.min_severity,
            "conforms": self.conforms,
            "totals": self.totals(),
            "rules": [r.to_json() for r in self.rules],
            "counties": [
                {
                    "county": key,
                    "label": label,
                    "rules": [
                        {"rule": rule.identifier, "ruleIri": rule.iri, "findings": [f.to_json() for f in fs]}
                        for rule, fs in per_rule
                    ],
                }
                for key, label, per_rule in self.by_county()
            ],
        }

    def graph(self) -> Graph:
        """The report as an RDF sh:ValidationReport (SHACL 3.6), with the as-of date and each result's county."""
        g = Graph()
        for prefix, ns in (("sh", SH), ("ash", ASH), ("dcterms", DCTERMS), ("prov", PROV)):
            g.bind(prefix, ns)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(not any(f.severity == "violation" for f in self.findings))))
        g.add((report, AS_OF_DATE, as_of_literal(self.as_of)))
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        g.add((report, PROV.generatedAtTime, Literal(now, datatype=XSD.dateTime)))
        for finding in self.findings:
            result = BNode()
            g.add((report, SH.result, result))
            _add_result(g, result, finding)
        return g


def _add_result(g: Graph, result: BNode, finding: Finding) -> None:
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


def _node(text: str) -> BNode | URIRef:
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def report_ntriples(report: CheckReport) -> bytes:
    return report.graph().serialize(format="nt", encoding="utf-8")
