"""How specific a problem statement is, and which units write vaguely.

"学习不够深入" says little; "全年理论中心组学习仅开展3次，未按计划完成"
says something a reader could check. Offices want to see per unit how many
statements are vague (走过场), so :func:`specificity` gives every statement a
score in [0, 1] built from a few countable ingredients, and
:func:`vague_by_unit` turns the scores into a per-unit table.

The score is a logistic squash of a weighted sum (weights in
:data:`WEIGHTS`, counts capped by :data:`CAPS` so one list of figures does
not outweigh everything else)::

    z = BIAS + sum(WEIGHTS[k] * min(count[k], CAPS[k]))
             + CONTENT_WEIGHT * min(content_chars, CONTENT_CAP) / CONTENT_UNIT
    specificity = 1 / (1 + exp(-z))

=============  ======  ==================================================
ingredient     weight  what is counted
=============  ======  ==================================================
quantities     +1.2    a numeral with a measure word or %, 12345-like codes
dates          +0.8    2025年, 5月份, 上半年, 年初, 第三季度, 全年, 连续两年
names          +1.0    《…》, “…”行动/平台/清单, XX专项整治, XX工作会议
places         +0.8    X村, X社区, X街道, X小区, X路, X镇/乡; 县XX局, 镇卫生院
facts          +1.0    未按计划, 超期, 漏报, 仅开展, 被通报 ([fact] lexicon)
stock          -0.7    不够深入, 有待提高, 存在差距, 缺乏 ([stock] lexicon)
content_chars  +0.5    per 20 characters left once stock phrases are removed
=============  ======  ==================================================

Counts of people ("3名干部", "6户") are quantities; a separate ingredient
gave no signal the quantity did not. Numbers inside slogans ("两个维护",
"四个意识", "八项规定", "两张皮") and a lone "一" ("一个", "一次性") are not
quantities, because self-inspection writing is full of them.

The weights were set by reasoning before measuring; the threshold
:data:`VAGUE_BELOW` was then chosen on the hand-labelled statements in
``tests/data/specificity_labelled.jsonl``. On its 91 ``dev`` statements
(46 vague) the score separates the two perfectly (ROC AUC 1.00; every
threshold from 0.38 to 0.59 gives accuracy 1.00, and 0.5 is the middle) —
optimistic, since the lexicons were written by the same hand. On 30
``holdout`` statements written after weights and threshold were frozen
(17 vague, more of them middle cases) ROC AUC is 0.93 and accuracy 0.87;
the misses are concrete conduct told without figures or names
("部分护林员领取补助却不巡山", scored vague) and a false name ("签约项目").
On the 10,238 training statements of the corpus 52.8% come out vague
(45.5% in top_down_link to 57.5% in institutional_innovation).

Pure Python and regular expressions, no segmentation, no model: over
20,000 statements a second on one core, and the same input always gives
the same score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from .labels import NO_UNIT
from .normalization import normalize
from .resources import read_sections

__all__ = [
    "specificity",
    "vague_by_unit",
    "load_specificity_lexicons",
    "VAGUE_BELOW",
    "WEIGHTS",
    "CAPS",
    "BIAS",
    "INGREDIENTS",
]

#: A statement whose score is below this is ``vague``. Chosen on the dev part
#: of the labelled fixture (middle of the range that maximises accuracy there).
VAGUE_BELOW = 0.5

#: Weight of one counted item of each ingredient, in logits.
WEIGHTS = {
    "quantities": 1.2,
    "dates": 0.8,
    "names": 1.0,
    "places": 0.8,
    "facts": 1.0,
    "stock": -0.7,
}
#: Counts above these add nothing more.
CAPS = {"quantities": 3, "dates": 2, "names": 2, "places": 2, "facts": 3, "stock": 4}
#: Content length: ``CONTENT_WEIGHT`` per ``CONTENT_UNIT`` characters, up to
#: ``CONTENT_CAP`` characters. Small on purpose: long bureaucratic sentences
#: are the commonest vague statements, so length alone must not rescue them.
CONTENT_WEIGHT = 0.5
CONTENT_UNIT = 20
CONTENT_CAP = 60
#: The logit of a statement with no evidence at all.
BIAS = -1.2

#: The ingredient columns of :func:`specificity`, in order.
INGREDIENTS = (*WEIGHTS, "content_chars")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_NUM_ZH = "零〇一两二三四五六七八九十百千万"
# The mask left where an item was counted, so that a date is not counted
# again as a number and stock phrases cannot glue neighbours into a name.
_MASK = "|"

_MEASURE = (
    "人次|台次|小时|分钟|周岁|公顷|平方米|平米|公里|千米|万元|亿元|"
    "次|个|项|名|人|户|家|所|座|处|件|起|条|份|篇|批|轮|场|期|天|日|周|月|年|岁|"
    "元|亩|米|吨|辆|台|套|张|本|类|种|倍|成|笔|宗|栋|间|床|位|支|枚|棵|株|头|例"
)
# Numbered slogans of political writing: a count in form only.
_SLOGAN_AFTER = "维护|确立|结合|毫不动摇|意识|自信|全面|代表|务必|区分|坚持|必须|服务|一|皮|规定|手"

# Each pattern opens with a lookahead on its possible first characters: re
# tries every alternative at every position otherwise, and that alone made
# the date pattern six times slower.
_DATE = re.compile(
    rf"""
    (?=[\d{_NUM_ZH}年月每今去前明当本全上中下第近连已汛春秋国学])(?:
      \d{{2,4}}年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?
    | \d{{1,2}}月(?:\d{{1,2}}日|份|底|初)?
    | [{_NUM_ZH[2:11]}十]{{1,2}}月(?:份|底|初)?          # 五月份 (not 一月: 一月一次)
    | (?:第)?[一二三四1-4]季度 | [上下]半年 | 年[初底末中] | 月[底初] | [上中下]旬
    | [今去前明当本]年度? | 全年 | 每(?:年|季度|月|周|天|日)
    | (?:近|前|连续|已经?)[{_NUM_ZH}\d]+(?:年|个月|个季度|周|天)
    | 汛期 | 三夏 | 三秋 | 春节 | 国庆 | [春秋]季学期 | 学期
    )""",
    re.VERBOSE,
)
_QUANTITY = re.compile(
    rf"""
    (?=[\d{_NUM_ZH}半])(?:
      (?:\d+(?:\.\d+)?|[零〇两二三四五六七八九十百千][{_NUM_ZH}]*|一[{_NUM_ZH}]+|半)
      (?:余|多)?(?:万|亿|千)?(?:{_MEASURE})(?!{_SLOGAN_AFTER})
    | \d+(?:\.\d+)?\s*[%‰]
    | \d{{2,}}
    )""",
    re.VERBOSE,
)
_NAME_SUFFIX = (
    "专项行动|专项整治|专项治理|攻坚行动|行动|工程|项目|计划|方案|办法|制度|规定|意见|通知|条例|"
    "平台|系统|活动|工作法|改革|清单|热线|小程序|APP|App|app"
)
_MEETING = (
    "工作会议|专题会议|联席会议|推进会|调度会|部署会|动员会|座谈会|现场会|"
    "民主生活会|组织生活会|中心组学习|常委会|党组会|部务会|局务会"
)
# 《document》 always names something; a quoted phrase only when it is (or is
# followed by) a task or tool name: quotes in these lists far more often hold
# a slogan or a remark ("两张皮", "知道了") than a name.
_QUOTED_NAME = re.compile(
    rf"《[^《》]{{2,40}}》|“[^“”]{{1,24}}?(?:{_NAME_SUFFIX})”|“[^“”]{{1,24}}”(?=专项|{_NAME_SUFFIX})"
)
# Two characters before a task, meeting or place word; generic ones are
# filtered out afterwards with the [generic] lexicon.
_MODIFIED_NAME = re.compile(rf"([{_HAN}]{{2}})(?:{_MEETING}|专项行动|专项整治|专项治理|攻坚行动|工程|项目)")
_PLACE = re.compile(rf"([{_HAN}]{{2}})(?:社区|街道|小区|村(?![级民委组])|镇(?![村乡里级域政])|乡(?![镇村里级风土贤情愁亲间])|路(?![径子线段面灯口]))")
# A named body: 县/市/镇/乡 + up to six characters + an organ suffix.
_BODY = re.compile(rf"[县市镇乡][{_HAN}]{{1,6}}?(?:局|委员会|纪委|办公室|中心|卫生院|院|所|站|公司|大队)")
_NOT_CONTENT = re.compile(rf"[^{_HAN}A-Za-z0-9]+")


@lru_cache(maxsize=1)
def load_specificity_lexicons() -> dict[str, tuple[str, ...]]:
    """Read ``data/stock_phrases.txt`` into its sections.

    Returns
    -------
    dict
        ``stock`` (stock phrases), ``fact`` (concrete-fact wording) and
        ``generic`` (modifiers that do not make a name), each a tuple of
        entries in file order.

    Examples
    --------
    >>> lex = load_specificity_lexicons()
    >>> "有待提高" in lex["stock"], "漏报" in lex["fact"]
    (True, True)
    """
    return read_sections("stock_phrases.txt")


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    # Longest first, so the regex engine prefers "不够到位" to "不到位".
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


class _Scorer:
    def __init__(self) -> None:
        lex = load_specificity_lexicons()
        self.stock = _alternation(lex["stock"])
        self.fact = _alternation(lex["fact"])
        generic = lex["generic"]
        self.generic_pairs = frozenset(w for w in generic if len(w) == 2)
        self.generic_chars = frozenset(w for w in generic if len(w) == 1)

    def _named(self, pair: str) -> bool:
        return pair not in self.generic_pairs and pair[1] not in self.generic_chars

    def _count_modified(self, pattern: re.Pattern[str], text: str) -> tuple[int, str]:
        found = [m.group() for m in pattern.finditer(text) if self._named(m.group(1))]
        for name in found:
            text = text.replace(name, _MASK, 1)
        return len(found), text

    def counts(self, text: str) -> tuple[int, ...]:
        """The counts of one statement, in the order of :data:`INGREDIENTS`."""
        # Leading enumerators stay: no pattern counts them.
        text = normalize(text, enumerator=False)
        rest, stock = self.stock.subn(_MASK, text)
        content = len(_NOT_CONTENT.sub("", rest))
        # Names and places go first so their digits ("《2024年…方案》") are not
        # counted again as dates or quantities.
        rest, names_q = _QUOTED_NAME.subn(_MASK, rest)
        names_m, rest = self._count_modified(_MODIFIED_NAME, rest)
        rest, bodies = _BODY.subn(_MASK, rest)
        places, rest = self._count_modified(_PLACE, rest)
        rest, dates = _DATE.subn(_MASK, rest)
        rest, quantities = _QUANTITY.subn(_MASK, rest)
        facts = len(self.fact.findall(rest))
        return (quantities, dates, names_q + names_m, places + bodies, facts, stock, content)


@lru_cache(maxsize=1)
def _scorer() -> _Scorer:
    return _Scorer()


def _scores(table: np.ndarray) -> np.ndarray:
    """The score of each row of a count table (columns :data:`INGREDIENTS`)."""
    caps = np.array([CAPS[k] for k in WEIGHTS] + [CONTENT_CAP])
    weights = np.array(list(WEIGHTS.values()) + [CONTENT_WEIGHT / CONTENT_UNIT])
    z = BIAS + np.minimum(table, caps) @ weights
    return 1.0 / (1.0 + np.exp(-z))


def specificity(texts) -> pd.DataFrame:
    """Score how specific each statement is, with the ingredients of the score.

    Parameters
    ----------
    texts : list of str or Series
        One problem statement per item. Missing, empty and non-str items get
        a NaN score (``vague`` False) instead of raising, so one bad row
        never stops a batch.

    Returns
    -------
    DataFrame
        One row per input, in order (a Series keeps its index):
        ``specificity`` (float in [0, 1]), ``vague`` (score below
        :data:`VAGUE_BELOW`), then the counts :data:`INGREDIENTS`
        (``quantities``, ``dates``, ``names``, ``places``, ``facts``,
        ``stock``, ``content_chars``); the counts are 0 for bad rows.

    Examples
    --------
    >>> df = specificity(["学习不够深入", "全年理论中心组学习仅开展3次，未按计划完成"])
    >>> df["vague"].tolist()
    [True, False]
    >>> df.loc[1, ["quantities", "dates", "names", "facts", "stock"]].tolist()
    [1, 1, 1, 2, 0]
    """
    if isinstance(texts, str):
        raise ValueError(f"texts must be a list or Series of statements, not one str: {texts[:30]!r}")
    if isinstance(texts, pd.DataFrame):
        raise ValueError(
            f"texts must be a list or Series of statements, got a DataFrame with columns {list(texts.columns)}; "
            "pass one column, e.g. df['text']"
        )
    index = texts.index if isinstance(texts, pd.Series) else None
    values = list(texts)
    scorer = _scorer()
    table = np.zeros((len(values), len(INGREDIENTS)), dtype=np.int64)
    scored = np.zeros(len(values), dtype=bool)
    for i, text in enumerate(values):
        if not isinstance(text, str):
            continue
        counts = scorer.counts(text)
        # Empty, or punctuation and symbols only: nothing to judge.
        scored[i] = counts[-1] > 0 or counts[-2] > 0
        table[i] = counts
    scores = np.where(scored, _scores(table), np.nan)
    table[~scored] = 0
    out = pd.DataFrame(table, columns=list(INGREDIENTS), index=index)
    out.insert(0, "specificity", scores)
    # NaN < threshold is False, which is what a row without a score should be.
    out.insert(1, "vague", scores < VAGUE_BELOW)
    return out


def vague_by_unit(df: pd.DataFrame, *, unit_column: str = "unit", text_column: str = "text") -> pd.DataFrame:
    """Count vague statements per unit.

    Parameters
    ----------
    df : DataFrame
        One statement per row with a unit column, and either a text column
        or the ``specificity`` column of :func:`specificity` (then an
        existing ``vague`` column is used as is).
    unit_column, text_column : str
        Column names.

    Returns
    -------
    DataFrame
        ``unit, n, vague, vague_share, mean_specificity``: ``n`` counts the
        statements with a score (rows without one, such as empty texts, are
        left out), ``vague_share`` is ``vague / n`` rounded to 4 decimals
        (NaN when ``n`` is 0), ``mean_specificity`` likewise. Sorted by
        ``vague_share`` descending, then unit. Rows without a unit are
        counted under "（未注明单位）".

    Examples
    --------
    >>> df = pd.DataFrame({"unit": ["甲镇", "甲镇", "乙局"],
    ...                    "text": ["学习不够深入", "3个村未建台账", "服务意识不强"]})
    >>> vague_by_unit(df)[["unit", "n", "vague", "vague_share"]].values.tolist()
    [['乙局', 1, 1, 1.0], ['甲镇', 2, 1, 0.5]]
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"df must be a DataFrame, got {type(df).__name__}")
    if unit_column not in df.columns:
        raise ValueError(f"unit_column {unit_column!r} is not a column; found {list(df.columns)}")
    if "specificity" in df.columns:
        scores = pd.to_numeric(df["specificity"], errors="coerce")
        vague = df["vague"] if "vague" in df.columns else scores < VAGUE_BELOW
    else:
        if text_column not in df.columns:
            raise ValueError(
                f"text_column {text_column!r} is not a column (and there is no 'specificity' column); "
                f"found {list(df.columns)}"
            )
        scored = specificity(df[text_column])
        scores, vague = scored["specificity"], scored["vague"]
    scored_rows = scores.notna().to_numpy()
    work = pd.DataFrame({
        "unit": df[unit_column].fillna(NO_UNIT).astype(str).to_numpy(),
        "scored": scored_rows,
        "vague": vague.fillna(False).astype(bool).to_numpy() & scored_rows,
        "specificity": scores.to_numpy(dtype=float),
    })
    table = work.groupby("unit", sort=True).agg(
        n=("scored", "sum"), vague=("vague", "sum"), mean_specificity=("specificity", "mean")
    ).reset_index()
    table["n"] = table["n"].astype(int)
    table["vague"] = table["vague"].astype(int)
    table["vague_share"] = (table["vague"] / table["n"].where(table["n"] > 0)).round(4)
    table["mean_specificity"] = table["mean_specificity"].round(4)
    table = table.sort_values(["vague_share", "unit"], ascending=[False, True], na_position="last", kind="stable")
    return table[["unit", "n", "vague", "vague_share", "mean_specificity"]].reset_index(drop=True)
