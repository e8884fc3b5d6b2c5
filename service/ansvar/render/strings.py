"""The two languages of the pages (sv, en): the interface strings (strings.toml) and label choice."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "STRINGS_FILE", "Translator", "pick", "strings", "translator"]

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
STRINGS_FILE = Path(__file__).parent / "strings.toml"

Translator = Callable[[str], str]


@cache
def strings() -> dict[str, dict[str, str]]:
    """{language: {key: text}} from strings.toml, where each key is a table of both languages."""
    with STRINGS_FILE.open("rb") as f:
        table: dict[str, dict[str, str]] = tomllib.load(f)
    missing = sorted(key for key, texts in table.items() if set(texts) != set(LANGUAGES))
    if missing:
        raise ValueError(f"{STRINGS_FILE.name}: keys without exactly {', '.join(LANGUAGES)}: {', '.join(missing)}")
    return {lang: {key: texts[lang] for key, texts in table.items()} for lang in LANGUAGES}


def translator(lang: str) -> Translator:
    """t(key) for templates: the string in `lang`, or the key itself when none is written."""
    texts = strings()[lang]
    return lambda key: texts.get(key, key)


def pick(labels: dict[str, str], lang: str) -> str | None:
    """The label in the page's language, else Swedish, English, untagged, any."""
    for candidate in (lang, "sv", "en", ""):
        if candidate in labels:
            return labels[candidate]
    return next(iter(labels.values()), None)
