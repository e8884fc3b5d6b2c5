"""The rendering module (ansvar.render): one Jinja environment, one table of sv/en strings used
one way, and the page view models read from a store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ansvar.render import strings as strings_module
from ansvar.render.environment import TEMPLATES, environment
from ansvar.render.links import Links
from ansvar.render.pages import picture_links, render_resource_page, resource_context
from ansvar.render.strings import LANGUAGES, strings, translator
from ansvar.settings import Settings
from ansvar.store.embedded import EmbeddedStore
from ansvar.validate import SEVERITIES
from ansvar.web.app import create_app

from .conftest import ANS, ID

TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))
NAMED_KEY = re.compile(r"""\bt\(\s*['"]([a-z_]+)['"]\s*\)""")
OTHER_CONVENTION = re.compile(r"\bt(\.[a-z_]+|\[)")


def test_the_templates_are_found() -> None:
    assert {"resource.html", "checks.html", "class.html"} <= {p.name for p in TEMPLATE_FILES}


@pytest.mark.parametrize("template", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_name_strings_one_way(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert OTHER_CONVENTION.findall(text) == [], "use t('key'), not t.key or t[key]"
    unknown = sorted({key for key in NAMED_KEY.findall(text) if key not in strings()["sv"]})
    assert unknown == [], f"no such key in strings.toml: {unknown}"


def test_the_convention_check_sees_the_other_forms() -> None:
    assert OTHER_CONVENTION.findall("{{ t.title }} {{ t[s] }}") == [".title", "["]
    assert NAMED_KEY.findall("{{ t('as_of') }} {{ t(key) }}") == ["as_of"]


def test_every_severity_has_its_string() -> None:
    for lang in LANGUAGES:
        t = translator(lang)
        assert all(t(f"severity_{s}") != f"severity_{s}" for s in SEVERITIES)


def test_the_languages_differ_and_an_unknown_key_reads_as_itself() -> None:
    assert (translator("sv")("search"), translator("en")("search")) == ("Sök", "Search")
    assert translator("en")("no_such_key") == "no_such_key"


def test_a_string_without_both_languages_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "strings.toml"
    broken.write_text('[search]\nsv = "Sök"\nen = "Search"\n\n[show]\nsv = "Visa"\n', encoding="utf-8")
    monkeypatch.setattr(strings_module, "STRINGS_FILE", broken)
    strings.cache_clear()
    try:
        with pytest.raises(ValueError, match="show"):
            strings()
    finally:
        monkeypatch.undo()
        strings.cache_clear()
    assert strings()["en"]["show"] == "Show"


def test_the_app_renders_with_the_one_environment(tiny_store: EmbeddedStore) -> None:
    app = create_app(tiny_store, Settings(isolate_queries=False))
    assert app.state.templates is environment()
    assert environment().autoescape("resource.html") is True  # HTML templates escape what they show


def test_a_resource_page_from_the_store(tiny_store: EmbeddedStore) -> None:
    context = resource_context(tiny_store, f"{ID}county/10", "en", Links("/"))
    assert context is not None
    assert context["label_sv"] == "Blekinge län" and context["label_en"] is None
    assert [t.value for t in context["types"]] == [f"{ANS}County"]
    assert ("picture_map", "/pictures/map") in context["pictures"]
    page = render_resource_page(context)
    assert "Blekinge län" in page and '<html lang="en">' in page


def test_static_links_point_at_files(tiny_store: EmbeddedStore) -> None:
    context = resource_context(tiny_store, f"{ID}county/10", "sv", Links("https://example.org/copy", static=True))
    assert context is not None
    assert context["links"].page(f"{ID}org/x") == "https://example.org/copy/page/id/org/x.html"


def test_nothing_known_is_no_page(tiny_store: EmbeddedStore) -> None:
    assert resource_context(tiny_store, f"{ID}county/99", "sv", Links("/")) is None


def test_pictures_of_an_agreement_and_of_an_actor() -> None:
    agreement = f"{ID}agreement/blekinge-2016"
    assert picture_links(agreement, {f"{ANS}Agreement"}, {}) == [
        ("picture_network", "/pictures/network?agreement=blekinge-2016"),
        ("picture_timeline", "/pictures/timeline"),
    ]
    actor = picture_links(f"{ID}org/x", {f"{ANS}Actor"}, {f"{ANS}area": [f"{ID}county/10"]})
    assert actor == [
        ("picture_matrix", "/pictures/matrix?county=10"),
        ("picture_timeline", "/pictures/timeline?county=10"),
    ]
