"""The scikit-learn estimator contract, without importing scikit-learn.

:class:`~thoughtclass.model.ThoughtClassifier` and
:class:`~thoughtclass.features.TextFeatures` are scikit-learn estimators,
but predicting with a saved model must not import scikit-learn (it costs
seconds at start-up). ``sklearn.base.BaseEstimator`` is therefore not a base
class; :class:`Estimator` implements the part of its contract that
scikit-learn relies on (``get_params``/``set_params`` over the ``__init__``
signature, nested ``a__b`` parameters, ``__sklearn_tags__``), the way the
scikit-learn developer guide allows. scikit-learn itself is imported only
when scikit-learn asks for the tags, i.e. when it is already loaded.
"""

from __future__ import annotations

import inspect

__all__ = ["Estimator"]


class Estimator:
    """Parameter handling of a scikit-learn estimator, and lazily built fitted state.

    Subclasses list in ``_LAZY`` fitted attributes (trailing underscore)
    that are built on first access by the named method, which raises
    AttributeError while the estimator is not fitted.
    """

    _LAZY: dict[str, str] = {}

    @classmethod
    def _get_param_names(cls) -> list[str]:
        params = inspect.signature(cls.__init__).parameters.values()
        return sorted(p.name for p in params if p.name != "self" and p.kind != p.VAR_KEYWORD)

    def get_params(self, deep: bool = True) -> dict:
        """Parameters of this estimator (and, if ``deep``, of nested estimators)."""
        out = {}
        for key in self._get_param_names():
            value = getattr(self, key)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{key}__{k}", v) for k, v in value.get_params().items())
            out[key] = value
        return out

    def set_params(self, **params):
        """Set parameters (``name`` or ``nested__name``); returns ``self``."""
        valid = self.get_params(deep=True)
        nested: dict[str, dict] = {}
        for key, value in params.items():
            name, delim, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {self}. "
                    f"Valid parameters are: {self._get_param_names()!r}."
                )
            if delim:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
                valid[name] = value
        for name, sub_params in nested.items():
            valid[name].set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        # Like scikit-learn: only the parameters that differ from the defaults.
        defaults = {
            p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()
        }
        changed = [
            f"{k}={v!r}" for k, v in self.get_params(deep=False).items()
            if not (v is defaults.get(k) or (type(v) is type(defaults.get(k)) and v == defaults.get(k)))
        ]
        return f"{type(self).__name__}({', '.join(changed)})"

    def __getattr__(self, name: str):
        # Only called when normal lookup fails: build a lazy fitted attribute.
        builder = type(self)._LAZY.get(name)
        if builder is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = getattr(self, builder)()
        setattr(self, name, value)
        return value

    def __sklearn_tags__(self):
        from sklearn.utils import Tags, TargetTags

        return Tags(estimator_type=None, target_tags=TargetTags(required=False))
