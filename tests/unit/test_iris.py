from __future__ import annotations

import pytest
from ansvar.namespaces import BASE, class_slug, compact, is_safe_iri
from ansvar.render.links import THIS, Links, bind_this, iri_for, ontology_anchor, split_own


@pytest.mark.parametrize("iri", [f"{BASE}id/county/10", "urn:x:y", "http://example.org/a%20b"])
def test_safe_iris(iri: str) -> None:
    assert is_safe_iri(iri)


@pytest.mark.parametrize("text", ["", "no-scheme", "http://a b", "http://a>b", 'http://a"b', "http://a\x00"])
def test_unsafe_iris(text: str) -> None:
    assert not is_safe_iri(text)


def test_class_slug() -> None:
    assert class_slug(f"{BASE}def#Actor") == "ans-Actor"
    assert class_slug("http://example.org/x/Y") == "http-example-org-x-Y"


def test_compact() -> None:
    assert compact(f"{BASE}id/org/x") == "id:org/x"
    assert compact("http://example.org/") == "http://example.org/"


def test_request_paths_name_our_iris_only() -> None:
    assert iri_for("id", "county/10") == f"{BASE}id/county/10"
    assert iri_for("id", "a/../b") is None
    assert iri_for("def", "Actor") is None
    assert iri_for("id", "a b") is None
    assert split_own(f"{BASE}concept/task/sfi") == ("concept", "task/sfi")
    assert split_own(f"{BASE}def#Actor") is None


def test_bind_this_refuses_what_is_not_an_iri() -> None:
    assert bind_this(f"SELECT * WHERE {{ {THIS} ?p ?o }}", "urn:a") == "SELECT * WHERE { <urn:a> ?p ?o }"
    with pytest.raises(ValueError):
        bind_this(THIS, "urn:a> . ?s ?p <urn:b")


def test_links_live_and_static() -> None:
    iri = f"{BASE}id/county/10"
    assert Links().page(iri) == "/page/id/county/10"
    assert Links().page(iri, "en") == "/page/id/county/10?lang=en"
    assert Links("https://example.org/x", static=True).page(iri) == "https://example.org/x/page/id/county/10.html"
    assert Links().page(f"{BASE}def#Actor") == "/ontology#Actor"
    assert ontology_anchor(f"{BASE}def#Actor") == "Actor"
    assert Links().page("http://example.org/") == "http://example.org/"
