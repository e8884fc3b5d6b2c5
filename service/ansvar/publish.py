"""`ansvar publish --out DIR`: a static copy of the linked data that any web server or
open-data portal can host without running the service.

    DIR/index.html                      landing page
    DIR/download/…                      the dumps + manifest.json (+ index.html)
    DIR/catalog.ttl|.jsonld|.rdf        the DCAT-AP-SE record (validated; catalog.rdf is what the portal harvests)
    DIR/void.ttl                        the VoID description
    DIR/ontology/                       the ontology (Turtle; the HTML documentation of /ontology)
    DIR/page/<ns>/<rest>.html           one page per resource of id/, concept/, graph/
    DIR/data/<ns>/<rest>.<ext>          its RDF description (ttl, nt, jsonld, rdf)
    DIR/class/<prefix>-<name>.html      one page per class with its instances
    DIR/.htaccess                       303 redirects for /id/, /concept/, /graph/ on Apache

Links in the pages start with --base-url (default https://w3id.org/ansvar/).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .catalog import Publication, Publisher, dcat_graph, validate_record, void_graph
from .dumps import Manifest, write_dumps
from .namespaces import BASE, GRAPH_ONTOLOGY, class_slug
from .ontology_docs import ontology_page
from .query_files import page_query
from .render.environment import render
from .render.links import RDF_EXTENSIONS, Links, iri_for, split_own
from .render.pages import class_context, describe, render_class_page, render_resource_page, resource_context
from .render.strings import translator
from .store import GraphStore
from .validate import ValidationReport

__all__ = ["PublishFailed", "PublishResult", "describe_graph", "own_resources", "publish"]

_RDFLIB = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}


class PublishFailed(Exception):
    def __init__(self, report: ValidationReport):
        self.report = report
        super().__init__(
            f"the DCAT-AP-SE record breaks {len(report.violations)} constraint(s) of the DCAT-AP 3.0.1 "
            "and Sveriges dataportal shapes"
        )


@dataclass
class PublishResult:
    out: Path
    pages: int
    classes: int
    data_files: int
    dumps: int


def own_resources(store: GraphStore) -> list[str]:
    """Every IRI of id/, concept/ and graph/ the graph mentions (subject, object or graph name)."""
    rows = store.select(page_query("own_resources"))
    found = {r["x"]["value"] for r in rows} | {g for g in store.named_graphs() if split_own(g)}
    # Only IRIs a path can name (the service's own rule), so every link has a file.
    return sorted(i for i in found if _named_by_a_path(i))


def _named_by_a_path(iri: str) -> bool:
    own = split_own(iri)
    return own is not None and iri_for(*own) == iri


def publish(
    store: GraphStore,
    out: Path,
    base_url: str = BASE,
    contact_email: str | None = None,
    lang: str = "sv",
    publisher: Publisher | None = None,
) -> PublishResult:
    out.mkdir(parents=True, exist_ok=True)
    links = Links(base_url, static=True)
    manifest = write_dumps(store, out / "download", store_label="publish")
    _write_descriptions(store, out, manifest, Publication(base_url, contact_email, publisher or Publisher()))
    common = {"lang": lang, "t": translator(lang), "links": links, "root": links.base}
    downloads = render("downloads.html", manifest=manifest, **common)
    (out / "download" / "index.html").write_text(downloads, encoding="utf-8")
    pages, data_files = _write_resources(store, out, lang, links)
    classes = _write_classes(store, out, lang, links)
    (out / "index.html").write_text(
        render("publish_index.html", manifest=manifest, classes=classes, **common), encoding="utf-8"
    )
    _write_ontology(store, out / "ontology")
    (out / ".htaccess").write_text(_htaccess(urlparse(links.base).path or "/"), encoding="utf-8")
    return PublishResult(out, pages, len(classes), data_files, len(manifest.files))


def _write_descriptions(store: GraphStore, out: Path, manifest: Manifest, pub: Publication) -> None:
    """The DCAT-AP-SE record (in three syntaxes, refused if it breaks the DCAT-AP shapes) and VoID."""
    record = dcat_graph(store, manifest, pub, manifest.created)
    report = validate_record(record)
    if report.violations:
        raise PublishFailed(report)
    for ext, fmt in _RDFLIB.items():
        (out / f"catalog.{ext}").write_bytes(record.serialize(format=fmt, encoding="utf-8"))
    (out / "void.ttl").write_bytes(void_graph(store, manifest, pub).serialize(format="turtle", encoding="utf-8"))


def _write_resources(store: GraphStore, out: Path, lang: str, links: Links) -> tuple[int, int]:
    """A page and the RDF descriptions of every own resource; (pages, data files) written."""
    pages = data_files = 0
    for iri in own_resources(store):
        own = split_own(iri)
        context = resource_context(store, iri, lang, links)
        if own is None or context is None:
            continue
        ns, rest = own
        _write(out / "page" / ns / f"{rest}.html", render_resource_page(context).encode("utf-8"))
        pages += 1
        for ext, media in RDF_EXTENSIONS.items():
            _write(out / "data" / ns / f"{rest}.{ext}", describe(store, iri, media))
            data_files += 1
    return pages, data_files


def _write_classes(store: GraphStore, out: Path, lang: str, links: Links) -> list[dict[str, Any]]:
    """A page per class with instances; the classes for the landing page, the largest first."""
    classes = []
    for row in store.select(page_query("void_classes")):
        iri = row["class"]["value"]
        context = class_context(store, iri, lang, links)
        if context is None:
            continue
        _write(out / "class" / f"{class_slug(iri)}.html", render_class_page(context).encode("utf-8"))
        classes.append(
            {
                "iri": iri,
                "label": context["label_sv"] if lang == "sv" else context["label_en"] or context["label_sv"],
                "count": int(row["entities"]["value"]),
            }
        )
    classes.sort(key=lambda c: -c["count"])
    return classes


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)


def _write_ontology(store: GraphStore, directory: Path) -> None:
    """The ontology as Turtle, and the HTML documentation the service shows at /ontology
    (made by the same function: this is that page, not a second one)."""
    directory.mkdir(parents=True, exist_ok=True)
    _write(directory / "ansvar.ttl", describe_graph(store, str(GRAPH_ONTOLOGY)))
    _write(directory / "index.html", ontology_page(store).encode("utf-8"))


def describe_graph(store: GraphStore, graph_iri: str) -> bytes:
    return describe(store, graph_iri, "text/turtle")


def _htaccess(rewrite_base: str) -> str:
    """Conneg for Apache: the same 303 pattern as the service (see README "Linked data")."""
    lines = [
        "# Ansvarsgrafen static publication: dereference /id/, /concept/, /graph/ (303 See Other).",
        "Options -MultiViews",
        "RewriteEngine On",
        f"RewriteBase {rewrite_base}",
        "AddType text/turtle .ttl",
        "AddType application/n-triples .nt",
        "AddType application/ld+json .jsonld",
        "AddType application/rdf+xml .rdf",
    ]
    for ext, media in RDF_EXTENSIONS.items():
        pattern = media.replace("+", "\\+")
        lines += [
            f"RewriteCond %{{HTTP_ACCEPT}} {pattern}",
            f"RewriteRule ^(id|concept|graph)/(.+)$ data/$1/$2.{ext} [R=303,L]",
        ]
    lines += ["RewriteRule ^(id|concept|graph)/(.+)$ page/$1/$2.html [R=303,L]", ""]
    return "\n".join(lines)
