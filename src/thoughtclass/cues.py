"""The codebook's knowledge of the nature decision, as a cue lexicon.

A statement is a *thinking* problem when it names a subjective deficiency of
the unit's own people, and a *work* problem otherwise (codebook, Label 2);
the mindset of outsiders such as 群众 or 企业 does not count (rule 1), and
formalism shown in conduct counts even with no style word (rule 2), as does
a chosen 重X轻Y emphasis (rule 12). :class:`CueMatcher` finds those cues
clause by clause so that a learned model can weigh them beside its n-grams.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .resources import read_sections

__all__ = ["CueMatcher", "CueHits", "load_cues", "CUE_FEATURES"]

_CLAUSE = re.compile(r"[，。；;,!！?？\n]")
# Where a sentence ends, a subject stops carrying over to the next clause.
_SENTENCE_END = frozenset("。；;!！?？\n")
# A preposition or verb of the unit's own work anywhere before an outsider
# makes the outsider its object: "对县内企业的需求研究不深".
_OBJECT_BEFORE = re.compile(r"对|关于|针对|面向|服务|帮扶|帮助|联系|走访|深入|引导|动员|组织|推动|带动|培育|扶持|支持|指导|辅导|解决|处理|吸引|监管")
# These do so only right before it: "干部和群众" joins two subjects.
_OBJECT_MARKER = re.compile(r"(向|为|给|替|帮|助|与|和|同|让|把|关心)$")
# A mental or conduct noun followed, within a few characters, by a deficiency.
_MENTAL_NOUNS = (
    "意识", "观念", "认识", "思想", "作风", "担当", "能力", "本领", "危机感", "紧迫感", "积极性", "主动性", "精神", "劲头",
    "动力", "站位", "重视程度", "责任心", "进取心", "境界", "格局", "眼界", "视野", "思路",
)
_DEFICIENCIES = (
    "不强", "淡薄", "不足", "不够", "不高", "不到位", "不深", "不清", "欠缺", "薄弱", "陈旧", "落后", "保守", "僵化", "淡化",
    "弱化", "不实", "漂浮", "松懈", "松弛", "缺失", "不牢", "不浓", "不大", "不宽", "狭窄", "偏差", "模糊", "不端正",
    "有待增强", "有待加强", "有待提高", "有待提升", "亟待增强", "亟需增强",
)
_DEFICIENCY_AFTER = r"[\u4e00-\u9fff]{0,4}?" "(?:" + "|".join(_DEFICIENCIES) + ")"
_NOUN_DEFICIENCY = re.compile("(?:" + "|".join(_MENTAL_NOUNS) + ")" + _DEFICIENCY_AFTER)
_CHONG_QING = re.compile(r"重[\u4e00-\u9fff]{1,4}[、，]?轻[\u4e00-\u9fff]{1,4}")

#: Names of the dense features :meth:`CueMatcher.features` returns, in order.
CUE_FEATURES = (
    "cue:subjective_own",
    "cue:subjective_outsider",
    "cue:subjective_unattributed",
    "cue:style",
    "cue:chong_qing",
    "cue:own_subject",
    "cue:outsider_subject",
)


@lru_cache(maxsize=1)
def load_cues() -> dict[str, tuple[str, ...]]:
    """Read the shipped cue lexicon (``data/cues.txt``) into sections."""
    return read_sections("cues.txt")


def _alternation(words) -> re.Pattern[str]:
    """A pattern matching the longest of ``words`` at each position, as a trie.

    Same matches as the plain alternation of the words sorted longest first,
    but the regex engine follows one branch per character instead of trying
    every word in turn, which made the cue search a third of the work.
    """
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict) -> str:
        alts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # Longer words first: go on if possible, else end at the shorter word.
        return f"(?:{body})?" if "" in node else body

    return re.compile("|".join(re.escape(ch) + branch(child) for ch, child in sorted(root.items())))


@dataclass(frozen=True)
class CueHits:
    """The cues found in one statement, with the clause they stand in."""

    subjective_own: tuple[str, ...]
    subjective_outsider: tuple[str, ...]
    subjective_unattributed: tuple[str, ...]
    style: tuple[str, ...]
    chong_qing: tuple[str, ...]
    own_subject: bool
    outsider_subject: bool


class CueMatcher:
    """Find subjective, style and subject cues in statements.

    Examples
    --------
    >>> m = CueMatcher()
    >>> m.hits("部分群众法治意识淡薄，乱搭乱建屡禁不止。").subjective_outsider
    ('意识淡薄',)
    >>> m.hits("部分干部服务意识不强，对企业诉求推诿扯皮。").subjective_own
    ('意识不强', '推诿', '扯皮')
    >>> m.hits("宣传方式较为单一。").subjective_unattributed
    ()
    """

    def __init__(self) -> None:
        cues = load_cues()
        # _NOUN_DEFICIENCY | the subjective words, written as one alternation
        # whose every branch starts with a character: then the regex engine
        # jumps to the characters that can start a match instead of trying
        # every branch at every character. No noun is the start of another,
        # so at most one noun branch can match where the group could.
        self._subjective = re.compile(
            "|".join(re.escape(noun) + _DEFICIENCY_AFTER for noun in _MENTAL_NOUNS)
            + "|" + _alternation(cues["subjective"]).pattern
        )
        self._style = _alternation(cues["style"])
        self._outsider = _alternation(cues["outsider"])
        self._own = _alternation(cues["own"])

    def _subject_outsider(self, text: str) -> bool:
        # "对企业诉求推诿" or "推动企业创新的意识不强" name firms as the object of
        # the unit's own work, not as the people whose mindset is lacking.
        for m in self._outsider.finditer(text):
            just_before = text[max(0, m.start() - 3) : m.start()]
            if not _OBJECT_MARKER.search(just_before) and not _OBJECT_BEFORE.search(text, 0, m.start()):
                return True
        return False

    def _subjective_hits(self, text: str) -> tuple[list[str], list[str], list[str]]:
        """Subjective cues of ``text`` blamed on the unit's own people, on outsiders, on no one."""
        own_hits, out_hits, free_hits = [], [], []
        # Chinese drops a subject the sentence has already named ("农民缺乏
        # 技术，耕地保护意识淡薄"): a clause with no subject of its own takes the
        # last one named before it in the same sentence.
        carried = None
        start = 0
        for m in _CLAUSE.finditer(text + "\n"):
            clause = text[start : m.start()]
            start = m.end()
            for cue in self._subjective.findall(clause):
                # The subject is what comes before the cue in its clause: "部分
                # 群众…意识淡薄" blames outsiders, "干部…对群众…意识不强" does not.
                whose = self._whose(clause[: clause.find(cue)]) or carried
                {"own": own_hits, "outsider": out_hits, None: free_hits}[whose].append(cue)
            carried = None if m.group() in _SENTENCE_END else (self._whose(clause) or carried)
        return own_hits, out_hits, free_hits

    def _whose(self, words: str) -> str | None:
        """Whose people ``words`` name as subject: ``"own"`` (first), ``"outsider"`` or None."""
        if self._own.search(words):
            return "own"
        return "outsider" if self._subject_outsider(words) else None

    def hits(self, text: str) -> CueHits:
        # No cue word contains a clause separator and no pattern can match
        # across one (tests/test_fast_path.py checks both), so matching the whole
        # text finds exactly the matches of its clauses, in order, in one
        # regex call each. Only a subjective cue needs its clauses, to see
        # whose deficiency it names.
        own_hits, out_hits, free_hits = self._subjective_hits(text) if self._subjective.search(text) else ([], [], [])
        return CueHits(
            tuple(own_hits),
            tuple(out_hits),
            tuple(free_hits),
            tuple(self._style.findall(text)),
            tuple(_CHONG_QING.findall(text)),
            self._own.search(text) is not None,
            self._outsider.search(text) is not None,
        )

    def features(self, text: str) -> list[float]:
        """Return the dense cue features of one text (see :data:`CUE_FEATURES`)."""
        h = self.hits(text)
        return [
            float(min(len(h.subjective_own), 3)),
            float(min(len(h.subjective_outsider), 3)),
            float(min(len(h.subjective_unattributed), 3)),
            float(min(len(h.style), 3)),
            float(bool(h.chong_qing)),
            float(h.own_subject),
            float(h.outsider_subject),
        ]

    def features_many(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`features` of many texts, as an ``(n, 7)`` array.

        The texts are joined with newlines and each pattern runs once over
        the whole: no match crosses a clause separator such as "\\n" (see
        :meth:`hits`), so every match lies within one text, and which text
        follows from where it starts. Only texts with a subjective cue are
        looked at one by one. Texts that hold a newline are matched one by one.
        """
        n = len(texts)
        joined = "\n".join(texts)
        if joined.count("\n") != max(n - 1, 0):
            return np.array([self.features(t) for t in texts], dtype=np.float64).reshape(n, len(CUE_FEATURES))
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
        starts = np.cumsum(lengths + 1) - (lengths + 1)

        def matches_per_text(pattern: re.Pattern[str]) -> np.ndarray:
            at = np.fromiter((m.start() for m in pattern.finditer(joined)), dtype=np.int64)
            return np.bincount(np.searchsorted(starts, at, side="right") - 1, minlength=n)

        out = np.zeros((n, len(CUE_FEATURES)))
        for i in np.flatnonzero(matches_per_text(self._subjective)).tolist():
            out[i, :3] = [min(len(h), 3) for h in self._subjective_hits(texts[i])]
        out[:, 3] = np.minimum(matches_per_text(self._style), 3)
        out[:, 4] = matches_per_text(_CHONG_QING) > 0
        out[:, 5] = matches_per_text(self._own) > 0
        out[:, 6] = matches_per_text(self._outsider) > 0
        return out
