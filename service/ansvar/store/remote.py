"""A remote SPARQL 1.1 server as the store (Oxigraph server, Virtuoso, Fuseki, GraphDB, …).

Queries go through SPARQLWrapper to the query endpoint; loading and dumping
use the SPARQL 1.1 Graph Store Protocol. The server should treat its default
graph as the union of the named graphs (Oxigraph: `--union-default-graph`;
Virtuoso does so by default), as the embedded store does.

Every failure of the remote store is a `RemoteStoreError` whose message names
the store and quotes what it said (or why it could not be reached), so the CLI
and the web app can pass it on instead of a traceback.
"""

from __future__ import annotations

import ast
import html
import json
import re
import socket
import urllib.error
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from SPARQLWrapper import POST, SPARQLWrapper

from ..sparql_prefixes import declarations
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

__all__ = ["PushFailed", "RemoteStore", "RemoteStoreError", "RemoteStoreTimeout", "store_message"]

if TYPE_CHECKING:
    import httpx

    from .challenge_auth import ChallengeAuth
    from .embedded import EmbeddedStore

_LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
_MESSAGE_CHARS = 500  # of a store's error message passed on


class RemoteStoreError(StoreUnavailable):
    """The remote store could not be reached or answered with an error.

    `status` is the store's HTTP status, or None when no answer came (refused, timed out).
    """

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class RemoteStoreTimeout(RemoteStoreError):
    """The remote store did not answer within the time limit."""


class PushFailed(RemoteStoreError):
    """A push stopped at `failed`; the graphs in `replaced` had already been replaced."""

    def __init__(self, message: str, replaced: list[str], failed: str, status: int | None = None):
        super().__init__(message, status)
        self.replaced, self.failed = replaced, failed


def store_message(body: bytes | str | None) -> str:
    """The readable part of a store's error answer: HTML tags dropped, white space folded, shortened."""
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = re.sub(r"(?is)<(script|style|title|head)\b.*?</\1>", " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_CHARS else text[:_MESSAGE_CHARS] + " …"


def _unreachable(url: str, err: BaseException, timeout: float) -> RemoteStoreError:
    import httpx

    reason = getattr(err, "reason", err)
    if isinstance(reason, (TimeoutError, socket.timeout, httpx.TimeoutException)):
        return RemoteStoreTimeout(f"the store at {url} did not answer within {timeout:g} s")
    if isinstance(reason, ConnectionRefusedError) or isinstance(err, httpx.ConnectError):
        return RemoteStoreError(f"the store at {url} refused the connection (is it running?)")
    return RemoteStoreError(f"the store at {url} could not be reached: {reason}")


def _split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """`http://user:secret@host/path` -> (`http://host/path`, (user, secret))."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), (parts.username, parts.password or "")


class RemoteStore(GraphStore):
    def __init__(
        self, query_url: str, store_url: str | None = None, timeout: float = 60.0, auth: tuple[str, str] | None = None
    ):
        """`store_url` is the Graph Store Protocol URL; credentials in it (`http://user:pw@…`)
        or in `auth` are sent when the store asks for them (Basic or Digest)."""
        self.query_url = query_url
        self.store_url: str | None = None
        url_auth: tuple[str, str] | None = None
        if store_url:
            self.store_url, url_auth = _split_credentials(store_url)
        credentials = auth or url_auth
        self._auth: ChallengeAuth | None = None
        if credentials:
            from .challenge_auth import ChallengeAuth

            self._auth = ChallengeAuth(*credentials)
        self.timeout = timeout

    # -- queries -------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        accept: tuple[str, str] = (SOLUTION_TYPES[0], GRAPH_TYPES[0]),
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        sw = SPARQLWrapper(self.query_url)
        sw.setMethod(POST)
        sw.setTimeout(int(self.timeout))
        # The Accept header alone picks the format: SPARQLWrapper's format=xml parameter would
        # contradict it, and Virtuoso answers that contradiction with 406.
        sw.setOnlyConneg(True)
        # The store knows none of our preset prefixes: the query it gets declares those it uses.
        # The protocol has no parameter for a base IRI: a BASE first, on the first line, which a
        # BASE of the query's own overrides.
        base = f"BASE <{base_iri}> " if base_iri else ""
        sw.setQuery(base + declarations(prefixes or {}) + sparql)  # also tells us the query form
        for g in default_graphs or ():
            sw.addDefaultGraph(g)
        for g in named_graphs or ():
            sw.addNamedGraph(g)
        is_graph = sw.queryType in ("CONSTRUCT", "DESCRIBE")
        wanted = accept[1] if is_graph else accept[0]
        sw.addCustomHttpHeader("Accept", wanted)
        try:
            response = sw.query().response
            body = response.read()
        except urllib.error.HTTPError as err:
            raise RemoteStoreError(
                f"the store at {self.query_url} answered {err.code}: {store_message(err.read())}", err.code
            ) from err
        except (urllib.error.URLError, OSError) as err:
            raise _unreachable(self.query_url, err, self.timeout) from err
        except Exception as err:  # SPARQLWrapper turns 400, 401, 404, 414 and 500 into its own exceptions
            status, message = _sparqlwrapper_error(err)
            if status == 400:
                raise QuerySyntaxError(message) from err
            raise RemoteStoreError(f"the store at {self.query_url} answered {status}: {message}", status) from err
        if is_graph:
            return QueryResult(ResultKind.GRAPH, body, wanted)
        kind = ResultKind.BOOLEAN if sw.queryType == "ASK" else ResultKind.SOLUTIONS
        return QueryResult(kind, body, wanted)

    def named_graphs(self) -> list[str]:
        return [row["g"]["value"] for row in self.select(_LIST_GRAPHS)]

    def check(self) -> None:
        """Raise RemoteStoreError (with the store's message) unless the query endpoint answers `ASK {}`."""
        try:
            answer = json.loads(self.query("ASK {}").body)
        except ValueError as err:
            raise RemoteStoreError(f"{self.query_url} did not answer with SPARQL JSON results") from err
        if answer.get("boolean") is not True:
            raise RemoteStoreError(f"{self.query_url} answered ASK {{}} with {answer.get('boolean')!r}")

    def dump_graph(self, graph: str, media_type: str) -> bytes | None:
        """One graph through the Graph Store Protocol (GET ?graph=); None when the store has none."""
        if not self.store_url:
            raise StoreUnsupported(
                "reading one graph needs the Graph Store Protocol URL of the remote store (serve --store-url)"
            )
        return self.get_graph(graph, media_type)

    def ping(self) -> bool:
        try:
            self.check()
            return True
        except (RemoteStoreError, QuerySyntaxError):
            return False

    # -- Graph Store Protocol ------------------------------------------------

    def _gsp(self, method: str, params: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
        if not self.store_url:
            raise RemoteStoreError("this needs the Graph Store Protocol URL of the remote store")
        import httpx

        try:
            return httpx.request(method, self.store_url, params=params, auth=self._auth, timeout=self.timeout, **kwargs)
        except httpx.HTTPError as err:
            raise _unreachable(self.store_url, err, self.timeout) from err

    def dump(self, media_type: str = "application/n-quads") -> bytes:
        r = self._gsp("GET", headers={"Accept": media_type})
        if r.status_code >= 300:
            raise RemoteStoreError(
                f"the store at {self.store_url} answered {r.status_code}: {store_message(r.content)}", r.status_code
            )
        return r.content

    def get_graph(self, graph: str, media_type: str = "application/n-triples") -> bytes | None:
        """One named graph (GSP GET); None when the store has no such graph."""
        r = self._gsp("GET", {"graph": graph}, headers={"Accept": media_type})
        if r.status_code == 404:
            return None
        if r.status_code >= 300:
            raise RemoteStoreError(
                f"the store at {self.store_url} answered {r.status_code} for <{graph}>: {store_message(r.content)}",
                r.status_code,
            )
        return r.content

    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        """Make the remote `graph` hold exactly these triples (GSP PUT)."""
        r = self._gsp("PUT", {"graph": graph}, content=ntriples, headers={"Content-Type": "application/n-triples"})
        if r.status_code >= 300:
            raise RemoteStoreError(
                f"the store at {self.store_url} refused <{graph}>: {r.status_code} {store_message(r.content)}",
                r.status_code,
            )

    def push_store(self, local: EmbeddedStore) -> list[str]:
        """Replace, one GSP PUT per graph, every named graph the local store has (the check report too).

        Returns the graphs replaced. On a failure raises PushFailed, which names the
        graphs already replaced and the one that failed; graphs after it are untouched.
        """
        replaced: list[str] = []
        for graph in local.named_graphs():
            data = local.dump_graph(graph, "application/n-triples") or b""
            try:
                self.replace_graph(graph, data)
            except RemoteStoreError as err:
                done = ", ".join(f"<{g}>" for g in replaced) or "none"
                raise PushFailed(
                    f"{err}; graphs replaced before the failure: {done}", replaced, graph, err.status
                ) from err
            replaced.append(graph)
        return replaced

    def load_nquads(self, nquads: bytes) -> None:
        """Replace the remote store's whole content with this dataset (GSP PUT without `graph`)."""
        r = self._gsp("PUT", content=nquads, headers={"Content-Type": "application/n-quads"})
        if r.status_code >= 300:
            raise RemoteStoreError(
                f"the store at {self.store_url} refused the data: {r.status_code} {store_message(r.content)}",
                r.status_code,
            )


_STATUS = {
    "QueryBadFormed": 400,
    "Unauthorized": 401,
    "EndPointNotFound": 404,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}


def _sparqlwrapper_error(err: Exception) -> tuple[int | None, str]:
    """(HTTP status, the store's message) from a SPARQLWrapper exception.

    SPARQLWrapper keeps the answer only inside its message, as the repr of the body bytes.
    """
    text = str(err)
    body: bytes | str = text
    marker = "Response:\n"
    if marker in text:
        raw = text.split(marker, 1)[1].strip()
        try:
            body = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            body = raw
    return _STATUS.get(type(err).__name__), store_message(body)
