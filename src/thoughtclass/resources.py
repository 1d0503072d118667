"""Locate the data that ships with the package.

Installed from a wheel, everything lives inside the package (``data/``, and
the corpus and default model copied in at build time). In a source checkout
(editable install) the corpus and models are read from the repository's
top-level ``corpora/`` and ``models/`` instead, so there is one copy of each.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_file", "read_sections", "shipped_dir"]

_PACKAGE_ROOT = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_ROOT.parent.parent  # <repo>/src/thoughtclass -> <repo>


def data_file(name: str) -> Path:
    """Return the path of a file in the package's ``data/`` folder."""
    path = _PACKAGE_ROOT / "data" / name
    if not path.is_file():
        raise FileNotFoundError(f"thoughtclass data file {name!r} is missing from {path.parent}")
    return path


def read_sections(name: str) -> dict[str, tuple[str, ...]]:
    """Read a sectioned word list from ``data/``: ``[section]`` headers, words split on spaces, ``#`` comments.

    Each section keeps its words in file order, without repeats.
    """
    sections: dict[str, list[str]] = {}
    current = None
    with open(data_file(name), encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                current = sections.setdefault(line[1:-1], [])
            elif current is not None:
                current.extend(line.split())
    return {section: tuple(dict.fromkeys(words)) for section, words in sections.items()}


def shipped_dir(name: str) -> Path:
    """Return a shipped top-level folder (``"corpora"`` or ``"models"``).

    The wheel carries them as ``thoughtclass/<name>``; a source checkout has
    them at the repository root.
    """
    for candidate in (_PACKAGE_ROOT / name, _SOURCE_ROOT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"thoughtclass cannot find its {name!r} folder: looked in {_PACKAGE_ROOT / name} "
        f"and {_SOURCE_ROOT / name}. Reinstall the package (pip install thoughtclass)."
    )
