"""Split a unit's submission into its problem statements.

A submission (查摆问题清单, 对照检查材料, a ledger pasted into Word) holds a
title, date and unit lines, an introduction, the problems — numbered in one
of the usual ways, sometimes under category headings — and often a reason
analysis and measures (整改措施, 下步打算) numbered the same way. Only the
problems are statements (codebook, "What is not a problem statement").

The rules, in order:

1. Lines are grouped into *sections* by their headings. A heading that
   names causes or measures (原因, 根源, 整改措施, 下步打算, 对策建议, 努力方向 …)
   opens a section that is skipped until a heading naming problems
   (存在问题, 查摆问题, 主要问题, 差距, 不足 …) opens a kept one.
2. Titles, date, unit and signature lines, and introductions (long
   un-numbered paragraphs with 按照 / 根据 / 现将 … 如下) are dropped.
3. A ledger pasted as text (a header row naming a problem column, then
   rows) yields that column's cells.
4. Inside kept sections, a paragraph is cut at its enumerators (一是, ①,
   1., （一）, 问题一：, 第一，) — at the start of the line or inside it — and
   a line with no enumerator is one statement.
5. A numbered line followed by items numbered in a lower style is a
   category heading, not a statement; when it carries a problem after a
   colon, the text after the colon is the statement.
"""

from __future__ import annotations

import re

__all__ = ["extract_statements", "split_inline"]

_ZH = "一二三四五六七八九十"
# Enumerators, each with a style name: numbering of different styles nests.
_ENUMS = [
    ("zh_shi", rf"[{_ZH}]{{1,3}}是"),
    ("paren_zh", rf"[（(][{_ZH}]{{1,3}}[)）]"),
    ("paren_num", r"[（(]\d{1,2}[)）]"),
    ("zh_dun", rf"[{_ZH}]{{1,3}}、"),
    ("num", r"\d{1,2}(?:[、．)）]|\.(?!\d)|\.(?=\d{4}年))"),
    ("circled", r"[\u2460-\u2473]"),
    ("problem_n", rf"问题[{_ZH}\d]{{1,3}}[：:]"),
    ("di_n", rf"第[{_ZH}]{{1,3}}[，,、：:]"),
]
_ENUM_RE = {name: re.compile(pat) for name, pat in _ENUMS}
_LEADING = re.compile("^\\s*(?:" + "|".join(f"(?P<{n}>{p})" for n, p in _ENUMS) + ")\\s*[，,：:、]?\\s*")

_SKIP_HEADING = re.compile(
    r"原因|根源|成因|剖析|整改措施|整改方向|整改目标|整改举措|下步|下一步|打算|对策|建议|努力方向|"
    r"保障措施|工作措施|措施[一二三四五六七八九十\d]|今后|改进方向|努力的方向|"
    r"主要成效|取得的成效|工作成效|进展成效|主要做法|主要成绩|取得的成绩|基本情况"
)
# Only these reopen a kept part; category headings ("县情认识方面", "……上有差距")
# also appear inside cause and measure parts, so they decide nothing.
_KEEP_HEADING = re.compile(
    r"存在的?问题|查摆|主要问题|突出问题|问题清单|问题表现|具体表现|(?:差距|不足|短板)(?:和|与|及)|"
    r"(?:和|与|及|的)(?:差距|不足|短板)|不足之处"
)
_INTRO = re.compile(r"按照|根据|为深入|为进一步|现将|如下|报告如下|汇报如下|梳理如下|对照.{0,20}查摆|认真查摆|深入查摆")
_DATE_OR_SIGN = re.compile(
    r"^\s*(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|填报单位|填报人|填报时间|报送单位|联系人|"
    r"中共.{1,20}(?:委员会|党组|党委|支部)\s*$|.{1,25}(?:人民政府|办事处|委员会|管委会)\s*$)"
)
_LEDGER_HEADER = re.compile(r"(?:序号|编号).{0,10}(?:问题|内容)")
_PROBLEM_COLUMN = re.compile(r"问题描述|存在问题|查摆问题|问题表现|具体问题|问题内容|^问题$")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月")
_FIELD_LABEL = re.compile(r"^(?:措施[一二三四五六七八九十\d]{1,3}|整改措施|措施|备注|负责人|责任领导|责任单位|责任人|责任股室|完成时限|整改时限|整改目标|填表人|审核人|联系电话)[：:]")
_UNIT_LINE = re.compile(r"^.{1,16}(?:局|委|办|镇|乡|街道|中心|支部|党委|党组|工委|管委会|社管委|政府)$")
_TITLE = re.compile(r"清单|报告|台账|材料|汇报|情况|问题的|查摆问题")
_MEASURE_START = re.compile(
    r"^(?:建立|开展|加强|制定|推行|组织|修订|落实|完善|健全|强化|深化|提升|推进|严格|积极|坚持|树牢|"
    r"针对|结合|围绕|实行|实施|探索|持续|加快|全面|逐项|定期|每月|每季度|年内|年底前|力争|确保|切实)"
)
_SHORTFALL = re.compile(
    r"不|未|没|缺|弱|差|低|少|慢|滞后|薄弱|欠|难|问题|现象|偏|尚|仍|存在|较多|过多|过于|单一|乏|松|散|虚|空|"
    r"形式|走过场|脱节|短板|老化|模糊|粗放|被动|依赖|停留"
)
_CLOSING = re.compile(r"^(?:特此报告|以上报告|以上台账|以上问题|妥否|请审阅|此报)")
_PRAISE = re.compile(r"今年以来|取得了?|成效|开展以来|为推动|制定本方案|本方案")
_CATEGORY_SENTENCE = re.compile(r"^(?:在[^。；，]{2,14}上(?:有|存在|还有)差距|[^。；，,]{2,12}方面)[。：:]\s*")
_LEAD_IN = re.compile(r"以下.{0,6}(?:方面|几点|几个|问题)|具体表现为|主要表现为|表现在")
_TRAILING = re.compile(r"[\s；;。，,、:：]+$")


def _style(line: str) -> str | None:
    m = _LEADING.match(line)
    if not m:
        return None
    return next(name for name, value in m.groupdict().items() if value)


def _strip_enum(text: str) -> str:
    return _LEADING.sub("", text, count=1)


def _clean(text: str) -> str:
    return _TRAILING.sub("", text.strip())


def split_inline(paragraph: str) -> list[str]:
    """Cut a paragraph at enumerators that follow a sentence break.

    Examples
    --------
    >>> split_inline("一是学习不深入；二是调研不扎实。三是创新不够")
    ['学习不深入', '调研不扎实', '创新不够']
    """
    style = _style(paragraph)
    if style is None:
        return [_clean(paragraph)] if _clean(paragraph) else []
    marker = _ENUM_RE[style].pattern
    # An enumerator of the same style, right after a sentence break.
    cut = re.compile(rf"(?:(?<=[；;。！？\n])|(?<=[；;。！？]\s))\s*(?={marker})")
    parts = [p for p in cut.split(paragraph) if p.strip()]
    out = []
    for part in parts:
        text = _clean(_strip_enum(part))
        if text:
            out.append(text)
    return out


def _ledger_cells(lines: list[str], start: int) -> tuple[list[str], int]:
    header = lines[start]
    sep = "\t" if "\t" in header else (r"\s{2,}" if re.search(r"\S\s{2,}\S", header) else r"\s+")
    columns = [c for c in re.split(sep, header.strip()) if c]
    col = next((i for i, c in enumerate(columns) if _PROBLEM_COLUMN.search(c)), None)
    if col is None:
        col = next((i for i, c in enumerate(columns) if "问题" in c), 1)
    cells, i = [], start + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        fields = [c for c in re.split(sep, line.strip()) if c]
        if not fields or not re.match(r"^\d{1,3}$", fields[0]):
            break
        if col < len(fields):
            cells.extend(split_inline(fields[col]) if _style(fields[col]) else [_clean(fields[col])])
        i += 1
    return [c for c in cells if c], i


def _section(body: str) -> bool | None:
    """True for a heading that opens problems, False for causes/measures, None otherwise."""
    if _SKIP_HEADING.search(body) and not _KEEP_HEADING.search(body.replace("问题产生", "").replace("产生问题", "")):
        return False
    if _KEEP_HEADING.search(body) and not _SKIP_HEADING.search(body):
        return True
    return None


def _is_date_or_sign(line: str) -> bool:
    if _DATE_OR_SIGN.match(line) or _FIELD_LABEL.match(line) or "盖章" in line:
        return True
    return bool(_DATE.search(line)) and len(line) <= 40 and not re.search(r"[，,；;]", line)


def _category_heading_sentences(body: str) -> list[str] | None:
    # "在深化县情认识上有差距。对……认识不清。……" : the heading sentence goes,
    # each following sentence is a statement.
    m = _CATEGORY_SENTENCE.match(body)
    if not m:
        return None
    rest = body[m.end():]
    if _style(rest):
        return split_inline(rest)
    return [_clean(x) for x in re.split(r"(?<=。)", rest) if len(_clean(x)) >= 4]


def _join_continuations(lines: list[str]) -> list[str]:
    # A statement wrapped over two lines: the first part stops mid-sentence
    # (no 。；：), the next line carries no number and is not a heading.
    out: list[str] = []
    for line in lines:
        if out and line and out[-1]:
            prev = out[-1]
            body = _clean(line)
            next_is_plain = (
                _style(line) is None and not _is_date_or_sign(line) and not _LEDGER_HEADER.search(line)
                and not (len(body) <= 20 and _section(body) is not None) and not line.endswith(("：", ":"))
            )
            prev_open = not re.search(r"[。；;：:！？!?]$", prev) and not _LEDGER_HEADER.search(prev)
            prev_body = _clean(_strip_enum(prev)) if _style(prev) else _clean(prev)
            prev_heading = len(prev_body) <= 20 and not re.search(r"[，,、。；;]", prev_body)
            prev_content = (bool(_style(prev)) or bool(re.search(r"[，,、]", prev))) and not prev_heading
            if next_is_plain and prev_open and prev_content and (
                re.search(r"[，,、]$", prev) or re.search(r"[。；;]$", line) or (_style(prev) and len(prev) >= 20)
            ) and not ("\t" in prev or re.search(r"\S\s{2,}\S", prev)):
                out[-1] = prev + line
                continue
        out.append(line)
    return out


def _is_plain_list(lines: list[str]) -> bool:
    # A bare list, one statement per line: no numbering, headings, lead-ins,
    # introductions or dates anywhere, so every line is a statement.
    content = [ln for ln in lines if ln]
    if len(content) < 2:
        return False
    for ln in content:
        body = _clean(ln)
        if _style(ln) or ln.endswith(("：", ":")) or _INTRO.search(ln) or _PRAISE.search(ln):
            return False
        if _is_date_or_sign(ln) or _section(body) is not None and len(body) <= 20 or _LEDGER_HEADER.search(ln):
            return False
        if _TITLE.search(body) and not re.search(r"[，,；;]", body):
            return False
    return True


def extract_statements(text: str) -> list[str]:
    """Return the problem statements of one submission, in order.

    Parameters
    ----------
    text : str
        The whole document (lines separated by newlines), or one ledger cell.

    Returns
    -------
    list of str
        Each statement without its enumerator and trailing separator.

    Examples
    --------
    >>> doc = '''大罗镇查摆问题清单
    ... 按照县委部署，现将查摆问题报告如下。
    ... 一、存在问题
    ... 一是对镇情认识不深；二是服务意识不强，推诿扯皮。
    ... 二、整改措施
    ... 一是加强学习；二是转变作风。'''
    >>> extract_statements(doc)
    ['对镇情认识不深', '服务意识不强，推诿扯皮']
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_statements expects a str, got {type(text).__name__}")
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if _is_plain_list(lines):
        return [_clean(ln) for ln in lines if _clean(ln)]
    lines = _join_continuations(lines)
    out: list[str] = []
    keep = True
    started = False  # seen a problem heading or a numbered item
    first = True
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        is_first, first = first, False
        if _LEDGER_HEADER.search(line):
            cells, i = _ledger_cells(lines, i - 1)
            if keep:
                out.extend(cells)
            started = True
            continue
        if _is_date_or_sign(line) or _CLOSING.match(line):
            continue
        style = _style(line)
        if style is None:
            # A lead-in that ends with a colon, possibly followed by inline items.
            lead, colon, tail = line.partition("：") if "：" in line else line.partition(":")
            if colon and tail.strip() and _style(tail.strip()):
                decision = _section(lead)
                keep = keep if decision is None else decision
                started = started or decision is True or keep
                if keep:
                    out.extend(split_inline(tail.strip()))
                continue
            body = _clean(line)
            short = len(body) <= 20 and not re.search(r"[，,；;。]", body)
            if line.endswith(("：", ":")) or short:
                decision = _section(body)
                if decision is not None:
                    keep = decision
                    started = started or decision
                    continue
                if line.endswith(("：", ":")) or is_first or not (started and keep) or _UNIT_LINE.match(body):
                    continue  # a heading, a title, a lead-in or a signature: never a statement
            if is_first and not re.search(r"[，,；;]", line):
                continue
            if not started and (_INTRO.search(line) or _PRAISE.search(line)):
                continue
            if _LEAD_IN.search(line) and len(line) <= 60:
                continue
            if not keep:
                continue
            inner = re.search(rf"(?:[{_ZH}]{{1,3}}是|[\u2460-\u2473])", line)
            if inner and inner.start() > 0 and _style(line[inner.start():]):
                lead = _clean(line[: inner.start()])
                if len(lead) > 20 and not _INTRO.search(lead):
                    out.append(lead)
                out.extend(split_inline(line[inner.start():]))
            elif len(body) >= 6 and not _INTRO.search(line):
                out.append(body)
            continue
        body = _clean(_strip_enum(line))
        if len(body) <= 20 and not re.search(r"[，,；;。]", body):
            decision = _section(body)
            if decision is not None:
                keep = decision
                started = started or decision
                continue
        if not keep:
            continue
        started = True
        nxt = next((ln for ln in lines[i:] if ln), "")
        next_style = _style(nxt) if nxt else None
        if next_style is not None and next_style != style and _nests(style, next_style):
            m = re.search(r"[：:]\s*(\S.*)$", body)
            if m and len(_clean(m.group(1))) >= 6:
                out.extend(split_inline(m.group(1)) if _style(m.group(1)) else [_clean(m.group(1))])
            continue  # a category heading over numbered items
        sentences = _category_heading_sentences(body)
        if sentences is not None:
            out.extend(sentences)
            continue
        head, sep, rest = body.partition("：") if "：" in body[:20] else body.partition(":") if ":" in body[:20] else (body, "", "")
        if sep and rest.strip() and len(head) <= 16 and re.search(r"方面|差距|问题|上$", head):
            out.extend(split_inline(rest) if _style(rest) else [_clean(rest)])
            continue
        out.extend(p for p in split_inline(line) if len(p) >= 4)
    return [s for s in (x.strip() for x in out) if s and not _is_measure(s)]


def _is_measure(statement: str) -> bool:
    # A measure that slipped through (a measures list with no heading):
    # it opens with an action verb and names no shortfall.
    return bool(_MEASURE_START.match(statement)) and not _SHORTFALL.search(statement)


# Numbering levels, outermost first: a heading of one level nests items of a later one.
_LEVELS = ["zh_dun", "paren_zh", "problem_n", "di_n", "zh_shi", "num", "paren_num", "circled"]


def _nests(outer: str, inner: str) -> bool:
    try:
        return _LEVELS.index(outer) < _LEVELS.index(inner)
    except ValueError:
        return False
