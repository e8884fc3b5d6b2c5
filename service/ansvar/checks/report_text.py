"""A check report for the terminal (`ansvar check`): county by county, rule by rule, totals at the end."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from ..rule_catalogue import Rule
from .report import CheckReport, Finding

__all__ = ["print_report"]

_STYLE = {"violation": "bold red", "warning": "yellow", "info": "cyan"}


def _why(rule: Rule) -> str | None:
    if not rule.rationale:
        return None
    first = rule.rationale.strip().split("\n")[0]
    return first[len("Why: ") :] if first.startswith("Why: ") else first


def _title(rule: Rule) -> str:
    sv, en = rule.label.get("sv"), rule.label.get("en")
    return " / ".join(x for x in (sv, en) if x) or rule.iri


def print_report(report: CheckReport, console: Console) -> None:
    """The report county by county and rule by rule, then the totals."""
    as_of = report.as_of.isoformat()
    console.print(
        f"[bold]Ansvarsgrafen — kontroll per {as_of} / check as of {as_of}[/] (severity ≥ {report.min_severity})"
    )
    if not report.findings:
        console.print("Inga fynd / no findings.")
    for _key, label, per_rule in report.by_county():
        console.print()
        console.rule(f"[bold]{escape(label)}", align="left")
        for rule, findings in per_rule:
            _print_rule(console, rule, findings)
    _print_totals(console, report)


def _print_rule(console: Console, rule: Rule, findings: list[Finding]) -> None:
    console.print(
        f"  [{_STYLE.get(rule.severity, '')}]{escape(rule.identifier)}[/] {escape(_title(rule))} — {len(findings)}"
    )
    why = _why(rule)
    if why:
        console.print(f"    [dim]why: {escape(why)}[/]", soft_wrap=False)
    for finding in findings:
        _print_finding(console, finding)


def _print_finding(console: Console, finding: Finding) -> None:
    name = finding.focus_label or finding.focus
    console.print(
        f"    • [{_STYLE.get(finding.severity, '')}]{finding.severity}[/] "
        f"{escape(name)} [dim]<{escape(finding.focus)}>[/]"
    )
    for lang in ("sv", "en"):
        if lang in finding.message:
            console.print(f"        {lang}: {escape(finding.message[lang])}")
    if finding.value is not None and finding.value != finding.focus:
        shown = finding.value_label or finding.value
        extra = f" [dim]<{escape(finding.value)}>[/]" if finding.value_is_node and finding.value_label else ""
        console.print(f"        value: {escape(shown)}{extra}")
    for evidence in finding.evidence[:3]:
        where = evidence.file or evidence.graph
        title = f" «{escape(evidence.source_title)}»" if evidence.source_title else ""
        quote = f" “{escape(_short(evidence.quote))}”" if evidence.quote else ""
        console.print(f"        evidence: {escape(where)}{title}{quote}")


def _print_totals(console: Console, report: CheckReport) -> None:
    totals = report.totals()
    console.print()
    console.print(
        f"[bold]Totals / summa:[/] [bold red]{totals['violation']} violation(s)[/], "
        f"[yellow]{totals['warning']} warning(s)[/], [cyan]{totals['info']} info[/] "
        f"— {totals['total']} finding(s)"
    )
    per_rule: dict[str, int] = {}
    for finding in report.findings:
        per_rule[finding.rule.identifier] = per_rule.get(finding.rule.identifier, 0) + 1
    if per_rule:
        console.print("by rule: " + ", ".join(f"{rule} {n}" for rule, n in per_rule.items()))


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
