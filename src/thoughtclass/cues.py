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
from dataclasses import dataclass
from functools import lru_cache

from .resources import read_sections

__all__ = ["CueMatcher", "CueHits", "load_cues", "CUE_FEATURES"]

_CLAUSE = re.compile(r"[，。；;,!！?？\n]")
_OBJECT_MARKER = re.compile(r"(对|向|为|给|替|帮|助|服务|与|和|同|让|把|关心|引导|联系)$")
# A mental or conduct noun followed, within a few characters, by a deficiency.
_NOUN_DEFICIENCY = re.compile(
    r"(?:意识|观念|认识|思想|作风|担当|能力|本领|危机感|紧迫感|积极性|主动性|精神|劲头|动力|站位|重视程度|责任心|进取心|境界|格局|眼界|视野|思路)"
    r"[\u4e00-\u9fff]{0,4}?"
    r"(?:不强|淡薄|不足|不够|不高|不到位|不深|不清|欠缺|薄弱|陈旧|落后|保守|僵化|淡化|弱化|不实|漂浮|松懈|松弛|缺失|不牢|不浓|不大|不宽|狭窄|偏差|模糊|不端正|有待增强|有待加强|有待提高|有待提升|亟待增强|亟需增强)"
)
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
    ('意识不强',)
    >>> m.hits("宣传方式较为单一。").subjective_unattributed
    ()
    """

    def __init__(self) -> None:
        cues = load_cues()
        self._subjective = re.compile(
            _NOUN_DEFICIENCY.pattern + "|" + _alternation(cues["subjective"]).pattern
        )
        self._style = _alternation(cues["style"])
        self._outsider = _alternation(cues["outsider"])
        self._own = _alternation(cues["own"])

    def _subject_outsider(self, text: str) -> bool:
        # "对企业诉求推诿" names firms as the object of the cadres' conduct,
        # not as the people whose mindset is lacking.
        for m in self._outsider.finditer(text):
            if not _OBJECT_MARKER.search(text[max(0, m.start() - 3) : m.start()]):
                return True
        return False

    def hits(self, text: str) -> CueHits:
        # No cue word contains a clause separator and no pattern can match
        # across one (tests/test_cues.py checks both), so matching the whole
        # text finds exactly the matches of its clauses, in order, in one
        # regex call each. Only a subjective cue needs its clause, to see
        # whose deficiency it names.
        own_hits, out_hits, free_hits = [], [], []
        if self._subjective.search(text):
            for clause in _CLAUSE.split(text):
                for cue in self._subjective.findall(clause):
                    at = clause.find(cue)
                    # The subject is what comes before the cue in its clause: "部分
                    # 群众…意识淡薄" blames outsiders, "干部…对群众…意识不强" does not.
                    before = clause[:at]
                    own_before = self._own.search(before)
                    out_before = self._subject_outsider(before)
                    if out_before and not own_before:
                        out_hits.append(cue)
                    elif own_before:
                        own_hits.append(cue)
                    else:
                        free_hits.append(cue)
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
