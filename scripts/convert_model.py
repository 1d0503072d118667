"""Rewrite model folders in the current file format (format 1 -> 2).

Format 2 keeps the vocabularies in ``weights.npz`` instead of ``model.json``,
which makes loading several times faster. The weights, settings, metrics and
the library versions the model was trained with are kept as they are; only
the layout of the files and their checksums change.

    python scripts/convert_model.py models/default [more folders...]
"""

from __future__ import annotations

import argparse

from thoughtclass.persistence import FORMAT_VERSION, load_model, read_metadata, save_model

# Written by save_model itself; everything else in model.json is passed on.
_OWN_KEYS = {
    "format", "format_version", "codebook_version", "labels", "params", "features", "temperature",
    "review_threshold", "domain_dictionary", "weights_sha256", "content_sha256",
}


def convert(folder) -> bool:
    """Rewrite one model folder; False if it is already in the current format."""
    meta = read_metadata(folder)
    if meta["format_version"] == FORMAT_VERSION:
        return False
    model = load_model(folder)
    save_model(model, folder, metadata={k: v for k, v in meta.items() if k not in _OWN_KEYS})
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+")
    for folder in ap.parse_args().folders:
        print(f"{folder}: {'converted' if convert(folder) else 'already current'}")


if __name__ == "__main__":
    main()
