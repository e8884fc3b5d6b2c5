"""The dataset description: the DCAT-AP-SE 3.0.1 record that Sveriges dataportal harvests, the
VoID description, and their validation. The fixed parts are Turtle beside this file (record.ttl,
void.ttl, publisher-types.ttl); the code adds what it computes.

The record's own IRIs are fragments of https://w3id.org/ansvar/catalog; the service serves it at
/catalog.rdf (RDF/XML, the portal's format) and /catalog (by Accept), the VoID description at /void.
"""

from __future__ import annotations

from .publisher import Publication, Publisher, PublisherError, parse_orgnr
from .record import CATALOG, CONTACT, DATASET, dcat_graph
from .stage import describe_dataset
from .validation import validate_record
from .void import void_graph

__all__ = [
    "CATALOG",
    "CONTACT",
    "DATASET",
    "Publication",
    "Publisher",
    "PublisherError",
    "dcat_graph",
    "describe_dataset",
    "parse_orgnr",
    "validate_record",
    "void_graph",
]
