"""Store generations on disk: built in a private directory, made current by one atomic rename.

Layout of a store directory (`--store-dir`):

    current                symlink -> gen-<id>; replacing it is the one commit point
    gen-<id>/data/         the pyoxigraph store
    gen-<id>/dumps/        the dumps and their manifest, made from that data
    gen-<id>/catalog.ttl   the DCAT-AP record, validated before the switch
    gen-<id>/gate.json     what the build's gate found, for checks run on it later
    locks/gen-<id>.lock    flock: shared by every process that builds or reads the generation

A generation is complete (data, check report, dumps, catalogue record) and
fsynced before `current` names it, and is never written to afterwards, so a
kill -9 at any moment leaves either the old or the new generation current,
whole. An old generation is removed only when an exclusive, non-blocking lock
on its lock file succeeds, i.e. when no process still reads it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import BinaryIO

__all__ = ["CATALOG", "CURRENT", "DATA", "DUMPS", "GATE", "Generation", "LOCKS", "PREFIX", "collect", "current_name"]

CURRENT = "current"
PREFIX = "gen-"
LOCKS = "locks"
DATA = "data"
DUMPS = "dumps"
CATALOG = "catalog.ttl"
GATE = "gate.json"
# A directory without a lock file is a build killed between mkdir and lock, or one
# being set up right now; it is left alone this long.
_ORPHAN_AGE_S = 600


class Generation:
    """One generation directory, with the shared lock that keeps it from being removed."""

    def __init__(self, store_dir: Path, name: str, lock: BinaryIO | None) -> None:
        self.store_dir, self.name, self._lock = store_dir, name, lock

    @property
    def path(self) -> Path:
        return self.store_dir / self.name

    @property
    def data_dir(self) -> Path:
        legacy = not (self.path / DATA).is_dir() and any(self.path.glob("*.sst"))
        return self.path if legacy else self.path / DATA  # stores built before this layout

    @property
    def dumps_dir(self) -> Path:
        return self.path / DUMPS

    @property
    def catalog_file(self) -> Path:
        return self.path / CATALOG

    @property
    def gate_file(self) -> Path:
        return self.path / GATE

    @property
    def is_current(self) -> bool:
        return current_name(self.store_dir) == self.name

    # -- making one ------------------------------------------------------------

    @classmethod
    def stage(cls, store_dir: Path) -> Generation:
        """A new, uniquely named, empty generation that is not current; its lock is held."""
        store_dir.mkdir(parents=True, exist_ok=True)
        (store_dir / LOCKS).mkdir(exist_ok=True)
        while True:
            # Unique across processes and within a second: time, pid and a random part.
            name = f"{PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:12]}"
            lock = _open_lock(store_dir, name)
            fcntl.flock(lock, fcntl.LOCK_SH)  # before mkdir: the collector never sees it unlocked
            try:
                os.mkdir(store_dir / name)  # exclusive: fails if the name exists
            except FileExistsError:
                lock.close()
                continue
            (store_dir / name / DATA).mkdir()
            return cls(store_dir, name, lock)

    def commit(self) -> None:
        """Make this generation current: fsync it, then switch `current` in one rename.

        The generation current before is kept (a reader may be opening it right now);
        older ones go when nobody holds them.
        """
        if self.is_current:
            raise RuntimeError(f"{self.name} is already current")
        _fsync_tree(self.path)
        previous = current_name(self.store_dir)
        link_tmp = self.store_dir / f".{CURRENT}-{uuid.uuid4().hex}.tmp"
        os.symlink(self.name, link_tmp)
        os.replace(link_tmp, self.store_dir / CURRENT)  # the atomic switch
        _fsync_dir(self.store_dir)
        collect(self.store_dir, keep={self.name, previous or ""})

    def discard(self) -> None:
        """Remove a generation that was never committed."""
        if self.is_current:
            raise RuntimeError(f"{self.name} is current and cannot be discarded")
        self.release()
        shutil.rmtree(self.path, ignore_errors=True)
        (self.store_dir / LOCKS / f"{self.name}.lock").unlink(missing_ok=True)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # -- reading one -----------------------------------------------------------

    @classmethod
    def open(cls, store_dir: Path, name: str | None = None) -> Generation | None:
        """The current generation (or the one named), with a shared lock held; None if there is none."""
        for _attempt in range(10):
            wanted = name or current_name(store_dir)
            if wanted is None:
                return None
            (store_dir / LOCKS).mkdir(parents=True, exist_ok=True)
            lock = _open_lock(store_dir, wanted)
            fcntl.flock(lock, fcntl.LOCK_SH)  # waits while a collector is removing it
            if (store_dir / wanted).is_dir():
                return cls(store_dir, wanted, lock)
            lock.close()  # removed between reading `current` and locking: read again
            if name is not None:
                return None
        raise RuntimeError(f"{store_dir}: the current generation kept changing while it was opened")


def current_name(store_dir: Path) -> str | None:
    link = store_dir / CURRENT
    if not link.is_symlink():
        return None
    name = os.readlink(link)
    return name if (store_dir / name).is_dir() else None


def collect(store_dir: Path, keep: set[str]) -> list[str]:
    """Remove generations nobody reads (not current, not kept, exclusive lock granted)."""
    removed = []
    current = current_name(store_dir)
    for path in sorted(store_dir.glob(f"{PREFIX}*")):
        name = path.name
        if name in keep or name == current or not path.is_dir():
            continue
        lock_path = store_dir / LOCKS / f"{name}.lock"
        if not lock_path.exists() and time.time() - path.stat().st_mtime < _ORPHAN_AGE_S:
            continue
        (store_dir / LOCKS).mkdir(exist_ok=True)
        lock = _open_lock(store_dir, name)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()  # a reader or a build holds it
            continue
        try:
            shutil.rmtree(path, ignore_errors=True)
            lock_path.unlink(missing_ok=True)
            removed.append(name)
        finally:
            lock.close()
    return removed


def _open_lock(store_dir: Path, name: str) -> BinaryIO:
    return open(store_dir / LOCKS / f"{name}.lock", "a+b")  # noqa: SIM115 - held as long as the generation is used


def _fsync_tree(root: Path) -> None:
    for directory, _dirs, files in os.walk(root):
        for file in files:
            fd = os.open(os.path.join(directory, file), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(directory))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
