"""The DCAT-AP-SE 3.0.1 catalogue record: the fixed part from record.ttl, and what the code
computes (publisher, contact e-mail, dates, temporal coverage, one distribution per dump).

Every node the portal needs to tell apart (catalogue, dataset, distributions, services,
agents, contact point, checksums) has an absolute IRI: no blank nodes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD
from rdflib.term import Node

from ..dumps import DumpFile, Manifest
from ..namespaces import PREFIXES, SD, VOID
from ..query_files import page_query
from ..store import GraphStore
from .publisher import (
    ADMS_PUBLISHER_TYPE,
    CATALOG_DOC,
    PUBLISHER_PLACEHOLDER,
    SITE_PLACEHOLDER,
    Publication,
    publisher_types,
)

__all__ = [
    "CATALOG",
    "CONTACT",
    "DATASET",
    "SPDX",
    "VCARD",
    "bind_prefixes",
    "dcat_graph",
    "from_template",
    "temporal_start",
]

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
_IANA = "http://www.iana.org/assignments/media-types/"
_LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")

CATALOG = URIRef(CATALOG_DOC + "#catalog")
DATASET = URIRef(CATALOG_DOC + "#dataset")
CONTACT = URIRef(CATALOG_DOC + "#contact")

_HERE = Path(__file__).parent


def bind_prefixes(g: Graph) -> Graph:
    prefixes = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "vcard": VCARD, "spdx": SPDX, "skos": SKOS}
    for prefix, ns in {**prefixes, "void": VOID, "sd": SD, "xsd": XSD}.items():
        g.bind(prefix, ns)
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, Namespace(iri))
    g.bind("cat", Namespace(CATALOG_DOC + "#"))
    return g


@cache
def _template(name: str) -> Graph:
    return Graph().parse(_HERE / name, format="turtle")


def from_template(name: str, pub: Publication) -> Graph:
    """A Turtle file of this package with its placeholders replaced for this publication."""

    def place(term: Node) -> Node:
        if term == PUBLISHER_PLACEHOLDER:
            return pub.publisher.iri
        if isinstance(term, URIRef) and str(term).startswith(SITE_PLACEHOLDER):
            return pub.url(str(term).removeprefix(SITE_PLACEHOLDER))
        return term

    g = bind_prefixes(Graph())
    for s, p, o in _template(name):
        g.add((place(s), place(p), place(o)))
    return g


def temporal_start(store: GraphStore) -> str | None:
    rows = store.select(page_query("temporal_coverage"))
    return rows[0]["start"]["value"] if rows and "start" in rows[0] else None


def _add_publisher(g: Graph, pub: Publication) -> None:
    """The publishing organisation, identified by its organisation number; the types of every agent."""
    publisher = pub.publisher
    if publisher.orgnr:
        agent = publisher.iri
        g.add((agent, RDF.type, FOAF.Organization))
        g.add((agent, RDF.type, FOAF.Agent))
        g.add((agent, FOAF.name, Literal(publisher.name, lang="sv")))
        g.add((agent, DCTERMS.identifier, Literal(publisher.orgnr)))
        g.add((agent, DCTERMS.type, publisher.type_iri))
    kinds = {str(kind) for agent in g.subjects(RDF.type, FOAF.Agent) for kind in g.objects(agent, DCTERMS.type)}
    for kind in kinds:
        concept = publisher_types().get(kind.removeprefix(ADMS_PUBLISHER_TYPE))
        if concept is not None:
            g += concept
    if pub.contact_email:
        g.add((CONTACT, VCARD.hasEmail, URIRef("mailto:" + pub.contact_email)))


def _add_dump(g: Graph, f: DumpFile, pub: Publication, modified: Literal) -> None:
    dist = URIRef(CATALOG_DOC + "#distribution-" + f.name.replace(".", "-"))
    g.add((DATASET, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    for lang, title, what in (
        ("sv", f"Hela grafen som {f.title}", "kvadrupler i namngivna grafer" if f.named_graphs else "tripplar"),
        ("en", f"The whole graph as {f.title}", "quads in named graphs" if f.named_graphs else "triples"),
    ):
        g.add((dist, DCTERMS.title, Literal(title, lang=lang)))
        g.add((dist, DCTERMS.description, Literal(f"{f.triples} {what}.", lang=lang)))
    g.add((dist, DCAT.accessURL, pub.url("download/")))
    download = pub.url("download/" + f.name)
    g.add((dist, DCAT.downloadURL, download))
    g.add((download, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Resource")))
    media = URIRef(_IANA + f.media_type)
    g.add((dist, DCAT.mediaType, media))
    g.add((media, RDF.type, DCTERMS.MediaType))
    g.add((dist, DCTERMS.format, URIRef(f.file_type_iri)))
    g.add((URIRef(f.file_type_iri), RDF.type, DCTERMS.MediaTypeOrExtent))
    if f.gzipped:
        g.add((dist, DCAT.compressFormat, URIRef(_IANA + "application/gzip")))
    g.add((dist, DCAT.byteSize, Literal(f.bytes, datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(str(dist) + "-sha256")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(f.sha256, datatype=XSD.hexBinary)))
    g.add((dist, DCTERMS.license, _LICENCE))
    g.add((dist, DCTERMS.modified, modified))


def dcat_graph(store: GraphStore, manifest: Manifest | None, pub: Publication, modified: str) -> Graph:
    """The DCAT-AP-SE record of the graph: dataset, distributions, SPARQL service, publisher."""
    g = from_template("record.ttl", pub)
    _add_publisher(g, pub)
    date = Literal(modified, datatype=XSD.date)
    g.add((CATALOG, DCTERMS.modified, date))
    g.add((DATASET, DCTERMS.modified, date))
    start = temporal_start(store)
    if start:
        period = URIRef(CATALOG_DOC + "#temporal-coverage")
        g.add((DATASET, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
    for f in manifest.files if manifest else ():
        _add_dump(g, f, pub, date)
    return g
