"""Count tables -> section 二 of the county report (存在问题), as Markdown or .docx.

The wording follows the seed report: the totals (属思想范畴的N个，已解决N个，
正在推进整改落实N个), one paragraph per category in the report's order
(一是在深化县情认识上有差距。占问题总数的xx.xx%。…A、B、C等N家单位不同程度存在。),
and a paragraph on units that listed work problems in place of thinking
problems. Every number comes from the :class:`~thoughtclass.summary.Summary`;
the sample statements quoted under each category are the most confident
thinking problems of that category.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .summary import Summary

if TYPE_CHECKING:
    from .comparison import Comparison

__all__ = ["report", "comparison_report", "write_docx"]

_ORDINALS = "一二三四五六七八九十"


def _units_sentence(units: list[str], n_units: int, top: int = 3) -> str:
    if not units:
        return "暂无单位涉及。"
    if n_units == 1:
        return f"{units[0]}存在此类问题。"
    named = "、".join(units[:top])
    joiner = "等" if n_units > top else "共"
    return f"{named}{joiner}{n_units}家单位不同程度存在。"


def _quality_paragraph(summary: Summary) -> str:
    """How the lists were written: vague statements (走过场) and copies (照搬照抄), when counted."""
    t, units, settings = summary.totals, summary.by_unit, summary.settings

    def named(flag: str, share: str, setting: str, finding: str) -> str:
        heavy = units[units[flag]].sort_values(share, ascending=False, kind="stable")
        return f"，其中{_names(heavy['unit'])}{finding.format(f'{settings[setting]:.0%}')}" if len(heavy) else ""

    parts = []
    if t.get("vague") is not None and t["classified"]:
        parts.append(f"{t['vague']}个问题表述笼统、缺少具体事实和数据，占{100 * t['vague'] / t['classified']:.2f}%"
                     + named("vague_heavy", "vague_share", "vague_heavy_share", "笼统表述占比达{}以上，存在问题剖析走过场的情况"))
    if t.get("copied"):
        parts.append(f"{t['copied']}个问题与其他单位所列问题雷同"
                     + named("copy_heavy", "copy_rate", "copy_heavy_share", "雷同问题占比达{}以上，存在照搬照抄、相互雷同的情况"))
    elif t.get("copied") == 0:
        parts.append("未发现各单位之间雷同的问题")
    return ("从查摆质量看，" + "；".join(parts) + "。") if parts else ""


def report(
    summary: Summary,
    data: pd.DataFrame | None = None,
    *,
    base: str = "thinking",
    examples: int = 2,
    title: str = "二、存在问题",
) -> str:
    """Write section 二 of the report as Markdown.

    Parameters
    ----------
    summary : Summary
        From :func:`thoughtclass.summarize`.
    data : DataFrame, optional
        The classified statements; when given, each category paragraph quotes
        up to ``examples`` of its most confident thinking problems.
    base : {"thinking", "all"}
        Shares per category relative to thinking problems (as the seed report
        counts 属思想范畴 problems) or to all statements.
    title : str
        Heading of the section.

    Examples
    --------
    >>> import pandas as pd
    >>> from thoughtclass.summary import summarize
    >>> df = pd.DataFrame({"unit": ["甲镇", "乙局"], "category": ["capability_style"] * 2,
    ...                    "nature": ["thinking"] * 2, "status": ["已完成", "正在整改"]})
    >>> print(report(summarize(df)).splitlines()[2])
    经梳理分析，各乡镇、部门查摆问题共2个，其中属思想范畴的2个，已解决1个，正在推进整改落实1个，尚未启动0个。
    """
    if base not in ("thinking", "all"):
        raise ValueError(f"base must be 'thinking' or 'all', got {base!r}")
    t = summary.totals
    lines = [f"## {title}", ""]
    lines.append(
        f"经梳理分析，各乡镇、部门查摆问题共{t['classified']}个，其中属思想范畴的{t['thinking']}个，"
        f"已解决{t['thinking_resolved']}个，正在推进整改落实{t['thinking_in_progress']}个，"
        f"尚未启动{t['thinking_not_started']}个"
        + (f"，整改情况未注明{t['thinking_unknown']}个" if t["thinking_unknown"] else "")
        + "。"
    )
    lines.append("")
    base_label = "思想范畴问题" if base == "thinking" else "问题总数"
    lines.append(f"按问题所属差距类别，具体体现在五个方面（占比以{base_label}为基数）。")
    lines.append("")
    count_col, share_col = ("n_thinking", "share_thinking") if base == "thinking" else ("n", "share")
    for i, row in enumerate(summary.by_category.itertuples()):
        paragraph = (
            f"{_ORDINALS[i]}是{row.heading}。占{'问题总数' if base == 'all' else '思想范畴问题'}的"
            f"{getattr(row, share_col):.2f}%（{getattr(row, count_col)}个）。"
        )
        if data is not None and examples > 0:
            pool = data[(data.get("category") == row.category) & (data.get("nature") == "thinking")]
            if "category_confidence" in pool.columns:
                pool = pool.sort_values("category_confidence", ascending=False, kind="stable")
            quotes = [str(x).rstrip("。；; ") for x in pool["text"].head(examples)]
            if quotes:
                paragraph += "主要表现为：" + "；".join(quotes) + "。"
        if base == "thinking":
            paragraph += _units_sentence(row.units_thinking, row.n_units_thinking)
        else:
            paragraph += _units_sentence(row.units, row.n_units)
        lines += [paragraph, ""]
    work = summary.by_nature.set_index("nature").loc["work"]
    heavy = summary.work_heavy_units
    paragraph = f"另有{int(work['n'])}个问题属工作问题，占全部问题的{work['share']:.2f}%。"
    if len(heavy):
        share = summary.settings.get("work_heavy_share", 0.5)
        names = "、".join(heavy["unit"].head(3))
        more = f"等{len(heavy)}家单位" if len(heavy) > 3 else ""
        paragraph += f"{names}{more}所列问题中工作问题占比达{share:.0%}以上，存在以工作问题代替思想问题的情况。"
    else:
        paragraph += "未发现以工作问题代替思想问题的单位。"
    lines += [paragraph, ""]
    quality = _quality_paragraph(summary)
    if quality:
        lines += [quality, ""]
    if t.get("reviewed"):
        lines += [f"注：以上分类中{t['reviewed']}条经人工复核，其中{t['corrected']}条修正了模型的分类。", ""]
    if t["errors"]:
        lines += [f"注：另有{t['errors']}条内容无法分类（空白、占位或非中文文本），未计入以上统计。", ""]
    return "\n".join(lines).rstrip() + "\n"


def _names(units, top: int = 3) -> str:
    units = list(units)
    return "、".join(units[:top]) + (f"等{len(units)}家单位" if len(units) > top else "")


def comparison_report(comparison: Comparison, *, title: str = "两轮查摆问题对比", examples: int = 2) -> str:
    """A short report paragraph on how the second round differs from the first.

    Every number comes from the :class:`~thoughtclass.comparison.Comparison`:
    totals and the share of thinking problems in each round, the categories
    that rose and fell most, whether the change is significant (chi-square),
    units whose share of work problems rose or fell by at least
    :data:`~thoughtclass.comparison.UNIT_SHIFT` (and whether that is
    significant for the unit), and the statements of round 2 that recur
    from round 1 (with those reported resolved in round 1 quoted).
    """
    from .comparison import SIGNIFICANCE, UNIT_SHIFT

    first, second = comparison.rounds
    nat = comparison.natures.set_index("nature")
    tests = comparison.tests.set_index("distribution")

    def verdict(name: str) -> str:
        row = tests.loc[name]
        if row["p_value"] != row["p_value"]:
            return "，样本不足，未作检验"
        word = "变化显著" if row["changed"] else "无显著变化"
        return f"，{word}（χ²={row['chi2']:.2f}，p={row['p_value']:.3f}）"

    n1, n2 = int(nat["n_1"].sum()), int(nat["n_2"].sum())
    lines = [f"## {title}", ""]
    text = (f"与{first}相比，{second}查摆问题{n2}个（{first}{n1}个），其中思想问题占比由"
            f"{nat.loc['thinking', 'share_1']:.2f}%变为{nat.loc['thinking', 'share_2']:.2f}%{verdict('nature')}。")
    cats = comparison.categories.sort_values("change", kind="stable")
    up, down = cats.iloc[-1], cats.iloc[0]
    if up["change"] > 0:
        text += f"五类差距中，{up['category_zh']}方面占比上升{up['change']:.2f}个百分点"
        text += f"，{down['category_zh']}方面下降{-down['change']:.2f}个百分点" if down["change"] < 0 else ""
        text += f"，类别构成{verdict('category')[1:]}。"
    else:
        text += f"五类差距的构成{verdict('category')[1:]}。"
    lines += [text, ""]
    units = comparison.units
    rose, fell = units[units["direction"] == "rose"], units[units["direction"] == "fell"].iloc[::-1]

    def shifts(table) -> str:
        shown = [f"{r.unit}（{100 * r.share_work_1:.0f}%→{100 * r.share_work_2:.0f}%）" for r in table.head(3).itertuples()]
        return "、".join(shown) + (f"等{len(table)}家单位" if len(table) > 3 else "")

    if len(rose) or len(fell):
        parts = [f"两轮均有问题的{len(units)}家单位中"]
        if len(rose):
            parts.append(f"{shifts(rose)}工作问题占比上升")
        if len(fell):
            parts.append(f"{shifts(fell)}工作问题占比下降")
        n_sig = int((rose["significant"].sum() + fell["significant"].sum()))
        note = (f"其中{n_sig}家变化显著（Fisher精确检验p<{SIGNIFICANCE}）" if n_sig
                else "因单位问题数较少，单个单位的变化均未达统计显著")
        lines += ["，".join(parts[:1] + ["；".join(parts[1:])]) + f"，{note}。", ""]
    else:
        lines += [f"两轮均有问题的{len(units)}家单位中，工作问题占比变化均在{UNIT_SHIFT:.0%}以内。", ""]
    rec = comparison.recurring
    if rec is not None:
        if len(rec):
            resolved = rec[rec["was_resolved"]]
            text = f"{second}中有{len(rec)}个问题与同一单位{first}所列问题基本相同，涉及{rec['unit'].nunique()}家单位"
            if len(resolved):
                text += f"，其中{len(resolved)}个在{first}已报告整改完成，存在问题反弹或整改不实的情况"
                quotes = [f"{r.unit}“{str(r.text_2).rstrip('。；; ')}”" for r in resolved.head(examples).itertuples()]
                text += "，如" + "、".join(quotes)
            lines += [text + "。", ""]
        else:
            lines += [f"{second}未发现与{first}同一单位所列问题基本相同的问题。", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_docx(markdown: str, path) -> Path:
    """Write a report from :func:`report` to a Word document.

    ``## `` lines become headings; other non-empty lines become paragraphs.
    """
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for line in markdown.splitlines():
        if line.startswith("## "):
            doc.add_heading(line[3:].strip(), level=2)
        elif line.strip():
            para = doc.add_paragraph(line.strip())
            para.paragraph_format.first_line_indent = Pt(24)
    path = Path(path)
    doc.save(path)
    return path
