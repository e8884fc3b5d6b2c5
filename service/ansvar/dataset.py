"""The dataset after inference as rdflib graphs: the asserted graphs plus the inferred graph.

Seen two ways: as one rdflib graph without the shapes (what pyshacl checks)
and as N-Quads with every named graph (what a store loads). `ansvar check` on a
checkout makes one; the build keeps its dataset in one pyoxigraph store instead
(dataset_store.py, build.BuildResult).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .dataset_store import store_of_graphs
from .load import LoadedData
from .namespaces import GRAPH_INFERRED, GRAPH_SHAPES
from .store.base import serialized

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
        return serialized(store_of_graphs(self.graphs()).dump(format=ox.RdfFormat.N_QUADS))
