"""The dataset description: a DCAT-AP-SE catalogue record and a VoID description,
and their validation against the official DCAT-AP 3.0.0 SHACL shapes (shapes/dcat-ap/).

The record's own IRIs are fragments of https://w3id.org/ansvar/catalog (served at
/catalog); the VoID description is served at /void and /.well-known/void.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from .dumps import LICENCE, Manifest, store_label, write_dumps
from .load import DCAT_AP_SHAPES_DIR, parse_turtle
from .namespaces import BASE, ID, ONTOLOGY_IRI, PREFIXES, SD, VOID, class_slug
from .paths import ProjectPaths, default_paths
from .query_files import page_query
from .store import GraphStore
from .validate import ValidationReport, run_shacl

__all__ = [
    "ADMS_PUBLISHER_TYPE",
    "CATALOG",
    "CATALOG_DOC",
    "CONTACT",
    "DATASET",
    "EU",
    "IANA",
    "KEYWORDS",
    "LICENCE_IRI",
    "PUBLISHER",
    "Publication",
    "SPARQL_DISTRIBUTION",
    "SPARQL_SERVICE",
    "SPDX",
    "THEMES",
    "VCARD",
    "dcat_ap_shapes",
    "dcat_graph",
    "describe_dataset",
    "temporal_start",
    "validate_dcat",
    "void_graph",
]

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"

CATALOG_DOC = BASE + "catalog"
CATALOG = URIRef(CATALOG_DOC + "#catalog")
DATASET = URIRef(CATALOG_DOC + "#dataset")
PUBLISHER = URIRef(CATALOG_DOC + "#publisher")
CONTACT = URIRef(CATALOG_DOC + "#contact")
SPARQL_SERVICE = URIRef(CATALOG_DOC + "#sparql")
SPARQL_DISTRIBUTION = URIRef(CATALOG_DOC + "#distribution-sparql")
LICENCE_IRI = URIRef(LICENCE)

THEMES = {  # EU data themes (DCAT-AP-SE uses the EU vocabulary)
    "SOCI": ("Befolkning och samhälle", "Population and society"),
    "GOVE": ("Regeringen och den offentliga sektorn", "Government and public sector"),
    "REGI": ("Regioner och städer", "Regions and cities"),
}
KEYWORDS = {
    "sv": (
        "flyktingmottagande",
        "etablering",
        "integration",
        "nyanlända",
        "ansvarsfördelning",
        "länsstyrelser",
        "regionala överenskommelser",
        "länkade data",
    ),
    "en": (
        "refugee reception",
        "integration",
        "newly arrived",
        "responsibilities",
        "county administrative boards",
        "regional agreements",
        "linked data",
    ),
}


@dataclass(frozen=True)
class Publication:
    """Where the description points: the public base URL of the service or static copy."""

    base_url: str = BASE
    contact_email: str | None = None  # a functional mailbox, never a person's

    def url(self, path: str) -> URIRef:
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return URIRef(base + path.lstrip("/"))


def _bind(g: Graph) -> Graph:
    for prefix, ns in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("spdx", SPDX),
        ("skos", SKOS),
        ("void", VOID),
        ("sd", SD),
        ("xsd", XSD),
    ):
        g.bind(prefix, ns)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns))
    return g


def _concept(g: Graph, iri: str, scheme: str, sv: str, en: str, kind: URIRef | None = None) -> URIRef:
    node = URIRef(iri)
    g.add((node, RDF.type, kind or SKOS.Concept))
    if kind is None:
        g.add((node, SKOS.inScheme, URIRef(scheme)))
    g.add((node, SKOS.prefLabel, Literal(sv, lang="sv")))
    g.add((node, SKOS.prefLabel, Literal(en, lang="en")))
    return node


def _web(g: Graph, url: URIRef) -> URIRef:
    """A URL as DCAT-AP wants it: an rdfs:Resource."""
    g.add((url, RDF.type, RDFS.Resource))
    return url


def _both(g: Graph, node, prop, sv: str, en: str) -> None:
    g.add((node, prop, Literal(sv, lang="sv")))
    g.add((node, prop, Literal(en, lang="en")))


def _licence(g: Graph) -> URIRef:
    g.add((LICENCE_IRI, RDF.type, DCTERMS.LicenseDocument))
    g.add(
        (
            LICENCE_IRI,
            DCTERMS.type,
            _concept(
                g,
                "http://purl.org/adms/licencetype/Attribution",
                "http://purl.org/adms/licencetype/1.1",
                "Erkännande",
                "Attribution",
            ),
        )
    )
    g.add(
        (
            LICENCE_IRI,
            DCTERMS.title,
            Literal("Creative Commons Erkännande 4.0 Internationell", lang="sv"),
        )
    )
    g.add(
        (
            LICENCE_IRI,
            DCTERMS.title,
            Literal("Creative Commons Attribution 4.0 International", lang="en"),
        )
    )
    g.add((LICENCE_IRI, SKOS.exactMatch, URIRef(EU + "licence/CC_BY_4_0")))
    return LICENCE_IRI


def temporal_start(store: GraphStore) -> str | None:
    rows = store.select(page_query("temporal_coverage"))
    return rows[0]["start"]["value"] if rows and "start" in rows[0] else None


def dcat_graph(store: GraphStore, manifest: Manifest | None, pub: Publication, modified: str) -> Graph:
    """The DCAT-AP-SE catalogue record of the graph (dataset, distributions, SPARQL service)."""
    g = _bind(Graph())
    licence = _licence(g)
    public = _concept(
        g,
        EU + "access-right/PUBLIC",
        EU + "access-right",
        "Publik",
        "Public",
        DCTERMS.RightsStatement,
    )

    # The publisher is the project that compiles the graph: a real agent, described here.
    g.add((PUBLISHER, RDF.type, FOAF.Organization))
    g.add((PUBLISHER, RDF.type, FOAF.Agent))
    _both(g, PUBLISHER, FOAF.name, "Ansvarsgrafen (projektet)", "Ansvarsgrafen (the project)")
    g.add((PUBLISHER, FOAF.homepage, pub.url("")))
    g.add(
        (
            PUBLISHER,
            DCTERMS.type,
            _concept(
                g,
                str(ADMS_PUBLISHER_TYPE.NonProfitOrganisation),
                "http://purl.org/adms/publishertype/1.0",
                "Ideell organisation",
                "Non-profit organisation",
            ),
        )
    )

    # A functional contact point of the project, never a person.
    g.add((CONTACT, RDF.type, VCARD.Organization))
    g.add((CONTACT, RDF.type, VCARD.Kind))
    g.add((CONTACT, VCARD.fn, Literal("Ansvarsgrafen – förvaltning", lang="sv")))
    g.add((CONTACT, VCARD.fn, Literal("Ansvarsgrafen – maintainers", lang="en")))
    g.add((CONTACT, VCARD.hasURL, pub.url("")))
    if pub.contact_email:
        g.add((CONTACT, VCARD.hasEmail, URIRef("mailto:" + pub.contact_email)))

    g.add((CATALOG, RDF.type, DCAT.Catalog))
    _both(g, CATALOG, DCTERMS.title, "Ansvarsgrafen – datakatalog", "Ansvarsgrafen – data catalogue")
    _both(
        g,
        CATALOG,
        DCTERMS.description,
        "Katalog över ansvarsgrafen: länkade data om vem som ansvarar för vad i svenskt "
        "flyktingmottagande och etablering.",
        "Catalogue of the responsibility graph: linked data on who is responsible for what in "
        "Swedish refugee reception and integration.",
    )
    g.add((CATALOG, DCTERMS.publisher, PUBLISHER))
    g.add((CATALOG, DCTERMS.license, licence))
    g.add((CATALOG, FOAF.homepage, pub.url("")))
    g.add((CATALOG, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
    g.add((CATALOG, DCAT.dataset, DATASET))
    g.add((CATALOG, DCAT.service, SPARQL_SERVICE))
    theme_scheme = URIRef(EU + "data-theme")
    g.add((CATALOG, DCAT.themeTaxonomy, theme_scheme))
    g.add((theme_scheme, RDF.type, SKOS.ConceptScheme))
    _both(g, theme_scheme, DCTERMS.title, "Datateman", "Data theme")
    for code in ("SWE", "ENG"):
        lang = _concept(
            g,
            EU + "language/" + code,
            EU + "language",
            *(("svenska", "Swedish") if code == "SWE" else ("engelska", "English")),
            DCTERMS.LinguisticSystem,
        )
        g.add((CATALOG, DCTERMS.language, lang))
        g.add((DATASET, DCTERMS.language, lang))
    sweden = _concept(g, EU + "country/SWE", EU + "country", "Sverige", "Sweden", DCTERMS.Location)
    g.add((CATALOG, DCTERMS.spatial, sweden))

    g.add((DATASET, RDF.type, DCAT.Dataset))
    _both(
        g,
        DATASET,
        DCTERMS.title,
        "Ansvarsgrafen: ansvar i flyktingmottagande och etablering",
        "Responsibility graph: responsibilities in refugee reception and integration",
    )
    _both(
        g,
        DATASET,
        DCTERMS.description,
        "Vem ansvarar för vad i svenskt flyktingmottagande och etablering: statliga myndigheter, "
        "länsstyrelser, regioner, kommuner och andra aktörer, deras ansvar (uppgift, typ av "
        "uppdrag, målgrupp, område, rättslig grund, period) med källdokument och citat, samt "
        "författningar, regionala överenskommelser och samverkansorgan.",
        "Who is responsible for what in Swedish refugee reception and integration: national "
        "agencies, county administrative boards, regions, municipalities and other actors, their "
        "responsibilities (task, kind of duty, target group, territory, legal basis, period) with "
        "source document and quote, and statutes, regional agreements and collaboration bodies.",
    )
    g.add((DATASET, DCTERMS.identifier, Literal(BASE)))
    g.add((DATASET, DCTERMS.publisher, PUBLISHER))
    g.add((DATASET, DCAT.contactPoint, CONTACT))
    g.add((DATASET, DCAT.landingPage, pub.url("")))
    g.add((pub.url(""), RDF.type, FOAF.Document))
    g.add((DATASET, DCTERMS.accessRights, public))
    g.add((DATASET, DCTERMS.conformsTo, ONTOLOGY_IRI))
    g.add((ONTOLOGY_IRI, RDF.type, DCTERMS.Standard))
    g.add((ONTOLOGY_IRI, DCTERMS.title, Literal("Ansvarsgrafens ontologi", lang="sv")))
    g.add((DATASET, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
    for code, (sv, en) in THEMES.items():
        g.add((DATASET, DCAT.theme, _concept(g, EU + "data-theme/" + code, EU + "data-theme", sv, en)))
    for lang, words in KEYWORDS.items():
        for word in words:
            g.add((DATASET, DCAT.keyword, Literal(word, lang=lang)))
    g.add((DATASET, DCTERMS.spatial, sweden))
    g.add((DATASET, DCTERMS.spatial, ID["country/se"]))
    g.add((ID["country/se"], RDF.type, DCTERMS.Location))
    g.add(
        (
            DATASET,
            DCTERMS.accrualPeriodicity,
            _concept(
                g,
                EU + "frequency/IRREG",
                EU + "frequency",
                "oregelbunden",
                "irregular",
                DCTERMS.Frequency,
            ),
        )
    )
    start = temporal_start(store)
    if start:
        period = URIRef(CATALOG_DOC + "#temporal-coverage")
        g.add((DATASET, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))

    for f in manifest.files if manifest else ():
        dist = URIRef(CATALOG_DOC + "#distribution-" + f.name.replace(".", "-"))
        g.add((DATASET, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        _both(g, dist, DCTERMS.title, f"Hela grafen som {f.title}", f"The whole graph as {f.title}")
        what = "kvadrupler i namngivna grafer" if f.named_graphs else "tripplar"
        what_en = "quads in named graphs" if f.named_graphs else "triples"
        _both(g, dist, DCTERMS.description, f"{f.triples} {what}.", f"{f.triples} {what_en}.")
        g.add((dist, DCAT.accessURL, _web(g, pub.url("download/"))))
        g.add((dist, DCAT.downloadURL, _web(g, pub.url("download/" + f.name))))
        media = URIRef(IANA + f.media_type)
        g.add((dist, DCAT.mediaType, media))
        g.add((media, RDF.type, DCTERMS.MediaType))
        file_type = URIRef(f.file_type_iri)
        g.add((dist, DCTERMS.format, file_type))
        g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        if f.gzipped:
            gz = URIRef(IANA + "application/gzip")
            g.add((dist, DCAT.compressFormat, gz))
            g.add((gz, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCAT.byteSize, Literal(f.bytes, datatype=XSD.nonNegativeInteger)))
        checksum = BNode()
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
        g.add((checksum, SPDX.checksumValue, Literal(f.sha256, datatype=XSD.hexBinary)))
        g.add((dist, DCTERMS.license, licence))
        g.add((dist, DCTERMS.modified, Literal(modified, datatype=XSD.date)))

    endpoint = _web(g, pub.url("sparql"))
    g.add((SPARQL_SERVICE, RDF.type, DCAT.DataService))
    _both(
        g,
        SPARQL_SERVICE,
        DCTERMS.title,
        "Ansvarsgrafens SPARQL-ändpunkt",
        "Ansvarsgrafen SPARQL endpoint",
    )
    g.add((SPARQL_SERVICE, DCAT.endpointURL, endpoint))
    g.add((SPARQL_SERVICE, DCAT.endpointDescription, endpoint))
    g.add((SPARQL_SERVICE, DCAT.servesDataset, DATASET))
    g.add((SPARQL_SERVICE, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((URIRef("https://www.w3.org/TR/sparql11-protocol/"), RDF.type, DCTERMS.Standard))
    g.add((SPARQL_SERVICE, DCTERMS.license, licence))
    g.add((SPARQL_SERVICE, DCTERMS.accessRights, public))
    g.add((SPARQL_SERVICE, DCTERMS.publisher, PUBLISHER))
    g.add((SPARQL_SERVICE, DCAT.contactPoint, CONTACT))
    g.add((DATASET, DCAT.distribution, SPARQL_DISTRIBUTION))
    g.add((SPARQL_DISTRIBUTION, RDF.type, DCAT.Distribution))
    _both(g, SPARQL_DISTRIBUTION, DCTERMS.title, "SPARQL-ändpunkt", "SPARQL endpoint")
    g.add((SPARQL_DISTRIBUTION, DCAT.accessURL, endpoint))
    g.add((SPARQL_DISTRIBUTION, DCAT.accessService, SPARQL_SERVICE))
    sparql_type = URIRef(EU + "file-type/SPARQLQ")
    g.add((SPARQL_DISTRIBUTION, DCTERMS.format, sparql_type))
    g.add((sparql_type, RDF.type, DCTERMS.MediaTypeOrExtent))
    g.add((SPARQL_DISTRIBUTION, DCTERMS.license, licence))
    return g


def void_graph(store: GraphStore, manifest: Manifest | None, pub: Publication) -> Graph:
    """The VoID description: size, classes, properties, linksets, dumps, examples."""
    g = _bind(Graph())
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    _both(g, d, DCTERMS.title, "Ansvarsgrafen", "Responsibility graph")
    g.add((d, DCTERMS.license, LICENCE_IRI))
    g.add((d, DCTERMS.publisher, PUBLISHER))
    stats = store.select(page_query("void_stats"))[0]
    g.add((d, VOID.triples, Literal(int(stats["triples"]["value"]))))
    g.add((d, VOID.distinctSubjects, Literal(int(stats["subjects"]["value"]))))
    g.add((d, VOID.distinctObjects, Literal(int(stats["objects"]["value"]))))
    g.add((d, VOID.properties, Literal(int(stats["properties"]["value"]))))
    g.add(
        (
            d,
            VOID.entities,
            Literal(int(store.select(page_query("void_entities"))[0]["entities"]["value"])),
        )
    )
    g.add((d, VOID.uriSpace, Literal(BASE)))
    g.add((d, VOID.sparqlEndpoint, pub.url("sparql")))
    g.add((d, VOID.rootResource, URIRef(ID["country/se"])))
    for f in manifest.files if manifest else ():
        g.add((d, VOID.dataDump, pub.url("download/" + f.name)))
    for ns in (
        str(ONTOLOGY_IRI) + "#",
        *(PREFIXES[p] for p in ("org", "cpov", "eli", "rpubl", "prov", "skos", "dcterms")),
    ):
        g.add((d, VOID.vocabulary, URIRef(ns)))
    for row in store.select(page_query("example_resources")):
        g.add((d, VOID.exampleResource, URIRef(row["example"]["value"])))
    classes = store.select(page_query("void_classes"))
    g.add((d, VOID.classes, Literal(len(classes))))
    for row in classes:
        part = URIRef(f"{BASE}void#class-{class_slug(row['class']['value'])}")
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(row["class"]["value"])))
        g.add((part, VOID.entities, Literal(int(row["entities"]["value"]))))
    for row in store.select(page_query("void_properties")):
        part = URIRef(f"{BASE}void#property-{class_slug(row['property']['value'])}")
        g.add((d, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(row["property"]["value"])))
        g.add((part, VOID.triples, Literal(int(row["triples"]["value"]))))
    for row in store.select(page_query("graph_sizes")):
        subset = URIRef(row["graph"]["value"])
        g.add((d, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, SD.name, subset))
        g.add((subset, VOID.triples, Literal(int(row["triples"]["value"]))))
    for i, row in enumerate(store.select(page_query("void_linksets"))):
        linkset = URIRef(f"{BASE}void#linkset-{i}")
        target = URIRef(row["target"]["value"])
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((d, VOID.subset, linkset))
        g.add((linkset, VOID.subjectsTarget, d))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, VOID.uriSpace, Literal(str(target))))
        g.add((linkset, VOID.linkPredicate, URIRef(row["predicate"]["value"])))
        g.add((linkset, VOID.triples, Literal(int(row["triples"]["value"]))))
    return g


def dcat_ap_shapes(paths: ProjectPaths | None = None) -> Graph:
    shapes = Graph()
    for path in sorted(((paths or default_paths()).shapes / DCAT_AP_SHAPES_DIR).glob("*.ttl")):
        shapes += parse_turtle(path)
    return shapes


def validate_dcat(record: Graph, paths: ProjectPaths | None = None) -> ValidationReport:
    """Check the record with pyshacl against the official DCAT-AP 3.0.0 shapes."""
    return run_shacl(record, dcat_ap_shapes(paths))


def describe_dataset(
    store: GraphStore,
    dumps_dir: Path | None,
    paths: ProjectPaths | None = None,
    record_file: Path | None = None,
) -> ValidationReport:
    """The build's `describe` stage: write the dumps (to dumps_dir, or a scratch directory
    for an in-memory store), make the DCAT-AP-SE record of them and validate it; a valid
    record is also written to record_file (the new generation's catalog.ttl)."""
    with tempfile.TemporaryDirectory(prefix="ansvar-dumps-") as scratch:
        manifest = write_dumps(store, dumps_dir or Path(scratch), store_label(store))
        record = dcat_graph(store, manifest, Publication(), manifest.created)
        report = validate_dcat(record, paths)
        if record_file is not None and not report.violations:
            record_file.write_bytes(record.serialize(format="turtle", encoding="utf-8"))
        return report
