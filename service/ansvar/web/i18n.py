"""The language of a request (sv, en): ?lang=, the cookie the language switch sets, and pages
rendered in it. The strings themselves are the rendering module's (ansvar.render.strings)."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from ..render.environment import render
from ..render.links import Links
from ..render.strings import DEFAULT_LANGUAGE, LANGUAGES, translator
from .errors import ProtocolError

COOKIE = "lang"


def page_language(request: Request) -> str:
    """?lang= (sv|en) wins, then the cookie the switch set, then Swedish."""
    wanted = request.query_params.get("lang")
    if wanted is not None:
        if wanted not in LANGUAGES:
            raise ProtocolError(400, f"lang must be one of {', '.join(LANGUAGES)}, not {wanted!r}")
        return wanted
    cookie = request.cookies.get(COOKIE)
    return cookie if cookie in LANGUAGES else DEFAULT_LANGUAGE


def remember_language(request: Request, response: Response) -> None:
    wanted = request.query_params.get("lang")
    if wanted in LANGUAGES:
        response.set_cookie(COOKIE, wanted, max_age=365 * 24 * 3600, samesite="lax")


def render_localised(request: Request, template: str, lang: str, **context: Any) -> str:
    """A page template with what every localised page needs: the request, its
    language, the UI strings and links rooted at the service."""
    context.setdefault("links", Links("/"))
    context.setdefault("root", "/")
    return render(template, request=request, lang=lang, t=translator(lang), **context)
