"""HTTP authentication for a remote store's Graph Store Protocol: Basic or Digest, as the server asks.

Its own module so that httpx is imported only when a remote store is used, not by every
command that merely can reach one (`ansvar build` never does unless it pushes).
"""

from __future__ import annotations

from collections.abc import Generator

import httpx

__all__ = ["ChallengeAuth"]


class ChallengeAuth(httpx.Auth):
    """HTTP Basic or Digest, whichever the server's challenge asks for.

    Virtuoso's `/sparql-graph-crud-auth` asks for Digest, Fuseki and GraphDB for Basic.
    """

    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        self._scheme = "digest" if challenge.startswith("digest") else "basic"
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        flow = self._digest.auth_flow(request)
        next(flow)  # the unauthenticated request, already answered with the challenge
        try:
            response = yield flow.send(response)
            while True:
                response = yield flow.send(response)
        except StopIteration:
            return
