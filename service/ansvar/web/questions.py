"""/queries: the catalogue of questions, ready to run.

GET /queries                 the catalogue (HTML, or JSON by Accept / format=json)
GET /queries/{name}?p=v      one question answered: an HTML table with links and quotes, JSON rows,
                             or SPARQL results (JSON, XML, CSV, TSV) by Accept or format=

Every question gets its own OpenAPI entry with its parameters. The answer page shows the SPARQL
behind it, with its parameters bound, and a link that opens it in the query editor.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..questions import Question, catalogue
from ..render.links import Links
from ..render.terms import Row, term, values_html
from ..sparql_params import ParameterError
from ..store import GraphStore
from ..store.base import SOLUTION_TYPES
from .errors import ProtocolError
from .i18n import page_language, render_localised
from .negotiation import negotiate, resolve_format

router = APIRouter()

ANSWER_OFFERS = ("text/html", "application/json", *SOLUTION_TYPES)
LIST_OFFERS = ("text/html", "application/json")


def _wanted(request: Request, offers: tuple[str, ...]) -> str:
    fmt = request.query_params.get("format")
    if fmt is not None:
        media = resolve_format(fmt)
        if fmt.strip().lower() == "json":  # `format=json` is the plain JSON rows; srj the SPARQL results
            media = "application/json"
        if media not in offers:
            raise ProtocolError(406, f"unknown format {fmt!r}; offered: {', '.join(offers)}")
        return media
    media = negotiate(request.headers.get("accept"), offers)
    if media is None:
        raise ProtocolError(406, "none of the accepted media types is offered; offered: " + ", ".join(offers))
    return media


def _describe(question: Question) -> dict[str, object]:
    return {
        "name": question.name,
        "title": question.title,
        "description": question.description,
        "parameters": [
            {"name": p.name, "type": p.type, "default": p.default, "allowed": p.allowed_values()}
            for p in question.params
        ],
        "columns": list(question.columns),
        "href": f"/queries/{question.name}",
    }


@router.get("/queries", summary="The catalogue of analysts' questions")
def list_questions(request: Request) -> Response:
    questions = list(catalogue().values())
    if _wanted(request, LIST_OFFERS) == "application/json":
        return JSONResponse({"questions": [_describe(q) for q in questions]})
    lang = page_language(request)
    return HTMLResponse(render_localised(request, "questions.html", lang, questions=questions))


def answer(request: Request, question: Question) -> Response:
    media = _wanted(request, ANSWER_OFFERS)
    raw = {k: v for k, v in request.query_params.items() if k not in ("format", "lang")}
    try:
        sparql = question.bound(raw)
    except ParameterError as err:
        raise ProtocolError(400, str(err)) from None
    store: GraphStore = request.app.state.store
    if media in SOLUTION_TYPES:
        result = store.query(sparql, accept=(media, "text/turtle"))
        return Response(result.body, media_type=result.media_type)
    rows = store.select(sparql)
    if media == "application/json":
        columns = list(question.columns) or sorted({k for r in rows for k in r})
        return JSONResponse(
            {
                "question": question.name,
                "parameters": raw,
                "columns": columns,
                "rows": [{k: r[k]["value"] for k in columns if k in r} for r in rows],
            }
        )
    lang = page_language(request)
    return HTMLResponse(
        render_localised(
            request,
            "question.html",
            lang,
            question=question,
            sparql=sparql,
            rows=rows,
            columns=list(question.columns) or sorted({k for r in rows for k in r}),
            cell=_cell_renderer(lang),
            editor=f"/sparql#query={quote(sparql, safe='')}",
            given=raw,
        )
    )


def _cell_renderer(lang: str) -> Callable[[Row, str], str]:
    links = Links("/")

    def cell(row: Row, column: str) -> str:
        binding = row.get(column)
        if binding is None:
            return ""
        label = row.get(column + "Label")
        t = term(binding)
        if label is not None:
            t.add_label(label)
        return values_html([t], lang, links)

    return cell


def install(app: FastAPI) -> None:
    """One route per question, so that each has its own OpenAPI entry with its parameters."""
    app.include_router(router)
    for question in catalogue().values():
        app.add_api_route(
            f"/queries/{question.name}",
            _endpoint(question),
            methods=["GET"],
            summary=question.title.get("en", question.name),
            description=question.description.get("en", ""),
            openapi_extra={
                "parameters": [
                    {
                        "name": p.name,
                        "in": "query",
                        "required": False,
                        "description": f"{p.type}; default {p.default}; {p.allowed_values()}",
                        "schema": {
                            "type": "string",
                            **({"default": p.default} if p.default else {}),
                            **({"enum": list(p.allowed)} if p.allowed else {}),
                        },
                    }
                    for p in question.params
                ]
            },
            tags=["questions"],
        )


def _endpoint(question: Question) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        return answer(request, question)

    endpoint.__name__ = "question_" + question.name.replace("-", "_")
    return endpoint


def editor_examples() -> str:
    """The catalogue for the query editor's example list (bound with the defaults)."""
    return json.dumps([q.bound() for q in catalogue().values()])
