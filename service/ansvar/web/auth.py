"""Bearer-token check for the write endpoints (constant-time comparison)."""

from __future__ import annotations

import hmac

from fastapi import Request

from .errors import ProtocolError


def require_update_token(request: Request) -> None:
    token = request.app.state.settings.update_token
    if not token:
        raise ProtocolError(
            403, "updates are disabled: this endpoint is read-only (set ANSVAR_UPDATE_TOKEN to enable them)"
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ProtocolError(401, "updates need an 'Authorization: Bearer <token>' header")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ProtocolError(403, "the update token is not valid")
