"""Text normalisation applied before segmentation and classification.

Offices paste statements from Word, Excel and web forms, so the same words
arrive with full-width digits, stray spaces, control characters and a
leading enumerator ("一是", "（一）", "1.", "①", "问题一："). Normalising
first means the segmenter, the features and the statement splitter all see
one canonical form.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["normalize", "strip_enumerator", "ENUMERATOR_PATTERN"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NUM_ZH = "一二三四五六七八九十百零〇两"

# A leading enumerator, as units number their problems. Kept strict enough
# that ordinary openings ("一些干部", "第一书记", "三会一课", "12项任务",
# "3.5万亩") are never mistaken for numbering.
ENUMERATOR_PATTERN = re.compile(
    rf"""^(?:
        [（(]\s*[{_NUM_ZH}\d]{{1,3}}\s*[)）]\s*[、.．，,:：]?   # （一） (1)
      | [{_NUM_ZH}]{{1,3}}是\s*[，,：:、]?                    # 一是 二是
      | 第[{_NUM_ZH}\d]{{1,3}}(?:条|项|个问题)?\s*[，,、：:．.]   # 第一， 第2条：
      | [{_NUM_ZH}]{{1,3}}\s*[、．.]                          # 一、 二．
      | \d{{1,3}}\s*(?:[、．)）]|\.(?!\d))                    # 1. 1、 1) (not 3.5)
      | [\u2460-\u2473\u2474-\u2487\u2488-\u249b\u3251-\u325f]  # ① ⑴ ⒈
      | 问题\s*[{_NUM_ZH}\d]{{1,3}}\s*[：:、.．]?               # 问题一：
      | [\-•·●○■□◆◇▪*]\s                                    # bullets
    )\s*""",
    re.VERBOSE,
)

# Web forms and Word exports leave markup behind; tags carry no words.
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}，。；：、！？“”（）])\s+(?=[{_CJK}，。；：、！？“”（）])")
_SPACES = re.compile(r"\s+")
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_PUNCT_NEAR_CJK = re.compile(
    rf"(?<=[{_CJK}])[,;:?!()]|[,;:?!()](?=[{_CJK}])"
)


# Full-width letters, digits and signs become ASCII, the ideographic space a
# plain one; Chinese punctuation (，。；) is left alone on purpose, which is
# why this is not plain NFKC. A translate table does it in one C-level pass.
_WIDTH_TABLE = {0x3000: " "}
_WIDTH_TABLE.update({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)})
_WIDTH_TABLE.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
_WIDTH_TABLE.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
_WIDTH_TABLE.update({ord(c): ord(c) - 0xFEE0 for c in "％＋－／＝＜＞＃＆．"})


# Most statements need none of the rewrites below; a character-class search
# is several times cheaper than translate() or a lookbehind sub() over the
# whole text, so each rewrite runs only when its characters are present.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _WIDTH_TABLE) + "]")
_ASCII_PUNCT = re.compile("[" + re.escape("".join(_HALF_PUNCT)) + "]")
_WHITESPACE = re.compile(r"\s")  # what str.strip() strips, too
# Any character some rewrite acts on (one character class: the regex parser
# merges an alternation of classes); most statements have none.
_REWRITTEN = re.compile("|".join(["[<&]", _CONTROL.pattern, _FOLDABLE.pattern, _ASCII_PUNCT.pattern, _WHITESPACE.pattern]))


def _fold_width(text: str) -> str:
    return text.translate(_WIDTH_TABLE) if _FOLDABLE.search(text) else text


def strip_enumerator(text: str) -> str:
    """Remove leading enumerators such as ``一是``, ``（一）``, ``1.``, ``①``.

    Nested numbering ("（一）1.") is removed as a whole.

    Examples
    --------
    >>> strip_enumerator("（二）2．学习研讨走过场。")
    '学习研讨走过场。'
    >>> strip_enumerator("第一书记作用发挥不够。")
    '第一书记作用发挥不够。'
    """
    for _ in range(3):
        stripped = ENUMERATOR_PATTERN.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


def normalize(text: str, *, enumerator: bool = True) -> str:
    """Return the canonical form of one statement.

    Removes HTML tags and decodes entities (``<p>``, ``&nbsp;``), folds
    full-width letters and digits to ASCII, turns ASCII punctuation next to
    Chinese characters into its Chinese form, removes control and
    zero-width characters, drops spaces between Chinese characters and
    collapses the rest, and (unless ``enumerator=False``) strips a leading
    enumerator.

    Parameters
    ----------
    text : str
        One statement.
    enumerator : bool, default True
        Strip a leading enumerator (一是, （一）, 1., ①, 问题一：).

    Returns
    -------
    str

    Examples
    --------
    >>> normalize("一是  服务意识不强,群众办事仍需多次跑腿。")
    '服务意识不强，群众办事仍需多次跑腿。'
    >>> normalize("（1）全年召开会议１２次")
    '全年召开会议12次'
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}: {text!r}")
    text = unicodedata.normalize("NFC", text)
    if _REWRITTEN.search(text):
        text = _rewrite(text)
    if enumerator:
        text = strip_enumerator(text)
    return text


def _rewrite(text: str) -> str:
    """Markup, control characters, width, punctuation and spaces of an NFC text (see :func:`normalize`)."""
    if "<" in text or "&" in text:
        text = html.unescape(_HTML_TAG.sub(" ", text))
    text = _CONTROL.sub("", text)
    text = _fold_width(text)
    if _ASCII_PUNCT.search(text):
        text = _PUNCT_NEAR_CJK.sub(lambda m: _HALF_PUNCT[m.group()], text)
    if _WHITESPACE.search(text):
        text = _SPACE_BETWEEN_CJK.sub("", text)
        text = _SPACES.sub(" ", text).strip()
    return text
