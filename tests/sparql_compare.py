"""Compare SPARQL SELECT/ASK answers of two back ends, term by term.

Rows are compared as multisets; with ORDER BY the sequence of the ORDER BY keys
must also be the same (rows that tie on every key may come in any order, as
SPARQL allows). Terms are compared by kind, value, datatype and language tag (a
literal without a datatype is xsd:string, as in RDF 1.1; language tags compare
case-insensitively). Blank nodes compare equal to any blank node, since their
labels are the store's own. The order of the values within a GROUP_CONCAT is not
defined by SPARQL, so such a column is compared as the set of its parts.
"""

from __future__ import annotations

import json
import re
from collections import Counter

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


# A one-line string, an IRI, or a comment: strings and IRIs are kept whole, so a '#' in them is not a comment.
_STRING_IRI_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|<[^<>\s]*>|#[^\n]*')


def _strip_comments(sparql: str) -> str:
    return _STRING_IRI_OR_COMMENT.sub(lambda m: "" if m.group().startswith("#") else m.group(), sparql)


def order_keys(sparql: str) -> list[str]:
    """The variables of the ORDER BY clause (plain `?v`, `ASC(?v)` or `DESC(?v)`), in order."""
    match = re.search(
        r"\bORDER\s+BY\b(.*?)(?:\bLIMIT\b|\bOFFSET\b|$)", _strip_comments(sparql), re.IGNORECASE | re.DOTALL
    )
    return re.findall(r"\?(\w+)", match.group(1)) if match else []


def concat_columns(sparql: str) -> dict[str, str]:
    """{variable: separator} of the GROUP_CONCAT projections."""
    text = _strip_comments(sparql)
    found = {}
    for m in re.finditer(
        r"GROUP_CONCAT\((.*?)\)\s*(?:,\s*\"[^\"]*\"\s*\))?\s*AS\s+\?(\w+)", text, re.IGNORECASE | re.DOTALL
    ):
        sep = re.search(r"separator\s*=\s*\"([^\"]*)\"", m.group(1), re.IGNORECASE)
        found[m.group(2)] = sep.group(1) if sep else " "
    for m in re.finditer(r"BIND\s*\((.*?)\s+AS\s+\?(\w+)\s*\)", text, re.IGNORECASE | re.DOTALL):
        used = [v for v in re.findall(r"\?(\w+)", m.group(1)) if v in found]  # a list passed on, e.g. COALESCE
        if used:
            found[m.group(2)] = found[used[0]]
    return found


def term_key(term: dict | None, separator: str | None = None) -> tuple:
    if term is None:
        return ("unbound",)
    kind = term["type"]
    if kind == "bnode":
        return ("bnode",)
    if kind == "uri":
        return ("uri", term["value"])
    value = term["value"]
    if separator is not None:
        value = tuple(sorted(value.split(separator))) if value else ()
    lang = term.get("xml:lang")
    if lang:
        return ("literal", value, "lang", lang.lower())
    return ("literal", value, term.get("datatype", XSD_STRING))


def rows(body: bytes, sparql: str):
    data = json.loads(body)
    if "boolean" in data:
        return None, ("boolean", data["boolean"])
    names = data["head"]["vars"]
    concat = concat_columns(sparql)
    return names, [tuple(term_key(row.get(v), concat.get(v)) for v in names) for row in data["results"]["bindings"]]


def differences(expected: bytes, actual: bytes, sparql: str) -> list[str]:
    """Readable differences between two answers to `sparql`; empty when they agree."""
    names, want = rows(expected, sparql)
    _, got = rows(actual, sparql)
    if names is None:
        return [] if want == got else [f"expected {want}, got {got}"]
    out = []
    if Counter(want) != Counter(got):
        out.append(f"{len(want)} rows expected, {len(got)} returned")
        out += [f"missing: {row}" for row in list((Counter(want) - Counter(got)).elements())[:5]]
        out += [f"extra:   {row}" for row in list((Counter(got) - Counter(want)).elements())[:5]]
        return out
    keys = [names.index(k) for k in order_keys(sparql) if k in names]
    if keys:
        want_keys = [tuple(r[i] for i in keys) for r in want]
        got_keys = [tuple(r[i] for i in keys) for r in got]
        if want_keys != got_keys:
            first = next(i for i, (a, b) in enumerate(zip(want_keys, got_keys, strict=True)) if a != b)
            out.append(f"ORDER BY differs from row {first}: expected {want_keys[first]}, got {got_keys[first]}")
    return out
