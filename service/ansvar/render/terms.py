"""SPARQL JSON result rows turned into the terms, with their labels, that the page templates show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..namespaces import compact
from .links import Links
from .strings import pick

__all__ = ["Binding", "Row", "Term", "first", "labelled", "pivot", "term", "values_html"]

Binding = dict[str, str]  # one term of a SPARQL JSON result: type, value, xml:lang, datatype
Row = dict[str, Binding]  # one solution: variable -> its term


@dataclass
class Term:
    """An RDF term with the labels found for it (by language tag, '' = none)."""

    type: str  # "uri" | "literal" | "bnode"
    value: str
    lang: str = ""
    datatype: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def is_iri(self) -> bool:
        return self.type == "uri"

    def label(self, lang: str) -> str:
        if self.type != "uri":
            return self.value
        return pick(self.labels, lang) or compact(self.value)

    def add_label(self, binding: Binding | None) -> None:
        if binding is not None:
            self.labels.setdefault(binding.get("xml:lang", ""), binding["value"])

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.type, self.value, self.lang, self.datatype)


def term(binding: Binding) -> Term:
    kind = "uri" if binding["type"] == "uri" else "bnode" if binding["type"] == "bnode" else "literal"
    return Term(kind, binding["value"], binding.get("xml:lang", ""), binding.get("datatype", ""))


def labelled(rows: list[Row], var: str, label_var: str) -> dict[tuple[str, str, str, str], Term]:
    """Distinct values of `var`, in first-seen order, each with all its labels."""
    found: dict[tuple[str, str, str, str], Term] = {}
    for row in rows:
        if var not in row:
            continue
        t = term(row[var])
        t = found.setdefault(t.key, t)
        t.add_label(row.get(label_var))
    return found


def pivot(rows: list[Row]) -> dict[str, dict[str, list[Term]]]:
    """Rows of (?r ?field ?v ?label) as {r: {field: [values with labels]}}, order kept."""
    records: dict[str, dict[str, dict[tuple[str, str, str, str], Term]]] = {}
    for row in rows:
        record = records.setdefault(row["r"]["value"], {})
        values = record.setdefault(row["field"]["value"], {})
        t = term(row["v"])
        t = values.setdefault(t.key, t)
        t.add_label(row.get("label"))
    return {r: {f: list(v.values()) for f, v in fields.items()} for r, fields in records.items()}


def first(record: dict[str, list[Term]], name: str) -> Term | None:
    values = record.get(name)
    return values[0] if values else None


def values_html(values: Iterable[Term] | None, lang: str, links: Links) -> Markup:
    """Values as HTML (IRIs linked, labelled in `lang`), one per line. Built here rather
    than in a Jinja macro: pages with hundreds of values render several times faster."""
    parts = []
    for v in values or ():
        if v.type == "uri":
            href = links.page(v.value)  # "" when the IRI is not a web address: text, not a link
            if href:
                parts.append(Markup('<a href="{}">{}</a>').format(href, v.label(lang)))
            else:
                parts.append(Markup('<span class="iri">{}</span>').format(v.label(lang)))
        elif v.type == "bnode":
            parts.append(Markup('<span class="en">[{}]</span>').format(v.value))
        elif v.lang and v.lang != lang:
            parts.append(Markup('{} <small class="en">({})</small>').format(v.value, v.lang))
        else:
            parts.append(escape(v.value))
    return Markup("<br>").join(parts)
