"""Exceptions raised by thoughtclass. All derive from :class:`ThoughtclassError`."""

from __future__ import annotations

__all__ = ["ThoughtclassError", "InputError", "ModelFileError"]


class ThoughtclassError(Exception):
    """Base class of every error thoughtclass raises on purpose."""


class InputError(ThoughtclassError, ValueError):
    """A text, file, row or value that cannot be used, with the reason."""


class ModelFileError(ThoughtclassError):
    """A model file that is missing, corrupt, tampered with or not ours."""
