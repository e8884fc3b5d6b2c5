"""A catalogue of hostile requests against a real server: each gets its status, and
the store's data is the same afterwards (per-graph quad counts, hashed)."""

from __future__ import annotations

import hashlib
import json
import socket
from dataclasses import dataclass, field

import httpx
import pytest
from conftest import start_server, stop_server
from test_sparql_limits import _Listener

TOKEN = "hostile-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "https://w3id.org/ansvar/graph/source/hostile"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LISTENER_PORT = "{port}"  # replaced by the loopback listener's port in each case


@dataclass
class Case:
    name: str
    method: str
    path: str
    status: tuple[int, ...]
    params: dict | None = None
    body: bytes | None = None
    headers: dict = field(default_factory=dict)
    says: str = ""  # a word the answer must contain
    absent: str = "\x00never"  # text the answer must not contain
    in_html_only: bool = False  # check `absent` only in HTML answers (plain text cannot run script)


def _gsp(name: str, media: str, body: bytes, status=(400,), says="") -> Case:
    return Case(
        name,
        "PUT",
        "/store",
        status,
        params={"graph": GRAPH},
        body=body,
        headers={**AUTH, "Content-Type": media},
        says=says,
    )


def _nested_json_ld(depth: int) -> bytes:
    doc = '{"@id": "http://e/x", "http://e/p": ' * depth + '"v"' + "}" * depth
    return doc.encode()


BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="{RDF}" xmlns:e="http://e/">
 <rdf:Description rdf:about="https://w3id.org/ansvar/id/county/10"><e:p>&d;</e:p></rdf:Description>
</rdf:RDF>""".encode()

XXE_FILE = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rdf:RDF xmlns:rdf="{RDF}" xmlns:e="http://e/">
 <rdf:Description rdf:about="https://w3id.org/ansvar/id/county/10"><e:p>&x;</e:p></rdf:Description>
</rdf:RDF>""".encode()

XXE_URL = XXE_FILE.replace(b"file:///etc/passwd", b"http://127.0.0.1:{port}/x")

UNCLOSED_XML = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="http://e/a">
<rdf:type rdf:resource="http://e/T"/>""".encode()

CASES = [
    # 1. outbound requests
    Case(
        "service after a dot",
        "GET",
        "/sparql",
        (400, 403),
        params={"query": "SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:{port}/> { ?a ?b ?c } }"},
    ),
    Case(
        "service after an escaped prefixed name",
        "GET",
        "/sparql",
        (400, 403),
        params={
            "query": "PREFIX x: <http://e/> SELECT * WHERE { ?s ?p x:a\\# "
            "SERVICE <http://127.0.0.1:{port}/> { ?a ?b ?c } }"
        },
    ),
    Case(
        "service that looked like an IRI",
        "GET",
        "/sparql",
        (400, 403),
        params={"query": "SELECT * WHERE { FILTER(1<2)SERVICE?s#>\n { ?a ?b ?c } }"},
    ),
    Case(
        "load",
        "POST",
        "/sparql",
        (403,),
        body=b"LOAD <http://127.0.0.1:{port}/x.ttl>",
        headers={**AUTH, "Content-Type": "application/sparql-update"},
        says="LOAD",
    ),
    Case(
        "service in an update",
        "POST",
        "/sparql",
        (400, 403),
        body=b"INSERT { ?s ?p ?o } WHERE { ?a ?b ?c .SERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    ),
    # 2. inputs that used to kill a process
    Case(
        "query nested 3000 deep",
        "POST",
        "/sparql",
        (400,),
        body=("SELECT * WHERE " + "{" * 3000 + "}" * 3000).encode(),
        headers={"Content-Type": "application/sparql-query"},
        says="deep",
    ),
    Case(
        "query nested 5000 deep (GET)",
        "POST",
        "/sparql",
        (400,),
        body=("query=" + "ASK " + "{" * 5000 + "}" * 5000).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        says="deep",
    ),
    Case(
        "update nested 3000 deep",
        "POST",
        "/sparql",
        (400,),
        body=("INSERT { ?s ?p ?o } WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000).encode(),
        headers={**AUTH, "Content-Type": "application/sparql-update"},
        says="deep",
    ),
    _gsp("JSON-LD nested 5000 deep", "application/ld+json", _nested_json_ld(5000), says="deep"),
    _gsp(
        "Turtle nested 5000 deep",
        "text/turtle",
        b"<http://e/a> <http://e/p> " + b"[ <http://e/p> " * 5000 + b"1" + b" ]" * 5000 + b" .",
    ),
    _gsp(
        "Turtle list nested 5000 deep", "text/turtle", b"<http://e/a> <http://e/p> " + b"(" * 5000 + b")" * 5000 + b" ."
    ),
    _gsp(
        "RDF/XML nested 5000 deep",
        "application/rdf+xml",
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:e="http://e/">'.encode()
        + b'<rdf:Description><e:p rdf:parseType="Resource">' * 2500
        + b"</e:p></rdf:Description>" * 2500
        + b"</rdf:RDF>",
        says="deep",
    ),
    # 3. broken uploads and what XML and JSON-LD could fetch or expand
    _gsp("RDF/XML with an element left open", "application/rdf+xml", UNCLOSED_XML, says="well-formed"),
    _gsp("JSON-LD that is an array of numbers", "application/ld+json", b"[1, 2, 3]", says="object"),
    _gsp("JSON-LD that is a string", "application/ld+json", b'"x"'),
    _gsp("JSON-LD that is not JSON", "application/ld+json", b'{"@id": '),
    _gsp("billion laughs", "application/rdf+xml", BILLION_LAUGHS, says="DTD"),
    _gsp("XXE reading a local file", "application/rdf+xml", XXE_FILE, says="DTD"),
    _gsp("XXE fetching a URL", "application/rdf+xml", XXE_URL, says="DTD"),
    _gsp(
        "remote JSON-LD context",
        "application/ld+json",
        b'{"@context": "http://127.0.0.1:{port}/ctx.jsonld", "@id": "http://e/a", "p": "x"}',
        says="remote",
    ),
    _gsp(
        "remote JSON-LD context in a list",
        "application/ld+json",
        b'{"@context": [{"p": "http://e/p"}, "http://127.0.0.1:{port}/c"], "@id": "http://e/a", "p": "x"}',
    ),
    _gsp(
        "JSON-LD context import",
        "application/ld+json",
        b'{"@context": {"@version": 1.1, "@import": "http://127.0.0.1:{port}/c"}, "@id": "http://e/a"}',
    ),
    _gsp(
        "nested remote JSON-LD context",
        "application/ld+json",
        b'{"@id": "http://e/a", "http://e/p": {"@context": "http://127.0.0.1:{port}/c", "@id": "http://e/b"}}',
    ),
    _gsp("Turtle that does not parse", "text/turtle", b"<http://e/a> <http://e/p"),
    _gsp("N-Triples that is not UTF-8", "application/n-triples", b'<http://e/a> <http://e/p> "\xff" .'),
    Case("a 20 kB query string", "GET", "/sparql", (414,), params={"query": "ASK {}" + " " * 20_000}),
    # path traversal: nothing outside the graph and the dumps is ever served
    *[
        Case(f"traversal {path}", "GET", path, (400, 404), absent="root:")
        for path in (
            "/page/id/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/page/..%2f..%2f..%2fetc%2fpasswd",
            "/data/id/..%2f..%2f..%2fetc%2fpasswd.ttl",
            "/data/%2e%2e/%2e%2e/etc/passwd.nt",
            "/download/..%2f..%2f..%2f..%2fetc%2fpasswd",
            "/download/%2e%2e%2fpyproject.toml",
            "/download/....//....//etc/passwd",
            "/static/..%2f..%2f..%2fsettings.py",
            "/class?iri=file:///etc/passwd",
        )
    ],
    # markup in what the pages echo back is escaped (stored labels: tests/test_web_security.py)
    *[
        Case(f"markup echoed by {path}", "GET", path, (200, 400, 404), absent="<script>alert(1)", in_html_only=True)
        for path in (
            "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
            "/checks?county=%3Cscript%3Ealert(1)%3C/script%3E",
            "/checks?as_of=%3Cscript%3Ealert(1)%3C/script%3E",
            "/page/id/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/class?iri=%3Cscript%3Ealert(1)%3C/script%3E",
            "/sparql?query=%3Cscript%3Ealert(1)%3C/script%3E",
        )
    ],
    # 6. bad parameters are the client's fault
    *[
        Case(f"{name} {value!r}", "GET", "/sparql", (400,), params={"query": "ASK {}", name: value}, says=name)
        for name in ("default-graph-uri", "named-graph-uri")
        for value in ("not an iri", "relative/path", "", "http://e/a b", "http://e/<x>", "http://[::1")
    ],
    Case(
        "a body larger than the limit",
        "PUT",
        "/store",
        (413,),
        params={"graph": GRAPH},
        body=b"#" * 1_100_000,
        headers={**AUTH, "Content-Type": "text/turtle"},
    ),
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    srv = start_server(tmp, env={"ANSVAR_UPDATE_TOKEN": TOKEN, "ANSVAR_UPDATE_LOG": str(tmp / "u.jsonl")})
    yield srv
    stop_server(srv)


FINGERPRINT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def _fingerprint(srv) -> str:
    r = httpx.get(srv.url + "/sparql", params={"query": FINGERPRINT}, timeout=60)
    assert r.status_code == 200
    rows = [(b["g"]["value"], b["n"]["value"]) for b in r.json()["results"]["bindings"]]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def _fill(value, port: int):
    if isinstance(value, bytes):
        return value.replace(b"{port}", str(port).encode())
    if isinstance(value, str):
        return value.replace("{port}", str(port))
    if isinstance(value, dict):
        return {k: _fill(v, port) for k, v in value.items()}
    return value


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_request(hostile, case):
    before = _fingerprint(hostile)
    listener = _Listener()
    try:
        with httpx.Client(base_url=hostile.url, timeout=60) as client:
            try:
                r = client.request(
                    case.method,
                    _fill(case.path, listener.port),
                    params=_fill(case.params, listener.port),
                    content=_fill(case.body, listener.port),
                    headers=case.headers,
                )
            except httpx.TransportError as err:
                pytest.fail(f"no answer, the connection broke: {err!r}")
            assert r.status_code in case.status, r.text[:300]
            assert case.says in r.text
            if not case.in_html_only or "html" in r.headers.get("content-type", ""):
                assert case.absent not in r.text
            assert r.headers["x-content-type-options"] == "nosniff"
            if r.headers.get("connection") != "close":
                # The same keep-alive connection serves the next request.
                assert client.get("/health").status_code == 200
        assert listener.connections == 0
    finally:
        listener.close()
    assert hostile.process.poll() is None, "the server died"
    assert httpx.get(hostile.url + "/health", timeout=30).status_code == 200
    assert _fingerprint(hostile) == before


def test_a_five_megabyte_query_string_gets_414_not_a_reset(hostile):
    """Too long for httpx to send: written on a raw socket, as a hostile client would."""
    before = _fingerprint(hostile)
    host, port = hostile.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.settimeout(30)
        try:
            sock.sendall(b"GET /sparql?query=" + b"x" * 5_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may stop reading once it has answered; the answer must be there
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 414"), answer[:200]
    assert b"POST" in answer
    assert _fingerprint(hostile) == before
