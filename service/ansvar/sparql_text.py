"""Look for SPARQL keywords in query text, ignoring comments, strings and IRIs."""

from __future__ import annotations

import re
from functools import cache

__all__ = ["has_keyword"]

# Order matters: long strings before short ones; IRIs; comments to end of line.
_BLANK_OUT = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)


@cache
def _keyword(word: str) -> re.Pattern[str]:
    # A keyword token: not part of a variable (?x), prefixed name (p:x) or longer word.
    return re.compile(rf"(?<![\w?$:\-.]){word}(?![\w:\-])", re.IGNORECASE)


def has_keyword(query: str, word: str) -> bool:
    return bool(_keyword(word).search(_BLANK_OUT.sub(" ", query)))
