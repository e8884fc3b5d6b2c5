"""Placing each finding in a county and giving it its evidence.

The county is that of the focus node's ans:area, else that of its agreement or
body, else that of its holder (check_queries/node_areas.rq ranks them); statutes
and national bodies go under NATIONAL. The evidence is each named graph (source
file) that states the node, with its source document and quote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..namespaces import SOURCE_GRAPH_PREFIX, is_safe_iri
from ..query_files import check_query
from .report import NATIONAL, UNPLACED, Evidence, Finding
from .sources import Bindings, CheckData

__all__ = ["place_and_explain"]

_CHUNK = 400  # IRIs per VALUES block
_Labels = dict[str, dict[str, str]]  # node -> language -> label


def place_and_explain(data: CheckData, findings: list[Finding]) -> None:
    """Set each finding's county, labels and evidence, in place."""
    if not findings:
        return
    focus_iris = _checked_iris(f.focus for f in findings)
    node_iris = _checked_iris([*focus_iris, *(f.value for f in findings if f.value_is_node)])
    county_of = _counties_of_nodes(data, focus_iris)
    county_iris = sorted({c for c in county_of.values() if c not in (NATIONAL, UNPLACED)})
    labels = _labels(data, _checked_iris([*node_iris, *county_iris]))
    evidence = _evidence(data, node_iris)
    for finding in findings:
        _explain(finding, county_of, labels, evidence)


def _explain(finding: Finding, county_of: dict[str, str], labels: _Labels, evidence: dict[str, list[Evidence]]) -> None:
    finding.focus_label = _pick_label(labels.get(finding.focus))
    if finding.value_is_node and finding.value is not None:
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
    if finding.value_is_node and finding.value is not None and finding.value != finding.focus:
        finding.evidence += sorted(evidence.get(finding.value, []), key=lambda e: e.graph)


def _checked_iris(iris: Iterable[str | None]) -> list[str]:
    return sorted({i for i in iris if i and is_safe_iri(i)})


def _chunked_select(data: CheckData, name: str, iris: list[str], named: bool = False) -> Bindings:
    """The rows of check query `name` for `iris`, a VALUES block at a time; `named`: it reads named graphs."""
    query = check_query(name)
    select = data.select_named if named else data.select
    rows: Bindings = []
    for start in range(0, len(iris), _CHUNK):
        nodes = " ".join(f"<{iri}>" for iri in iris[start : start + _CHUNK])
        rows += select(query.replace("%NODES%", nodes))
    return rows


def _territory_counties(data: CheckData) -> dict[str, str]:
    def compute() -> dict[str, str]:
        rows = data.select(check_query("territory_counties"))
        return {r["territory"]["value"]: r["county"]["value"] for r in rows}

    return data.once("territory_counties", compute)


def _counties_of_nodes(data: CheckData, focus_iris: list[str]) -> dict[str, str]:
    """Node -> county IRI (or NATIONAL) from the areas of the best priority the node has."""
    territory_county = _territory_counties(data)
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
        county_of[node] = counties[0] if counties else NATIONAL
    return county_of


def _labels(data: CheckData, iris: list[str]) -> _Labels:
    labels: _Labels = defaultdict(dict)
    for row in _chunked_select(data, "node_labels", iris):
        label = row["label"]
        labels[row["node"]["value"]].setdefault(label.get("xml:lang", ""), label["value"])
    return labels


def _evidence(data: CheckData, iris: list[str]) -> dict[str, list[Evidence]]:
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for row in _chunked_select(data, "node_evidence", iris, named=True):
        node, graph = row["node"]["value"], row["graph"]["value"]
        evidence[node].append(
            Evidence(
                graph=graph,
                file=_file_for(data, node, graph),
                source=row["source"]["value"] if "source" in row else None,
                source_title=row["sourceTitle"]["value"] if "sourceTitle" in row else None,
                quote=row["quote"]["value"] if "quote" in row else None,
            )
        )
    return evidence


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
        return f"data/sources/{graph[len(SOURCE_GRAPH_PREFIX) :]}.ttl"
    if graph.endswith("/graph/reference"):
        return "data/reference/"
    if graph.endswith("/graph/ontology"):
        return "ontology/"
    return None
