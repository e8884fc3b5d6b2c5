"""Dumps of the whole graph (Turtle, gzipped N-Triples, TriG, JSON-LD) with a manifest
giving each file's size, triple count and SHA-256, for /download/… and `ansvar publish`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from .namespaces import PREFIXES
from .store import GraphStore

__all__ = [
    "DumpFile",
    "DumpFormat",
    "EU_FILE_TYPE",
    "FORMATS",
    "LICENCE",
    "MANIFEST",
    "Manifest",
    "dumps_dir_of",
    "serialise",
    "store_label",
    "write_dumps",
]

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
MANIFEST = "manifest.json"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


@dataclass(frozen=True)
class DumpFormat:
    name: str  # file name under /download/
    media_type: str
    file_type: str  # EU file-type authority code
    title: str
    named_graphs: bool = False
    gzipped: bool = False


FORMATS = (
    DumpFormat("ansvar.ttl", "text/turtle", "RDF_TURTLE", "Turtle"),
    DumpFormat("ansvar.nt.gz", "application/n-triples", "RDF_N_TRIPLES", "N-Triples (gzip)", gzipped=True),
    DumpFormat("ansvar.trig", "application/trig", "RDF_TRIG", "TriG (named graphs)", named_graphs=True),
    DumpFormat("ansvar.jsonld", "application/ld+json", "JSON_LD", "JSON-LD"),
)
_OX = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class DumpFile:
    name: str
    media_type: str
    file_type: str
    title: str
    bytes: int
    triples: int  # statements in the file: triples, or quads for TriG
    sha256: str
    named_graphs: bool
    gzipped: bool

    @property
    def file_type_iri(self) -> str:
        return EU_FILE_TYPE + self.file_type


@dataclass(frozen=True)
class Manifest:
    created: str  # ISO date
    store: str  # which store the dumps were made from (location or "memory")
    licence: str
    triples: int  # distinct triples of the union of all graphs
    quads: int
    files: list[DumpFile]

    def file(self, name: str) -> DumpFile | None:
        return next((f for f in self.files if f.name == name), None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    @classmethod
    def read(cls, directory: Path) -> Manifest | None:
        try:
            data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
            return cls(**{**data, "files": [DumpFile(**f) for f in data["files"]]})
        except (OSError, ValueError, TypeError, KeyError):
            return None


def _header(fmt: DumpFormat, statements: int) -> bytes:
    """A comment header with the licence (Turtle, TriG and N-Triples allow '#' comments)."""
    what = "quads in named graphs" if fmt.named_graphs else "triples (union of all named graphs)"
    lines = [
        "Ansvarsgrafen — who is responsible for what in Swedish refugee reception and integration.",
        f"{statements} {what}. https://w3id.org/ansvar/",
        f'Licence: CC BY 4.0 <{LICENCE}>. Attribution: "Ansvarsgrafen", with a link to https://w3id.org/ansvar/.',
    ]
    return "".join(f"# {line}\n" for line in lines).encode("utf-8")


def serialise(fmt: DumpFormat, triples: list, quads: list) -> bytes:
    statements = quads if fmt.named_graphs else triples
    prefixes = None if fmt.media_type == "application/n-triples" else PREFIXES
    body = ox.serialize(statements, format=_OX[fmt.media_type], prefixes=prefixes)
    if fmt.media_type != "application/ld+json":  # JSON has no comments; the licence is in the DCAT record
        body = _header(fmt, len(statements)) + body
    if fmt.gzipped:
        body = gzip.compress(body, compresslevel=9, mtime=0)  # mtime 0: same graph, same checksum
    return body


def write_dumps(store: GraphStore, out_dir: Path, store_label: str = "memory") -> Manifest:
    """Write every dump and the manifest into out_dir (each file replaced atomically)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    quads = list(ox.parse(store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS))
    triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    files = []
    for fmt in FORMATS:
        body = serialise(fmt, triples, quads)
        _replace(out_dir / fmt.name, body)
        files.append(
            DumpFile(
                fmt.name,
                fmt.media_type,
                fmt.file_type,
                fmt.title,
                len(body),
                len(quads) if fmt.named_graphs else len(triples),
                hashlib.sha256(body).hexdigest(),
                fmt.named_graphs,
                fmt.gzipped,
            )
        )
    manifest = Manifest(date.today().isoformat(), store_label, LICENCE, len(triples), len(quads), files)
    _replace(out_dir / MANIFEST, manifest.to_json().encode("utf-8"))
    return manifest


def _replace(path: Path, body: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(body)
    os.replace(tmp, path)


def store_label(store: GraphStore) -> str:
    """Names the store generation the dumps were made from (a manifest for another is stale)."""
    location = getattr(store, "location", None)
    if location:
        return str(Path(location).resolve())
    return getattr(store, "generation_id", None) or f"memory:{id(store)}"


def dumps_dir_of(store: GraphStore) -> Path | None:
    """Where the build wrote the dumps of an on-disk generation (inside it), else None."""
    generation = getattr(store, "generation", None)
    return generation.dumps_dir if generation is not None else None
