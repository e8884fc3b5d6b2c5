"""Who publishes the record and where: the publishing organisation (by its Swedish organisation
number, as Sveriges dataportal identifies publishers) and the public base URL.

Sveriges dataportal merges a publisher harvested from several catalogues when its IRI is
http://dataportal.se/organisation/SE<orgnr> (ten digits, no hyphen; diggsweden/DCAT-AP-SE,
docs/harvesting.md, "Identifierare för utgivande organisationer"). DCAT-AP-SE 3.0.1 makes the
agent's dcterms:type (an ADMS publisher type) mandatory and asks for the organisation number
as its dcterms:identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..settings import Settings

__all__ = [
    "ADMS_PUBLISHER_TYPE",
    "CATALOG_DOC",
    "PORTAL_ORGANISATION",
    "PUBLISHER_PLACEHOLDER",
    "PROJECT",
    "SITE_PLACEHOLDER",
    "Publication",
    "Publisher",
    "PublisherError",
    "parse_orgnr",
    "publisher_types",
]

CATALOG_DOC = "https://w3id.org/ansvar/catalog"
PROJECT = URIRef(CATALOG_DOC + "#project")  # the project that compiles the graph (record.ttl)
PORTAL_ORGANISATION = "http://dataportal.se/organisation/SE"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
_PRIVATE_INDIVIDUAL = "PrivateIndividual(s)"  # never: a person as publisher is personal data
# Placeholders of record.ttl and void.ttl for what depends on the publication.
SITE_PLACEHOLDER = "urn:ansvar:site:"
PUBLISHER_PLACEHOLDER = URIRef("urn:ansvar:publisher")

_TYPES_FILE = Path(__file__).with_name("publisher-types.ttl")
_ORGNR = re.compile(r"(\d{6})-?(\d{4})")
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")


class PublisherError(ValueError):
    """A publisher setting that cannot go into the record; the message says which and why."""


@cache
def publisher_types() -> dict[str, Graph]:
    """The ADMS publisher types DCAT-AP-SE offers, by local name, each with its concept's triples."""
    vocabulary = Graph().parse(_TYPES_FILE, format="turtle")
    types: dict[str, Graph] = {}
    for concept in vocabulary.subjects(RDF.type, SKOS.Concept):
        described = Graph()
        for triple in vocabulary.triples((concept, None, None)):
            described.add(triple)
        types[str(concept).removeprefix(ADMS_PUBLISHER_TYPE)] = described
    return types


def _luhn_ok(digits: str) -> bool:
    """The check digit of a Swedish organisation number: Luhn (mod 10) over the ten digits."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def parse_orgnr(text: str) -> str:
    """The ten digits of an organisation number written NNNNNN-NNNN (or without the hyphen)."""
    match = _ORGNR.fullmatch(text.strip())
    if match is None:
        raise PublisherError(f"organisation number {text!r}: write it as NNNNNN-NNNN (ten digits)")
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2:
        # Organisation numbers have 20 or more in the month position; below is a personal
        # identity number (a sole trader's), which is personal data and never published.
        raise PublisherError(
            f"organisation number {text!r}: the third digit is below 2, so this is a personal identity number, "
            "not an organisation number; a person is never named as publisher"
        )
    if not _luhn_ok(digits):
        raise PublisherError(f"organisation number {text!r}: the check digit (the last one) is wrong")
    return digits


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes the record; without an organisation number, the project itself."""

    orgnr: str = ""  # ten digits
    name: str = ""
    kind: str = "NonProfitOrganisation"  # local name of an ADMS publisher type

    @classmethod
    def from_settings(cls, settings: Settings) -> Publisher:
        if not settings.publisher_orgnr:
            if settings.publisher_name:
                raise PublisherError("a publisher name needs its organisation number (--publisher-orgnr)")
            return cls()
        orgnr = parse_orgnr(settings.publisher_orgnr)
        if not settings.publisher_name.strip():
            raise PublisherError("--publisher-orgnr needs the organisation's name (--publisher-name)")
        kind = settings.publisher_type
        names = ", ".join(sorted(set(publisher_types()) - {_PRIVATE_INDIVIDUAL}))
        if not kind:
            raise PublisherError(f"--publisher-orgnr needs the organisation's type (--publisher-type): one of {names}")
        if kind == _PRIVATE_INDIVIDUAL:
            raise PublisherError("the publisher type cannot be a private individual: a person is never published")
        if kind not in publisher_types():
            raise PublisherError(f"publisher type {kind!r} is not an ADMS publisher type; one of: {names}")
        return cls(orgnr, settings.publisher_name.strip(), kind)

    @property
    def iri(self) -> URIRef:
        return URIRef(PORTAL_ORGANISATION + self.orgnr) if self.orgnr else PROJECT

    @property
    def type_iri(self) -> URIRef:
        return URIRef(ADMS_PUBLISHER_TYPE + self.kind)


@dataclass(frozen=True)
class Publication:
    """Where the description points: the public base URL, the contact mailbox and the publisher."""

    base_url: str = "https://w3id.org/ansvar/"
    contact_email: str | None = None  # a functional mailbox, never a person's
    publisher: Publisher = Publisher()

    @classmethod
    def from_settings(cls, settings: Settings, base_url: str | None = None) -> Publication:
        """The publication the settings describe (base_url: where it is served, when the settings leave it open)."""
        base = settings.base_url or base_url or cls.base_url
        email = settings.contact_email.strip()
        if email and _EMAIL.fullmatch(email) is None:
            raise PublisherError(f"contact e-mail {email!r} is not an e-mail address (name@domain)")
        return cls(base, email or None, Publisher.from_settings(settings))

    def url(self, path: str) -> URIRef:
        base = self.base_url if self.base_url.endswith("/") else self.base_url + "/"
        return URIRef(base + path.lstrip("/"))
