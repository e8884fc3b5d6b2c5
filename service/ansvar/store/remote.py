"""A remote SPARQL 1.1 server as the store (Oxigraph server, Fuseki, GraphDB, …).

Queries go through SPARQLWrapper to the query endpoint; loading and dumping
use the SPARQL 1.1 Graph Store Protocol. The server should treat its default
graph as the union of the named graphs (Oxigraph: `--union-default-graph`),
as the embedded store does.
"""

from __future__ import annotations

import json
import urllib.error

import httpx
from SPARQLWrapper import POST, SPARQLWrapper

from .base import (
    GRAPH_TYPES,
    SOLUTION_TYPES,
    GraphStore,
    QueryResult,
    QuerySyntaxError,
    ResultKind,
    StoreUnavailable,
    StoreUnsupported,
)

_LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


class RemoteStoreError(StoreUnavailable):
    """The remote store could not be reached or answered with an error."""


class RemoteStore(GraphStore):
    def __init__(self, query_url: str, store_url: str | None = None, timeout: float = 60.0):
        self.query_url = query_url
        self.store_url = store_url
        self.timeout = timeout

    def query(self, sparql, *, accept=(SOLUTION_TYPES[0], GRAPH_TYPES[0]), default_graphs=None, named_graphs=None):
        sw = SPARQLWrapper(self.query_url)
        sw.setMethod(POST)
        sw.setTimeout(int(self.timeout))
        sw.setQuery(sparql)  # also tells us the query form
        for g in default_graphs or ():
            sw.addDefaultGraph(g)
        for g in named_graphs or ():
            sw.addNamedGraph(g)
        is_graph = sw.queryType in ("CONSTRUCT", "DESCRIBE")
        wanted = accept[1] if is_graph else accept[0]
        sw.addCustomHttpHeader("Accept", wanted)
        try:
            response = sw.query().response
        except urllib.error.HTTPError as err:
            raise RemoteStoreError(f"{self.query_url} answered {err.code}") from err
        except Exception as err:  # SPARQLWrapper wraps HTTP 400 in its own exceptions
            if type(err).__name__ == "QueryBadFormed":
                detail = str(err).splitlines()[-1]
                raise QuerySyntaxError(detail[2:-1] if detail.startswith("b'") else detail) from err
            raise RemoteStoreError(f"{self.query_url}: {err}") from err
        body = response.read()
        if is_graph:
            return QueryResult(ResultKind.GRAPH, body, wanted)
        kind = ResultKind.BOOLEAN if sw.queryType == "ASK" else ResultKind.SOLUTIONS
        return QueryResult(kind, body, wanted)

    def named_graphs(self) -> list[str]:
        return [row["g"]["value"] for row in self.select(_LIST_GRAPHS)]

    def dump(self, media_type: str = "application/n-quads") -> bytes:
        if not self.store_url:
            raise RemoteStoreError("dumping needs the Graph Store Protocol URL of the remote store")
        r = httpx.get(self.store_url, headers={"Accept": media_type}, timeout=self.timeout)
        r.raise_for_status()
        return r.content

    def dump_graph(self, graph: str, media_type: str) -> bytes | None:
        """One graph through the Graph Store Protocol (GET ?graph=); None when the server has none."""
        if not self.store_url:
            raise StoreUnsupported(
                "reading one graph needs the Graph Store Protocol URL of the remote store (serve --store-url)")
        try:
            r = httpx.get(self.store_url, params={"graph": graph}, headers={"Accept": media_type},
                          timeout=self.timeout)
        except httpx.HTTPError as err:
            raise RemoteStoreError(f"{self.store_url} did not answer: {type(err).__name__}") from err
        if r.status_code == 404:
            return None
        if r.status_code >= 300:
            raise RemoteStoreError(f"{self.store_url} answered {r.status_code}: {r.text[:200]}")
        return r.content

    def load_nquads(self, nquads: bytes) -> None:
        """Replace the remote store's content with this dataset (Graph Store Protocol PUT)."""
        if not self.store_url:
            raise RemoteStoreError("loading needs the Graph Store Protocol URL of the remote store")
        r = httpx.put(self.store_url, content=nquads, headers={"Content-Type": "application/n-quads"},
                      timeout=self.timeout)
        if r.status_code >= 300:
            raise RemoteStoreError(f"{self.store_url} refused the data: {r.status_code} {r.text[:200]}")

    def ping(self) -> bool:
        try:
            return json.loads(self.query("ASK {}").body)["boolean"] is True
        except (RemoteStoreError, httpx.HTTPError, ValueError):
            return False
