"""Which inputs can be classified, and why the others cannot.

A statement that cannot be classified gets an error message and no label,
never a guess (codebook, "What is not a problem statement").
"""

from __future__ import annotations

import math
import re

from .normalization import normalize

__all__ = ["statement_error", "MAX_CHARS", "PLACEHOLDERS"]

#: Longer inputs are almost always several statements or a whole document.
MAX_CHARS = 2000

#: Cell contents that mean "nothing here" in ledgers.
PLACEHOLDERS = frozenset(
    {"无", "暂无", "没有", "无问题", "暂无问题", "未发现问题", "无此项", "不涉及", "略", "空",
     "同上", "待定", "/", "-", "--", "—", "——", "…", "...", "n/a", "na", "none", "null", "nan"}
)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TRIM = re.compile(r"^[\s。.,，;；:：、!！?？\"'“”‘’()（）\[\]【】<>《》]+|[\s。.,，;；:：、!！?？\"'“”‘’()（）\[\]【】<>《》]+$")


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
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "empty: no text"
    if not isinstance(value, str):
        return f"not text: got {type(value).__name__} {value!r}"
    core = _TRIM.sub("", normalize(value, enumerator=False))
    if not core:
        return "empty: whitespace or punctuation only" if value else "empty: no text"
    if core.lower() in PLACEHOLDERS:
        return f"placeholder {core!r}, not a problem statement"
    if not _CJK.search(core):
        return "no Chinese text"
    if len(value) > MAX_CHARS:
        return (
            f"too long ({len(value)} characters, limit {MAX_CHARS}): this is several statements "
            "or a whole document; split it with thoughtclass.extract_statements first"
        )
    return None
