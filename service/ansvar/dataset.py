"""The dataset after inference: the asserted graphs plus the inferred graph.

Seen two ways: as one rdflib graph without the shapes (what pyshacl checks)
and as N-Quads with every named graph (what the store loads). The build and
the checks both make one; neither needs the other for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef

from .load import LoadedData
from .namespaces import GRAPH_INFERRED, GRAPH_SHAPES

__all__ = ["InferredDataset"]


@dataclass
class InferredDataset:
    loaded: LoadedData
    inferred: Graph

    def graphs(self) -> dict[URIRef, Graph]:
        return {**self.loaded.graphs, GRAPH_INFERRED: self.inferred}

    def triples_per_graph(self) -> dict[str, int]:
        return {str(name): len(g) for name, g in sorted(self.graphs().items())}

    def data_union(self) -> Graph:
        """Asserted data plus entailments: what the shapes are checked against."""
        union = Graph()
        for name, g in self.graphs().items():
            if name != GRAPH_SHAPES:
                union += g
        return union

    def nquads(self) -> bytes:
        ds = Dataset()
        for name, g in self.graphs().items():
            target = ds.graph(name)
            for triple in g:
                target.add(triple)
        return ds.serialize(format="nquads", encoding="utf-8")
