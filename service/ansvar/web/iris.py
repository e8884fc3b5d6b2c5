"""The RDF media types the web layer offers, from the rendering module's table of the graph's
own IRIs (ansvar.render.links); the download routes negotiate with them."""

from __future__ import annotations

from ..render.links import RDF_TYPES

__all__ = ["RDF_TYPES"]
