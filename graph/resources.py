"""Where the ontology, vocabularies, reference data and bundled records are on disk.

In a wheel they travel inside the package (``graph/_resources/``, see ``pyproject.toml``); in a
checkout or an editable install they are read from the top of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resources_root() -> Path:
    """The folder holding ``ontology/`` and ``data/``."""
    packaged = _PACKAGE / "_resources"
    if (packaged / "ontology").is_dir():
        return packaged
    return _PACKAGE.parent


def ontology_dir() -> Path:
    return resources_root() / "ontology"


def data_dir() -> Path:
    return resources_root() / "data"


def reference_dir() -> Path:
    return data_dir() / "reference"


def bundled_records_dir() -> Path:
    return data_dir() / "interviews"
