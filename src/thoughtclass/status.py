"""Rectification status (整改情况): free text -> resolved / in_progress / not_started / unknown.

Ledgers write status in many ways ("已完成", "已整改到位", "已销号", "长期坚持",
"正在整改", "持续推进", "未启动", a date, or nothing). :func:`map_status`
reads them with :data:`STATUS_RULES`, an ordered list of (pattern, status)
pairs checked first to last; pass your own rules to override it.

The decisions, documented here because a report's numbers depend on them:

* "长期坚持" / "常态化" (kept up as a standing practice) counts as
  ``resolved``: ledgers close such items with that phrase, and the seed
  report counts closed items as 已解决.
* "基本完成" counts as ``in_progress``: it is not closed.
* A negation wins over a completion word: "未完成" is ``in_progress``,
  "未启动"/"尚未开展" is ``not_started``.
* Empty, "/" or anything unrecognised is ``unknown`` (never guessed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = ["STATUSES", "STATUS_RULES", "map_status", "status_column"]

STATUSES = ("resolved", "in_progress", "not_started", "unknown")

#: Ordered (regular expression, status) rules; the first match wins.
STATUS_RULES: tuple[tuple[str, str], ...] = (
    (r"未启动|尚未启动|未开展|尚未开展|未开始|暂未开始|暂未实施|未动工|待启动", "not_started"),
    (r"未完成|未整改到位|未到位|尚未完成|没有完成|基本完成|基本整改|大部分完成|部分完成", "in_progress"),
    (r"正在|整改中|推进中|进行中|实施中|持续推进|持续整改|积极推进|稳步推进|加快推进|逐步推进|按计划推进|序时推进|督促整改|跟踪", "in_progress"),
    (r"已完成|完成整改|整改完成|已整改|整改到位|已到位|已销号|销号|已解决|已落实|办结|已办结|已结|完成$|^完成|长期坚持|常态化|长效坚持", "resolved"),
)


def _compile(rules: Iterable[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    compiled = []
    for pattern, status in rules:
        if status not in STATUSES:
            raise ValueError(f"status rule {pattern!r} maps to {status!r}; expected one of {', '.join(STATUSES)}")
        compiled.append((re.compile(pattern), status))
    return compiled


_DEFAULT = _compile(STATUS_RULES)


def map_status(value: object, rules: Sequence[tuple[str, str]] | None = None) -> str:
    """Map one free-text status to ``resolved``, ``in_progress``, ``not_started`` or ``unknown``.

    Examples
    --------
    >>> [map_status(s) for s in ["已整改到位", "持续推进中", "未启动", "长期坚持", "", None]]
    ['resolved', 'in_progress', 'not_started', 'resolved', 'unknown', 'unknown']
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "unknown"
    text = re.sub(r"\s+", "", str(value))
    if not text:
        return "unknown"
    if text in STATUSES:
        return text
    for pattern, status in _compile(rules) if rules is not None else _DEFAULT:
        if pattern.search(text):
            return status
    return "unknown"


def status_column(values: Iterable[object], rules: Sequence[tuple[str, str]] | None = None) -> pd.Series:
    """Vectorised :func:`map_status` returning a categorical Series."""
    mapped = [map_status(v, rules) for v in values]
    return pd.Series(pd.Categorical(mapped, categories=list(STATUSES)))
