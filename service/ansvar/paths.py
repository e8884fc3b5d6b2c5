"""Locate the project's data directories, in a source checkout or an installed wheel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["ProjectPaths", "default_paths", "seeds_dir"]

_PACKAGE_DIR = Path(__file__).resolve().parent
# In a checkout the package sits at <root>/service/ansvar; the wheel carries
# the same directories under ansvar/_resources (see pyproject force-include).
_CHECKOUT_ROOT = _PACKAGE_DIR.parent.parent
_WHEEL_ROOT = _PACKAGE_DIR / "_resources"


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def queries(self) -> Path:
        return self.root / "queries"


def default_paths() -> ProjectPaths:
    for root in (_CHECKOUT_ROOT, _WHEEL_ROOT):
        if (root / "ontology").is_dir() and (root / "data").is_dir():
            return ProjectPaths(root)
    raise FileNotFoundError(
        "cannot find the ontology/ and data/ directories: neither a source checkout "
        f"({_CHECKOUT_ROOT}) nor an installed package ({_WHEEL_ROOT})"
    )


def seeds_dir() -> Path | None:
    """The shared source texts, where present beside the checkout (../shared/seeds)."""
    candidate = _CHECKOUT_ROOT.parent / "shared" / "seeds"
    return candidate if candidate.is_dir() else None
