"""The W3C SPARQL 1.1 Protocol tests, read from their manifest and run against the real server.

tests/w3c/protocol/manifest.ttl is the suite's own manifest (w3c/rdf-tests, see
tests/w3c/README.md). Each entry describes its HTTP requests as data (ht:methodName,
ht:absolutePath, ht:headers, ht:body) and the expected response (mf:expectedStatus,
mf:expectedFormat, mf:expectedBoolean). `send()` rebuilds each request from those triples
and sends it with httpx as described — no Accept or User-Agent header the entry does
not name — and `check()` asserts the expected response, parsing the body back.

One test per manifest entry, parametrized by the entry read from the manifest: an entry
without an implementation in IMPLEMENTATIONS fails. Entries that do not apply to a read-only
endpoint are listed in APPLICABILITY with the reason; their implementation asserts the
documented read-only behaviour instead (403, nothing changed).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urljoin

import httpx
import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.query import Result

W3C = Path(__file__).parent / "w3c" / "protocol"
MANIFEST_IRI = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

# What the manifest's mf:expectedFormat allows (its comments: "expect one of …").
FORMATS = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples"),
}
DATASET_PARAMS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)

# --- the suite's example data, as graphs of our store -------------------------------------
#
# The entries name documents on kasei.us as dataset (default-graph-uri, named-graph-uri,
# FROM) and expect the server to hold them (ut:graphData: graph <dataN.rdf> holds
# `<dataN.rdf> a foaf:Document`). This endpoint never fetches anything and cannot be loaded
# (read-only): FROM and the dataset parameters select graphs of the store. The honest
# equivalent of each document is therefore a source document of the store: its named graph
# stands for the dataset graph, and the document (`id/source/<name> a ans:SourceDocument`
# in that graph) for the resource the query names. Same shape, real data.
ANS_GRAPH = "https://w3id.org/ansvar/graph/"
ANS_SOURCE = "https://w3id.org/ansvar/id/source/"
KASEI = "http://kasei.us/2009/09/sparql/data/"


@dataclass(frozen=True)
class StandIn:
    graph: str
    resource: str | None  # None: the entries only use the document as a dataset graph


STAND_INS = {
    # data0 only ever appears as default graph of `ASK {}` / `SELECT (1 AS ?value) {}`,
    # whose answers do not depend on the data: the reference graph stands in.
    KASEI + "data0.rdf": StandIn(ANS_GRAPH + "reference", None),
    KASEI + "data1.rdf": StandIn(ANS_GRAPH + "source/halland-samarbete", ANS_SOURCE + "halland-samarbete"),
    KASEI + "data2.rdf": StandIn(ANS_GRAPH + "source/dalarna-integration", ANS_SOURCE + "dalarna-integration"),
    KASEI + "data3.rdf": StandIn(
        ANS_GRAPH + "source/jamtland-overenskommelse-2015",
        ANS_SOURCE + "jamtland-overenskommelse-2015",
    ),
}
_KASEI_IRI = re.compile(r"<(" + re.escape(KASEI) + r"[^>]*)>")
_AS_GRAPH = re.compile(
    r"(?i)\b(FROM\s+NAMED|FROM|GRAPH|USING\s+NAMED|USING|WITH)(\s*)<(" + re.escape(KASEI) + r"[^>]*)>"
)


def _stand_in(iri: str) -> StandIn:
    if iri not in STAND_INS:
        pytest.fail(f"the manifest names {iri}, which has no stand-in in STAND_INS")
    return STAND_INS[iri]


def translate_text(sparql: str) -> str:
    """The kasei.us IRIs of a query or update: graph names to graphs, resources to documents."""
    sparql = _AS_GRAPH.sub(lambda m: f"{m[1]}{m[2]}<{_stand_in(m[3]).graph}>", sparql)
    return _KASEI_IRI.sub(lambda m: f"<{_stand_in(m[1]).resource}>", sparql)


def translate_params(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for name, value in pairs:
        if name in DATASET_PARAMS and value.startswith(KASEI):
            value = _stand_in(value).graph
        elif name in ("query", "update"):
            value = translate_text(value)
        out.append((name, value))
    return out


def encode(pairs: list[tuple[str, str]]) -> str:
    return urlencode(pairs, quote_via=quote)


# --- the manifest, as data ----------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    statuses: frozenset[str]  # status classes: "2", "3", "4" …
    format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str  # from ht:absolutePath, query string included
    headers: tuple[tuple[str, str], ...]
    text: str | None  # cnt:chars of the body
    encoding: str  # cnt:characterEncoding
    expected: Expected

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers if k.lower() == "content-type"), "")


@dataclass(frozen=True)
class Entry:
    local: str  # the fragment of the entry IRI: query_post_form …
    name: str  # mf:name
    requests: tuple[HttpRequest, ...]


def _status_class(iri: URIRef) -> str:
    match = re.fullmatch(r".*StatusCode(\d)xx", str(iri))
    assert match, f"unknown status code term {iri}"
    return match[1]


def _request(g: Graph, node) -> HttpRequest:
    headers = []
    for head in g.objects(node, HT.headers):
        for h in Collection(g, head):
            headers.append((str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue))))
    body = g.value(node, HT.body)
    resp = g.value(node, HT.resp)
    boolean = g.value(resp, MF.expectedBoolean)
    fmt = g.value(resp, MF.expectedFormat)
    return HttpRequest(
        method=str(g.value(node, HT.methodName)),
        path=str(g.value(node, HT.absolutePath)),
        headers=tuple(headers),
        text=str(g.value(body, CNT.chars)) if body is not None else None,
        encoding=str(g.value(body, CNT.characterEncoding) or "UTF-8") if body is not None else "UTF-8",
        expected=Expected(
            statuses=frozenset(_status_class(s) for s in g.objects(resp, MF.expectedStatus)),
            format=str(fmt) if fmt is not None else None,
            boolean=boolean.toPython() if boolean is not None else None,
        ),
    )


def manifest_graph() -> Graph:
    return Graph().parse(W3C / "manifest.ttl", format="turtle", publicID=MANIFEST_IRI)


def load_entries() -> list[Entry]:
    g = manifest_graph()
    manifest = URIRef(MANIFEST_IRI)
    entries = []
    for iri in Collection(g, g.value(manifest, MF.entries)):
        action = g.value(iri, MF.action)
        requests = [_request(g, r) for head in g.objects(action, HT.requests) for r in Collection(g, head)]
        entries.append(Entry(str(iri).split("#")[1], str(g.value(iri, MF.name)), tuple(requests)))
    return entries


ENTRIES = load_entries()


# --- sending and checking -----------------------------------------------------------------


def prepared(req: HttpRequest) -> HttpRequest:
    """The entry's request for this server: path prefix and example IRIs replaced.

    The manifest asks for /sparql/ to be replaced by the endpoint's path (/sparql here).
    """
    path, _, query = req.path.partition("?")
    assert path.startswith("/sparql/"), path
    path = "/sparql" + path[len("/sparql/") :]
    if query:
        path += "?" + encode(translate_params(parse_qsl(query, keep_blank_values=True)))
    text = req.text
    if text is not None:
        if req.content_type.split(";")[0].strip() == "application/x-www-form-urlencoded":
            text = encode(translate_params(parse_qsl(text, keep_blank_values=True)))
        else:  # a query or an update as the body, or a body without a declared type
            text = translate_text(text)
    return replace(req, path=path, text=text)


def send(server, req: HttpRequest) -> httpx.Response:
    """Exactly the described request: its method, path, headers and body in its encoding."""
    req = prepared(req)
    body = req.text.encode(req.encoding) if req.text is not None else None
    # httpx.Request adds only Host and Content-Length; Client.send adds no default headers.
    request = httpx.Request(req.method, server.url + req.path, headers=list(req.headers), content=body)
    with httpx.Client(timeout=60) as client:
        return client.send(request)


def check(response: httpx.Response, expected: Expected):
    """The expected status class and format; returns the parsed body (Result or Graph)."""
    status_class = str(response.status_code)[0]
    assert status_class in expected.statuses, (
        f"status {response.status_code} not in {sorted(expected.statuses)}xx: {response.text[:300]}"
    )
    if expected.format is None:
        return None
    media = response.headers["content-type"].split(";")[0].strip()
    assert media in FORMATS[expected.format], f"{media} is not a {expected.format} format"
    if expected.format == "RDF":
        return Graph().parse(data=response.content, format=media)
    result = Result.parse(io.BytesIO(response.content), content_type=media)
    if expected.format == "boolean":
        assert result.type == "ASK"
        if expected.boolean is not None:
            assert result.askAnswer is expected.boolean
    else:
        assert result.type == "SELECT"
    return result


def run_as_described(server, entry: Entry) -> list:
    """Every request of the entry in order, each response as the manifest expects."""
    return [check(send(server, req), req.expected) for req in entry.requests]


def without_last_dataset_graph(req: HttpRequest) -> HttpRequest:
    """A control request: the same, with the last dataset parameter left out."""
    path, _, query = req.path.partition("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    last = max(i for i, (name, _) in enumerate(pairs) if name in DATASET_PARAMS)
    return replace(
        req,
        path=path + "?" + encode(pairs[:last] + pairs[last + 1 :]),
        expected=Expected(frozenset("2"), "boolean", False),
    )


# --- one implementation per entry ---------------------------------------------------------


def as_described(server, entry):
    run_as_described(server, entry)


def dataset_honoured(server, entry):
    # The default graph of this store is the union of all graphs, so these ASKs would be
    # true even if the protocol dataset were ignored. The control shows it is not: without
    # the last graph of the protocol dataset the same ASK is false.
    run_as_described(server, entry)
    (req,) = entry.requests
    check(send(server, without_last_dataset_graph(req)), without_last_dataset_graph(req).expected)


def select_one_value(server, entry):
    (result,) = run_as_described(server, entry)
    rows = [{str(v): str(row[v]) for v in result.vars} for row in result]
    assert rows == [{"value": "1"}]


def describe_unknown(server, entry):
    # DESCRIBE of an IRI the store does not know: an empty graph, in an RDF format.
    (graph,) = run_as_described(server, entry)
    assert len(graph) == 0


def construct_with_relative_iris(server, entry):
    # `<s>` and `<p>` are relative: they resolve against the service-defined base, the
    # endpoint (the update_base_uri entry: the base "MAY be the service endpoint").
    (graph,) = run_as_described(server, entry)
    base = server.url + "/sparql"
    triples = {(str(s), str(p), o.toPython()) for s, p, o in graph}
    assert triples == {(urljoin(base, "s"), urljoin(base, "p"), 1)}


def refused(status: int, words: str):
    """A request the manifest expects to fail (4xx): ours fails with this status and message."""

    def implementation(server, entry):
        (req,) = entry.requests
        response = send(server, req)
        check(response, req.expected)
        assert response.status_code == status and words in response.text, response.text

    return implementation


def update_refused(server, entry):
    # Read-only: the update is refused with 403 and changes nothing. The manifest's
    # follow-up query (which expects the update's effect, true) is answered false, and the
    # store still holds its graphs after CLEAR ALL / DROP ALL.
    update, *queries = entry.requests
    response = send(server, update)
    assert response.status_code == 403 and "read-only" in response.text, response.text
    for req in queries:
        check(send(server, req), replace(req.expected, boolean=False))
    still = httpx.get(
        server.url + "/sparql",
        params={"query": f"ASK {{ GRAPH <{ANS_GRAPH}reference> {{ ?s ?p ?o }} }}"},
    )
    assert still.json()["boolean"] is True


IMPLEMENTATIONS: dict[str, Callable] = {
    # data0 stands in as the reference graph; ASK {} is true over any dataset.
    "query_post_form": as_described,
    "query_get": as_described,
    "query_post_direct": as_described,
    # data1..3 stand in as source-document graphs (STAND_INS); the dataset is checked by a control.
    "query_dataset_default_graphs_get": dataset_honoured,
    "query_dataset_default_graphs_post": dataset_honoured,
    "query_dataset_named_graphs_post": dataset_honoured,
    "query_dataset_named_graphs_get": dataset_honoured,
    "query_dataset_full": dataset_honoured,
    # FROM <data3> in the query is overridden by named-graph-uri; were the query's dataset
    # used, it would have no named graphs and the ASK would be false.
    "query_multiple_dataset": dataset_honoured,
    # No Accept header (as described): the defaults, SPARQL JSON and Turtle.
    "query_content_type_select": select_one_value,
    "query_content_type_ask": as_described,
    "query_content_type_describe": describe_unknown,
    "query_content_type_construct": construct_with_relative_iris,
    "update_dataset_default_graph": update_refused,
    "update_dataset_default_graphs": update_refused,
    "update_dataset_named_graphs": update_refused,
    "update_dataset_full": update_refused,
    "update_post_form": update_refused,
    "update_post_direct": update_refused,
    "update_base_uri": update_refused,
    "bad_query_method": refused(405, "Method Not Allowed"),
    "bad_multiple_queries": refused(400, "'query' may be given only once"),
    "bad_query_wrong_media_type": refused(415, "unsupported content type 'text/plain'"),
    "bad_query_missing_form_type": refused(415, "unsupported content type '(none)'"),
    "bad_query_missing_direct_type": refused(415, "unsupported content type '(none)'"),
    "bad_query_non_utf8": refused(415, "unsupported charset 'UTF-16'"),
    "bad_query_syntax": refused(400, "SPARQL syntax error"),
    "bad_update_get": refused(403, "must be sent with POST"),
    "bad_multiple_updates": refused(400, "'update' may be given only once"),
    "bad_update_wrong_media_type": refused(415, "unsupported content type 'text/plain'"),
    "bad_update_missing_form_type": refused(415, "unsupported content type '(none)'"),
    "bad_update_non_utf8": refused(403, "read-only"),
    "bad_update_syntax": refused(403, "read-only"),
    "bad_update_dataset_conflict": refused(403, "read-only"),
}

_UPDATE_WORKS = (
    "expects the update to succeed (2xx) and its effect to be visible; this endpoint "
    "is read-only without ANSVAR_UPDATE_TOKEN, so the update gets 403 and changes nothing"
)
_UPDATE_4XX = (
    "passes (4xx) but for another reason: updates are refused as a whole (403, read-only) "
    "before the condition the entry tests is looked at"
)
APPLICABILITY: dict[str, str] = {
    "update_dataset_default_graph": _UPDATE_WORKS,
    "update_dataset_default_graphs": _UPDATE_WORKS,
    "update_dataset_named_graphs": _UPDATE_WORKS,
    "update_dataset_full": _UPDATE_WORKS,
    "update_post_form": _UPDATE_WORKS,
    "update_post_direct": _UPDATE_WORKS,
    "update_base_uri": _UPDATE_WORKS,
    "bad_update_non_utf8": _UPDATE_4XX,
    "bad_update_syntax": _UPDATE_4XX,
    "bad_update_dataset_conflict": _UPDATE_4XX,
}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.local for e in ENTRIES])
def test_w3c_protocol_entry(server, entry: Entry):
    implementation = IMPLEMENTATIONS.get(entry.local)
    if implementation is None:
        pytest.fail(f"manifest entry {entry.local} ({entry.name!r}) has no implementation in IMPLEMENTATIONS")
    implementation(server, entry)


def test_every_implementation_and_exception_names_a_manifest_entry():
    names = {e.local for e in ENTRIES}
    assert len(ENTRIES) == 34
    assert set(IMPLEMENTATIONS) == names
    assert set(APPLICABILITY) <= names
    # Every entry the endpoint cannot pass as written is an update entry listed with its reason.
    assert {n for n, impl in IMPLEMENTATIONS.items() if impl is update_refused} <= set(APPLICABILITY)


def test_stand_ins_mirror_the_suites_data(server):
    """Each ut:graphData of the manifest has a stand-in of the same shape in the store."""
    g = manifest_graph()
    labels = {}
    for data in g.objects(None, UT.graphData):
        file = Path(str(g.value(data, UT.graph)).rsplit("/", 1)[1])
        labels[str(g.value(data, RDFS_LABEL))] = W3C / file
    assert set(labels) == {KASEI + f"data{i}.rdf" for i in (1, 2, 3)}
    for label, file in labels.items():
        suite = Graph().parse(file, format="nt")
        ((subject, predicate, _),) = list(suite)
        assert (str(subject), predicate) == (label, RDF.type)  # the document types itself
        stand_in = _stand_in(label)
        q = f"ASK {{ GRAPH <{stand_in.graph}> {{ <{stand_in.resource}> a ?type }} }}"
        assert httpx.get(server.url + "/sparql", params={"query": q}).json()["boolean"] is True
        # …and only there among the stand-ins, so a dataset without it loses the triple.
        for other in (s for k, s in STAND_INS.items() if k != label):
            q = f"ASK {{ GRAPH <{other.graph}> {{ <{stand_in.resource}> a ?type }} }}"
            assert httpx.get(server.url + "/sparql", params={"query": q}).json()["boolean"] is False


def test_translation_keeps_the_request_and_replaces_only_example_iris():
    entry = next(e for e in ENTRIES if e.local == "query_multiple_dataset")
    req = prepared(entry.requests[0])
    d1, d2, d3 = (STAND_INS[KASEI + f"data{i}.rdf"] for i in (1, 2, 3))
    assert req.method == "POST" and req.headers == (("content-type", "application/sparql-query"),)
    assert req.path == "/sparql?" + encode([("named-graph-uri", d1.graph), ("named-graph-uri", d2.graph)])
    assert req.text == (
        f"ASK FROM <{d3.graph}> {{ GRAPH ?g1 {{ <{d1.resource}> a ?type }} GRAPH ?g2 {{ <{d2.resource}> a ?type }} }}"
    )
