"""Where the bundled files are: the package's data, and ontology/queries/examples.

In a checkout (editable install) these live at the repository root; in a wheel they are
copied under `kg/_resources/` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def _top(name: str) -> Path:
    bundled = PACKAGE_DIR / "_resources" / name
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / name


def ontology_dir() -> Path:
    return _top("ontology")


def queries_dir() -> Path:
    return _top("queries")


def examples_dir() -> Path:
    return _top("examples")


def ontology_file() -> Path:
    return ontology_dir() / "diplograph.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"
