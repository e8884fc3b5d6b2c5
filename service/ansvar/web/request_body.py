"""Reading a request body within the size limit, for /sparql and /store alike."""

from __future__ import annotations

from fastapi import Request

from .errors import ProtocolError


async def read_body(request: Request, limit: int) -> bytes:
    """At most `limit` bytes; a declared or chunked body larger than that is refused (413)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
