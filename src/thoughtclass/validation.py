"""Which inputs can be classified, and why the others cannot.

A statement that cannot be classified gets an error message and no label,
never a guess (codebook, "What is not a problem statement").
"""

from __future__ import annotations

import math
import re

from .normalization import normalize, strip_enumerator

__all__ = ["statement_error", "screen", "MAX_CHARS", "PLACEHOLDERS"]

#: Longer inputs are almost always several statements or a whole document.
MAX_CHARS = 2000

#: Cell contents that mean "nothing here" in ledgers.
PLACEHOLDERS = frozenset(
    {"无", "暂无", "没有", "无问题", "暂无问题", "未发现问题", "无此项", "不涉及", "略", "空",
     "同上", "待定", "/", "-", "--", "—", "——", "…", "...", "n/a", "na", "none", "null", "nan"}
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Stripped from both ends before the checks. Normalised text holds no
# whitespace but single spaces, so str.strip with these characters does
# what the regex ^[\s…]+|[\s…]+$ did, without trying every position.
_TRIM = " 。.,，;；:：、!！?？\"'“”‘’()（）[]【】<>《》"


def statement_error(value: object) -> str | None:
    """Return why ``value`` cannot be classified, or None if it can.

    Examples
    --------
    >>> statement_error("服务意识不强")
    >>> statement_error("暂无")
    "placeholder '暂无', not a problem statement"
    >>> statement_error("12345")
    'no Chinese text'
    """
    return screen(value)[0]


def screen(value: object) -> tuple[str | None, str | None]:
    """Check ``value`` and normalise it, normalising only once.

    Returns
    -------
    error : str or None
        As :func:`statement_error`.
    text : str or None
        ``normalize(value)`` when ``value`` can be classified, else None.

    Examples
    --------
    >>> screen("一是 服务意识不强")
    (None, '服务意识不强')
    >>> screen("无")
    ("placeholder '无', not a problem statement", None)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "empty: no text", None
    if not isinstance(value, str):
        return f"not text: got {type(value).__name__} {value!r}", None
    # The checks look at the text with its enumerator ("一是") still in place;
    # stripping it afterwards gives exactly normalize(value).
    text = normalize(value, enumerator=False)
    core = text.strip(_TRIM)
    if not core:
        return ("empty: whitespace or punctuation only" if value else "empty: no text"), None
    if core.lower() in PLACEHOLDERS:
        return f"placeholder {core!r}, not a problem statement", None
    if not _CJK.search(core):
        return "no Chinese text", None
    if len(value) > MAX_CHARS:
        return (
            f"too long ({len(value)} characters, limit {MAX_CHARS}): this is several statements "
            "or a whole document; split it with thoughtclass.extract_statements first"
        ), None
    return None, strip_enumerator(text)
