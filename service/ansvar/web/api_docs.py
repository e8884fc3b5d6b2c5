"""/api/docs: Swagger UI served from this package (static/swagger-ui, vendored), never a CDN."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from markupsafe import escape

ASSETS = "/static/swagger-ui"


def install(app: FastAPI) -> None:
    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(app.title)} – API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS}/favicon-32x32.png">
</head><body>
<div id="swagger-ui" data-openapi="{escape(app.openapi_url or "/openapi.json")}"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="/static/api/docs.js"></script>
</body></html>""")
