"""All configuration in one place, with documented defaults (env: ANSVAR_<NAME>)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

__all__ = ["Settings"]


@dataclass
class Settings:
    host: str = "127.0.0.1"  # interface to listen on
    port: int = 8000  # TCP port
    store_dir: Path | None = None  # on-disk store; None = build in memory
    base_url: str = ""  # public URL of the service, for links in descriptions
    publisher_orgnr: str = ""  # organisation number (NNNNNN-NNNN) of the DCAT publisher; empty: the project
    publisher_name: str = ""  # the publishing organisation's name (with publisher_orgnr)
    publisher_type: str = ""  # its ADMS publisher type, e.g. NationalAuthority (with publisher_orgnr)
    contact_email: str = ""  # the DCAT contact point's mailbox: a function mailbox, never a person's
    query_timeout_s: float = 60.0  # wall-clock limit per SPARQL query
    max_result_rows: int = 100_000  # rows returned at most per SELECT
    max_concurrent_queries: int = 2  # queries evaluated at once (one worker process each)
    queue_wait_s: float = 10.0  # how long a query waits for a free worker before 503
    max_request_bytes: int = 1_000_000  # largest accepted POST body (413 above)
    max_url_bytes: int = 8_192  # longest accepted query string of a GET (414 above)
    max_nesting_depth: int = 64  # deepest bracket/element nesting in a query, update or upload (400 above)
    isolate_queries: bool = True  # run /sparql queries and /checks in killable worker processes
    worker_memory_bytes: int = 2 * 2**30  # address space per query worker (RLIMIT_AS); above it 503; 0 = no cap
    checks_cache_size: int = 32  # /checks reports kept per (store generation, as-of date), least recently used out
    client_budget_s: float = 120.0  # wall time of /sparql and /checks per client IP per minute; above it 429; 0 = off
    request_read_timeout_s: float = 10.0  # a request (headers and body) not received whole by then: closed; 0 = off
    keep_alive_s: float = 5.0  # idle time of a keep-alive connection between requests (uvicorn timeout_keep_alive)
    max_connections: int = 512  # open connections and running requests at once; above it 503 (limit_concurrency)
    update_token: str = ""  # enables SPARQL Update and Graph Store writes when set (Bearer token)
    update_log: Path | None = None  # append-only log of accepted updates (default: beside the store)

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        values: dict[str, Any] = {}
        for f in fields(cls):
            env = os.environ.get(f"ANSVAR_{f.name.upper()}")
            if env is not None:
                values[f.name] = _coerce(f.type, env)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _coerce(type_name: object, raw: str) -> bool | int | float | Path | str | None:
    name = str(type_name)
    if "bool" in name:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if "int" in name:
        return int(raw)
    if "float" in name:
        return float(raw)
    if "Path" in name:
        return Path(raw) if raw else None
    return raw
