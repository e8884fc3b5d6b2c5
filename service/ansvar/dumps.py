"""Dumps of the whole graph (Turtle, gzipped N-Triples, TriG, JSON-LD) with a manifest
giving each file's size, triple count and SHA-256, for /download/… and `ansvar publish`.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from .namespaces import PREFIXES
from .store import GraphStore
from .store.embedded import RDF_FORMATS, EmbeddedStore

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

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
    "vouched_dump",
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


class _Counted(io.RawIOBase):
    """A binary file that also counts and hashes what is written to it (size and SHA-256 of the dump)."""

    def __init__(self, raw: BinaryIO):
        super().__init__()
        self.raw, self.bytes, self.sha256 = raw, 0, hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        view = memoryview(data)
        self.bytes += view.nbytes
        self.sha256.update(view)
        return self.raw.write(view)

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()


# The union of all graphs as canonical N-Triples, one triple per line: DISTINCT, since a triple
# may be in several graphs (CONSTRUCT alone drops repeats only within a bounded window).
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
_CHUNK = 1 << 16  # bytes read or buffered at a time: the dumps never pass through Python whole


def _write_union(store: EmbeddedStore, path: Path) -> int:
    """Write the union's N-Triples into `path`, serialised by pyoxigraph; returns how many triples."""
    union = store.evaluate(_UNION)
    assert isinstance(union, ox.QueryTriples)
    union.serialize(str(path), format=ox.RdfFormat.N_TRIPLES)
    lines = 0
    with path.open("rb") as text:  # N-Triples escapes a newline in a literal: one line is one triple
        while chunk := text.read(_CHUNK):
            lines += chunk.count(b"\n")
    return lines


def _copy_union(union: Path, target: BinaryIO | gzip.GzipFile) -> None:
    with union.open("rb") as text:
        shutil.copyfileobj(text, target, _CHUNK)


def _write_statements(store: EmbeddedStore, union: Path, fmt: DumpFormat, target: BinaryIO) -> None:
    """Every quad (TriG), else the union's triples, read back from `union` (written once for all
    the triple formats) and serialised by pyoxigraph."""
    if fmt.named_graphs:
        store.dump_to(target, fmt.media_type, PREFIXES)
    elif fmt.media_type == "application/n-triples":
        _copy_union(union, target)
    else:
        triples = ox.parse(path=str(union), format=ox.RdfFormat.N_TRIPLES)
        ox.serialize(triples, target, format=RDF_FORMATS[fmt.media_type], prefixes=PREFIXES)


def _write_dump(store: EmbeddedStore, union: Path, fmt: DumpFormat, statements: int, path: Path) -> tuple[int, str]:
    """Write one dump into `path` (never the whole dump in memory); returns its size and SHA-256."""
    counted = _Counted(path.open("wb"))
    with io.BufferedWriter(counted, _CHUNK) as target:
        if fmt.gzipped:  # the N-Triples of the union, with the header
            # mtime 0 and no file name in the gzip header: the same graph gives the same checksum.
            # zlib's default level 6: half the CPU of level 9 for a file 4 % larger (on the shipped graph).
            with gzip.GzipFile(filename="", mode="wb", fileobj=target, compresslevel=6, mtime=0) as packed:
                packed.write(_header(fmt, statements))
                _copy_union(union, packed)
        else:
            if fmt.media_type != "application/ld+json":  # JSON has no comments; the licence is in the DCAT record
                target.write(_header(fmt, statements))
            _write_statements(store, union, fmt, target)
    return counted.bytes, counted.sha256.hexdigest()


def _embedded(store: GraphStore, scratch: Path) -> EmbeddedStore:
    """The store itself if embedded; else its dump loaded into an on-disk store in `scratch`."""
    if isinstance(store, EmbeddedStore):
        return store
    work = ox.Store(str(scratch / "store"))
    work.bulk_load(store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS)
    return EmbeddedStore(work)


def write_dumps(store: GraphStore, out_dir: Path, store_label: str = "memory") -> Manifest:
    """Write every dump and the manifest into out_dir (each file replaced atomically).

    Each dump is streamed from the store into its file; only counts are held in memory.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".ansvar-dump-store-", dir=out_dir) as scratch:
        source = _embedded(store, Path(scratch))
        union = Path(scratch) / "union.nt"
        quads, triples = len(source), _write_union(source, union)
        files = []
        for fmt in FORMATS:
            statements = quads if fmt.named_graphs else triples
            tmp = out_dir / f".{fmt.name}.tmp"
            size, digest = _write_dump(source, union, fmt, statements, tmp)
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


def vouched_dump(store: GraphStore, media_type: str) -> Path | None:
    """The dump in `media_type` of the generation `store` is, when the manifest beside it was
    written for this generation and the file has the size and SHA-256 it records; else None."""
    directory = dumps_dir_of(store)
    manifest = Manifest.read(directory) if directory is not None else None
    if directory is None or manifest is None or manifest.store != store_label(store):
        return None
    entry = next((f for f in manifest.files if f.media_type == media_type and not f.gzipped), None)
    if entry is None:
        return None
    path = directory / entry.name
    if not path.is_file() or path.stat().st_size != entry.bytes:
        return None
    digest = hashlib.sha256()
    with path.open("rb") as dump:
        while chunk := dump.read(_CHUNK * 16):
            digest.update(chunk)
    return path if digest.hexdigest() == entry.sha256 else None
