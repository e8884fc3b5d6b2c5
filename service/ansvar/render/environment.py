"""The one Jinja environment of every page: the service's, `ansvar publish`'s and `ansvar check --format html`'s."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..namespaces import PREFIXES

__all__ = ["TEMPLATES", "environment", "render"]

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    """Templates from TEMPLATES, HTML-escaped, with the prefixes every page may show."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape())
    env.globals["prefixes"] = PREFIXES
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
