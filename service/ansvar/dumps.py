"""Dumps of the whole graph (Turtle, gzipped N-Triples, TriG, JSON-LD) with a manifest
giving each file's size, triple count and SHA-256, for /download/… and `ansvar publish`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .namespaces import PREFIXES
from .store import GraphStore
from .store.embedded import EmbeddedStore

__all__ = [
    "DumpFile",
    "DumpFormat",
    "EU_FILE_TYPE",
    "FORMATS",
    "LICENCE",
    "MANIFEST",
    "Manifest",
    "dumps_dir_of",
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


class _Counted:
    """A binary file that also counts and hashes what is written to it (size and SHA-256 of the dump)."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.bytes, self.sha256 = raw, 0, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        self.sha256.update(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


def _write_dump(store: EmbeddedStore, fmt: DumpFormat, statements: int, path: Path) -> tuple[int, str]:
    """Write one dump into `path` as pyoxigraph serialises it (never the whole dump in memory)."""
    prefixes = None if fmt.media_type == "application/n-triples" else PREFIXES
    with path.open("wb") as raw:
        counted = _Counted(raw)
        # mtime 0 and no file name in the gzip header: the same graph gives the same checksum.
        out = gzip.GzipFile(filename="", mode="wb", fileobj=counted, compresslevel=9, mtime=0) if fmt.gzipped else None
        target = out if out is not None else counted
        if fmt.media_type != "application/ld+json":  # JSON has no comments; the licence is in the DCAT record
            target.write(_header(fmt, statements))
        store.dump_to(target, fmt.media_type, prefixes)  # type: ignore[arg-type]
        if out is not None:
            out.close()  # writes the gzip trailer (the raw file stays open)
    return counted.bytes, counted.sha256.hexdigest()


def _embedded(store: GraphStore, scratch: Path) -> EmbeddedStore:
    """The store itself if embedded; else its dump loaded into an on-disk store in `scratch`."""
    if isinstance(store, EmbeddedStore):
        return store
    work = ox.Store(str(scratch))
    work.bulk_load(store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS)
    return EmbeddedStore(work)


def write_dumps(store: GraphStore, out_dir: Path, store_label: str = "memory") -> Manifest:
    """Write every dump and the manifest into out_dir (each file replaced atomically).

    Each dump is streamed from the store into its file; only counts are held in memory.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".ansvar-dump-store-", dir=out_dir) as scratch:
        source = _embedded(store, Path(scratch))
        quads, triples = len(source), source.count_union_triples()
        files = []
        for fmt in FORMATS:
            statements = quads if fmt.named_graphs else triples
            tmp = out_dir / f".{fmt.name}.tmp"
            size, digest = _write_dump(source, fmt, statements, tmp)
            os.replace(tmp, out_dir / fmt.name)
            files.append(
                DumpFile(
                    fmt.name,
                    fmt.media_type,
                    fmt.file_type,
                    fmt.title,
                    size,
                    statements,
                    digest,
                    fmt.named_graphs,
                    fmt.gzipped,
                )
            )
    manifest = Manifest(date.today().isoformat(), store_label, LICENCE, triples, quads, files)
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
