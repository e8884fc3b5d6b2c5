"""Links, cross-origin rules, API docs and security headers of the web app (real server)."""

from __future__ import annotations

import re

import httpx
import pytest
from conftest import start_server, stop_server

TOKEN = "web-security-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COUNTY = "https://w3id.org/ansvar/id/county/10"
ORIGIN = {"Origin": "https://elsewhere.example"}


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("websec")
    srv = start_server(tmp, env={"ANSVAR_UPDATE_TOKEN": TOKEN, "ANSVAR_UPDATE_LOG": str(tmp / "u.jsonl")})
    yield srv
    stop_server(srv)


def test_only_web_iris_become_links(writable):
    graph = "https://w3id.org/ansvar/graph/source/links-test"
    turtle = (
        f"<{COUNTY}> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <javascript:alert(document.domain)> , "
        "<data:text/html,hi> , <https://example.org/more> ."
    )
    r = writable.put(
        "/store", params={"graph": graph}, content=turtle.encode(), headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert r.status_code == 200, r.text
    page = writable.get("/page/id/county/10").text
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    assert "javascript:alert(document.domain)" in page  # shown, as text
    assert 'href="https://example.org/more"' in page
    assert writable.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 200


def test_markup_in_labels_is_rendered_as_text(writable):
    graph = "https://w3id.org/ansvar/graph/source/markup-test"
    label = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    turtle = f'<{COUNTY}> <http://www.w3.org/2004/02/skos/core#hiddenLabel> "{label}"@sv .'
    r = writable.put(
        "/store", params={"graph": graph}, content=turtle.encode(), headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert r.status_code == 200, r.text
    for path in ("/page/id/county/10", "/page/graph/source/markup-test"):
        page = writable.get(path).text
        assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in writable.get("/page/id/county/10").text
    assert writable.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 200


def _preflight(srv, path, method, headers):
    return httpx.options(
        srv.url + path,
        headers={**ORIGIN, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers},
    )


def test_cross_origin_reads_are_allowed(writable):
    pre = _preflight(writable, "/sparql", "POST", "content-type")
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == "*"
    r = writable.get("/sparql", params={"query": "ASK {}"}, headers=ORIGIN)
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers


@pytest.mark.parametrize(
    "path,method,headers",
    [
        ("/store", "POST", "content-type"),
        ("/store", "PUT", "authorization,content-type"),
        ("/store", "DELETE", "authorization"),
        ("/sparql", "POST", "authorization,content-type"),
        ("/sparql", "POST", "authorization"),
    ],
)
def test_cross_origin_writes_are_not_allowed(writable, path, method, headers):
    pre = _preflight(writable, path, method, headers)
    assert pre.status_code >= 400 or "access-control-allow-origin" not in pre.headers
    allowed = pre.headers.get("access-control-allow-headers", "").lower()
    assert "authorization" not in allowed and "*" not in allowed


def test_store_answers_carry_no_cors_headers(writable):
    r = writable.get("/store", params={"graph": "https://w3id.org/ansvar/graph/reference"}, headers=ORIGIN)
    assert "access-control-allow-origin" not in r.headers


def test_api_docs_come_from_this_server(writable):
    page = writable.get("/api/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert writable.get(source).status_code == 200, source
    assert writable.get("/openapi.json").json()["info"]["title"] == "Ansvarsgrafen"


@pytest.mark.parametrize(
    "path,headers",
    [
        ("/", {}),
        ("/sparql", {"Accept": "text/html"}),
        ("/sparql?query=ASK%20%7B%7D", {}),
        ("/page/id/county/10", {}),
        ("/data/id/county/10.ttl", {}),
        ("/download/", {}),
        ("/api/docs", {}),
        ("/static/yasgui/yasgui.min.js", {}),
        ("/no/such/page", {}),
        ("/sparql?query=SELECT", {}),
    ],
)
def test_security_headers_on_every_response(writable, path, headers):
    r = writable.get(path, headers=headers)
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "'unsafe-eval'" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"]
