"""Model files: a plain format of our own, safe to load from anyone.

A model is a folder holding

* ``model.json``: format tag and version, codebook version, labels, feature
  settings, calibration, review threshold, the domain dictionary,
  training-data hash, library versions, metrics, and the SHA-256 of the
  weights and of the JSON content itself;
* ``weights.npz``: the vocabularies (UTF-8 bytes, one term per line), the
  IDF vectors and the two heads' coefficients, read with
  ``allow_pickle=False``.

Format 1 kept the vocabularies in ``model.json``; such files still load
(``scripts/convert_model.py`` rewrites them). Loading imports neither
scikit-learn nor scipy: the heads are kept as arrays, and a
``LogisticRegression`` is built only if ``category_model_`` or
``nature_model_`` is asked for.

Nothing in either file is ever executed, so a model from a colleague is as
safe to open as a spreadsheet. A missing, truncated, tampered or foreign file
is refused with :class:`~thoughtclass.errors.ModelFileError`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from . import __version__
from .errors import ModelFileError
from .features import TextFeatures
from .labels import CODEBOOK_VERSION
from .model import ThoughtClassifier
from .segmenter import Segmenter, domain_words, get_default_segmenter

__all__ = ["save_model", "load_model", "FORMAT", "FORMAT_VERSION"]

FORMAT = "thoughtclass-model"
FORMAT_VERSION = 2
_READABLE_VERSIONS = (1, 2)
_JSON, _NPZ = "model.json", "weights.npz"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(meta: dict) -> bytes:
    body = {k: v for k, v in meta.items() if k != "content_sha256"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _versions() -> dict[str, str]:
    # Read from the installed distributions: importing scikit-learn just to
    # record its version would cost seconds when a loaded model is saved.
    from importlib.metadata import version

    return {
        "thoughtclass": __version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        **{name: version(name) for name in ("scipy", "scikit-learn", "jieba")},
    }


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    # Like np.savez_compressed, but with fixed zip timestamps, so the same
    # model always gives byte-identical files (and checksums).
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as fh:
                np.lib.format.write_array(fh, np.asarray(arrays[name]), allow_pickle=False)
    return buf.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_model(model: ThoughtClassifier, path, *, metadata: dict | None = None) -> Path:
    """Write a fitted model to the folder ``path`` (created if needed).

    Parameters
    ----------
    model : ThoughtClassifier
        A fitted classifier.
    path : str or path-like
        Target folder; ``model.json`` and ``weights.npz`` are (re)written.
    metadata : dict, optional
        Extra JSON-able facts to store, e.g. ``training_data_sha256``,
        ``metrics``, ``name``.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    if not hasattr(model, "features_"):
        raise ModelFileError("cannot save an unfitted ThoughtClassifier; call fit first")
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    feat_meta, arrays = model.features_.state()
    arrays = dict(arrays)
    for head in ("category", "nature"):
        _, arrays[f"{head}_coef"], arrays[f"{head}_intercept"] = model._head_source(head)
    weights = _npz_bytes(arrays)
    seg = model.features_.segmenter
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "codebook_version": CODEBOOK_VERSION,
        "labels": {"category": model.classes_[0].tolist(), "nature": model.classes_[1].tolist()},
        "params": {k: v for k, v in model.get_params(deep=False).items() if k != "features"},
        "features": feat_meta,
        "temperature": model.temperature_,
        "review_threshold": model.review_threshold_,
        "domain_dictionary": list(seg.words if seg is not None else domain_words()),
        "versions": _versions(),
        "weights_sha256": _digest(weights),
        **(metadata or {}),
    }
    meta["content_sha256"] = _digest(_canonical(meta))
    _write_atomic(folder / _NPZ, weights)
    _write_atomic(folder / _JSON, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
    return folder


def read_metadata(path) -> dict:
    """Read and verify ``model.json`` of the model folder ``path``."""
    folder = Path(path)
    if folder.is_file() and folder.name in (_JSON, _NPZ):
        folder = folder.parent
    file = folder / _JSON
    if not folder.exists():
        raise ModelFileError(f"no model at {str(folder)!r}: the folder does not exist")
    if not file.is_file():
        raise ModelFileError(f"{str(folder)!r} is not a thoughtclass model: {_JSON} is missing")
    try:
        meta = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{file}: not a readable model description ({exc}); the file is truncated or corrupt") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileError(f"{file}: not a thoughtclass model (format tag is {meta.get('format') if isinstance(meta, dict) else None!r})")
    if meta.get("format_version") not in _READABLE_VERSIONS:
        raise ModelFileError(
            f"{file}: model format version {meta.get('format_version')!r}; this thoughtclass "
            f"({__version__}) reads versions {', '.join(map(str, _READABLE_VERSIONS))}"
        )
    if meta.get("content_sha256") != _digest(_canonical(meta)):
        raise ModelFileError(f"{file}: checksum mismatch; the model description was modified or damaged")
    return meta


def load_model(path) -> ThoughtClassifier:
    """Load a model folder written by :func:`save_model`.

    Raises
    ------
    ModelFileError
        If the folder or its files are missing, truncated, modified, or not
        a thoughtclass model.

    Examples
    --------
    >>> import thoughtclass as tc
    >>> from thoughtclass.resources import shipped_dir
    >>> clf = tc.load(shipped_dir("models") / "default")
    >>> clf.predict(["部分干部服务意识不强"])[0].tolist()
    ['capability_style', 'thinking']
    """
    meta = read_metadata(path)
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    npz = folder / _NPZ
    if not npz.is_file():
        raise ModelFileError(f"{str(folder)!r}: {_NPZ} is missing")
    weights = npz.read_bytes()
    if _digest(weights) != meta["weights_sha256"]:
        raise ModelFileError(f"{npz}: checksum mismatch; the weights were modified, truncated or damaged")
    try:
        with np.load(io.BytesIO(weights), allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        raise ModelFileError(f"{npz}: cannot read the weights ({exc})") from None

    words = meta["domain_dictionary"]
    segmenter = (
        get_default_segmenter() if tuple(words) == domain_words()
        else Segmenter(user_dict=words, domain_dict=False)
    )
    features = TextFeatures.from_state(meta["features"], arrays, segmenter=segmenter)
    model = ThoughtClassifier(**meta["params"])
    model.features_ = features
    model._head_arrays = {
        head: (np.asarray(meta["labels"][head], dtype=object), arrays[f"{head}_coef"], arrays[f"{head}_intercept"])
        for head in ("category", "nature")
    }
    model.classes_ = [model._head_arrays[head][0] for head in ("category", "nature")]
    if any(coef.shape[1] != features.n_features() for _, coef, _ in model._head_arrays.values()):
        raise ModelFileError(f"{folder}: weights do not match the vocabulary; the model is inconsistent")
    model.temperature_ = meta["temperature"]
    model.review_threshold_ = meta["review_threshold"]
    model.metadata_ = {k: v for k, v in meta.items() if k not in ("features", "domain_dictionary")}
    return model
