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
from urllib.parse import urlparse

from .catalog import Publication, Publisher, dcat_graph, validate_record, void_graph
from .dumps import write_dumps
from .namespaces import BASE, GRAPH_ONTOLOGY
from .query_files import page_query
from .store import GraphStore
from .validate import ValidationReport
from .web.i18n import translator
from .web.iris import RDF_EXTENSIONS, Links, class_slug, iri_for, split_own
from .web.resources import class_context, describe, page_environment, render_page, resource_context

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
    return sorted(i for i in found if split_own(i) and iri_for(*split_own(i)) == i)


def publish(
    store: GraphStore,
    out: Path,
    base_url: str = BASE,
    contact_email: str | None = None,
    lang: str = "sv",
    app_factory=None,
    publisher: Publisher | None = None,
) -> PublishResult:
    out.mkdir(parents=True, exist_ok=True)
    pub = Publication(base_url, contact_email, publisher or Publisher())
    links = Links(base_url, static=True)
    env = page_environment()

    manifest = write_dumps(store, out / "download", store_label="publish")
    record = dcat_graph(store, manifest, pub, manifest.created)
    report = validate_record(record)
    if report.violations:
        raise PublishFailed(report)
    for ext, fmt in _RDFLIB.items():
        (out / f"catalog.{ext}").write_bytes(record.serialize(format=fmt, encoding="utf-8"))
    (out / "void.ttl").write_bytes(void_graph(store, manifest, pub).serialize(format="turtle", encoding="utf-8"))

    common = {"lang": lang, "t": translator(lang), "links": links, "root": links.base}
    (out / "download" / "index.html").write_text(
        env.get_template("downloads.html").render(manifest=manifest, **common), encoding="utf-8"
    )

    pages = data_files = 0
    for iri in own_resources(store):
        ns, rest = split_own(iri)
        context = resource_context(store, iri, lang, links)
        if context is None:
            continue
        _write(out / "page" / ns / f"{rest}.html", render_page(env, context).encode("utf-8"))
        pages += 1
        for ext, media in RDF_EXTENSIONS.items():
            _write(out / "data" / ns / f"{rest}.{ext}", describe(store, iri, media))
            data_files += 1

    classes = []
    for row in store.select(page_query("void_classes")):
        iri = row["class"]["value"]
        context = class_context(store, iri, lang, links)
        if context is None:
            continue
        _write(
            out / "class" / f"{class_slug(iri)}.html",
            env.get_template("class.html").render(**context).encode("utf-8"),
        )
        classes.append(
            {
                "iri": iri,
                "label": context["label_sv"] if lang == "sv" else context["label_en"] or context["label_sv"],
                "count": int(row["entities"]["value"]),
            }
        )
    classes.sort(key=lambda c: -c["count"])
    (out / "index.html").write_text(
        env.get_template("publish_index.html").render(manifest=manifest, classes=classes, **common),
        encoding="utf-8",
    )

    _write_ontology(store, out / "ontology", app_factory)
    (out / ".htaccess").write_text(_htaccess(urlparse(links.base).path or "/"), encoding="utf-8")
    return PublishResult(out, pages, len(classes), data_files, len(manifest.files))


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)


def _write_ontology(store: GraphStore, directory: Path, app_factory) -> None:
    """The ontology as Turtle, and the HTML documentation the service shows at /ontology
    (built by its own module: this copies it, it does not make a second one)."""
    directory.mkdir(parents=True, exist_ok=True)
    _write(directory / "ansvar.ttl", describe_graph(store, str(GRAPH_ONTOLOGY)))
    if app_factory is None:
        return
    from fastapi.testclient import TestClient

    with TestClient(app_factory()) as client:
        response = client.get("/ontology", headers={"Accept": "text/html"})
        if response.status_code == 200 and "html" in response.headers.get("content-type", ""):
            _write(directory / "index.html", response.content)


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
