"""Charts of a :class:`~thoughtclass.summary.Summary`, with Chinese labels that render.

Without a CJK font matplotlib draws empty boxes for every Chinese
character. :func:`find_cjk_font` looks for one (the fonts matplotlib
knows, then the usual system locations); when there is none, the chart
functions raise :class:`MissingCJKFontError`, which says how to install
one, instead of drawing boxes silently. Pass ``font=`` a font file to use
your own.

Each function returns a ``matplotlib.figure.Figure`` (shown inline in a
notebook; ``fig.savefig(path)`` in a script) and never touches pyplot's
global state.
"""

from __future__ import annotations

import glob
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ThoughtclassError
from .labels import CATEGORIES
from .summary import Summary

if TYPE_CHECKING:
    from .comparison import Comparison

__all__ = ["MissingCJKFontError", "find_cjk_font", "category_chart", "unit_heatmap", "nature_by_unit", "save_charts",
           "comparison_chart"]

_FONT_NAMES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "STHeiti", "AR PL UMing CN",
    "Droid Sans Fallback",
)
_FONT_GLOBS = (
    "/usr/share/fonts/**/*[Cc][Jj][Kk]*", "/usr/share/fonts/**/wqy*", "/usr/share/fonts/**/*[Hh]ei*",
    "/usr/share/fonts/**/Droid*Fallback*", "/Library/Fonts/*", "/System/Library/Fonts/*",
    "C:/Windows/Fonts/msyh*", "C:/Windows/Fonts/simhei*",
)

INSTALL_HINT = (
    "no font with Chinese characters was found, so charts would show empty boxes. Install one, e.g. "
    "Debian/Ubuntu: `sudo apt-get install fonts-wqy-microhei` (or fonts-noto-cjk); "
    "Fedora: `sudo dnf install google-noto-sans-cjk-fonts`; Windows and macOS ship one (SimHei, PingFang). "
    "Or pass font='path/to/font.ttf'."
)


class MissingCJKFontError(ThoughtclassError):
    """No font that can draw Chinese characters is available."""


@lru_cache(maxsize=None)
def find_cjk_font() -> str | None:
    """Return the path of a font that draws Chinese, or None.

    Examples
    --------
    >>> path = find_cjk_font()
    >>> path is None or os.path.isfile(path)
    True
    """
    from matplotlib import font_manager

    by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for name in _FONT_NAMES:
        if name in by_name:
            return by_name[name]
    for pattern in _FONT_GLOBS:
        for path in sorted(glob.glob(pattern, recursive=True)):
            if path.lower().endswith((".ttf", ".ttc", ".otf")) and os.path.isfile(path):
                return path
    return None


def _font(font=None):
    from matplotlib import font_manager

    path = font or find_cjk_font()
    if path is None:
        raise MissingCJKFontError(INSTALL_HINT)
    if not Path(path).is_file():
        raise MissingCJKFontError(f"font file {path!r} does not exist")
    # Registering makes the font usable by name; the cache may predate it.
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path))


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=120, layout="constrained")


def category_chart(summary: Summary, *, base: str = "thinking", font=None):
    """Horizontal bars: statements per gap category (thinking problems or all)."""
    fp = _font(font)
    table = summary.by_category
    count, share = ("n_thinking", "share_thinking") if base == "thinking" else ("n", "share")
    fig = _figure(7, 3.6)
    ax = fig.add_subplot()
    labels = [c.zh for c in CATEGORIES][::-1]
    values = table[count].to_numpy()[::-1]
    bars = ax.barh(labels, values, color="#b22222")
    for bar, pct in zip(bars, table[share].to_numpy()[::-1]):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {pct:.2f}%", va="center", fontproperties=fp)
    ax.set_yticks(range(len(labels)), labels, fontproperties=fp)
    ax.set_xlabel("问题数（个）", fontproperties=fp)
    ax.set_title("各类差距问题分布" + ("（思想范畴）" if base == "thinking" else "（全部问题）"), fontproperties=fp)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def unit_heatmap(summary: Summary, *, top: int = 30, font=None):
    """Heat map of statements per unit (rows, the ``top`` largest) × category."""
    fp = _font(font)
    wide = summary.unit_category.pivot(index="unit", columns="category", values="n").fillna(0)
    wide = wide.reindex(columns=[c.id for c in CATEGORIES], fill_value=0)
    order = summary.by_unit["unit"].tolist()[:top]
    wide = wide.reindex(order).fillna(0)
    fig = _figure(7, max(3.0, 0.28 * len(wide) + 1.2))
    ax = fig.add_subplot()
    im = ax.imshow(wide.to_numpy(), aspect="auto", cmap="Reds")
    ax.set_xticks(range(len(CATEGORIES)), [c.zh for c in CATEGORIES], fontproperties=fp)
    ax.set_yticks(range(len(wide)), list(wide.index), fontproperties=fp)
    for (i, j), v in __import__("numpy").ndenumerate(wide.to_numpy()):
        if v:
            ax.text(j, i, int(v), ha="center", va="center", fontsize=7)
    ax.set_title("各单位问题类别分布", fontproperties=fp)
    fig.colorbar(im, ax=ax, shrink=0.6)
    return fig


def nature_by_unit(summary: Summary, *, top: int = 30, font=None):
    """Stacked bars: thinking vs work problems per unit, work-heavy units marked."""
    fp = _font(font)
    t = summary.by_unit.head(top).iloc[::-1]
    fig = _figure(7, max(3.0, 0.28 * len(t) + 1.2))
    ax = fig.add_subplot()
    ax.barh(t["unit"], t["thinking"], color="#b22222", label="思想问题")
    ax.barh(t["unit"], t["work"], left=t["thinking"], color="#9e9e9e", label="工作问题")
    labels = [f"{u} ▲" if heavy else u for u, heavy in zip(t["unit"], t["work_heavy"])]
    ax.set_yticks(range(len(t)), labels, fontproperties=fp)
    ax.set_xlabel("问题数（个）；▲ 工作问题占比过半", fontproperties=fp)
    ax.set_title("各单位思想问题与工作问题", fontproperties=fp)
    ax.legend(prop=fp, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def comparison_chart(comparison: Comparison, *, font=None):
    """Grouped bars: share of each category and of work problems, round 1 beside round 2."""
    import numpy as np

    fp = _font(font)
    first, second = comparison.rounds
    cats = comparison.categories
    labels = [*cats["category_zh"], "工作问题"]
    share_1 = [*cats["share_1"], float(comparison.natures.set_index("nature").loc["work", "share_1"])]
    share_2 = [*cats["share_2"], float(comparison.natures.set_index("nature").loc["work", "share_2"])]
    y = np.arange(len(labels))[::-1]
    fig = _figure(7, 3.8)
    ax = fig.add_subplot()
    ax.barh(y + 0.2, share_1, height=0.4, color="#9e9e9e", label=first)
    ax.barh(y - 0.2, share_2, height=0.4, color="#b22222", label=second)
    ax.set_yticks(y, labels, fontproperties=fp)
    tests = comparison.tests.set_index("distribution")["p_value"]
    ax.set_xlabel(f"占问题总数（%）；类别构成变化 p = {tests['category']:.3g}，性质构成变化 p = {tests['nature']:.3g}",
                  fontproperties=fp)
    ax.set_title(f"{first}与{second}问题分布对比", fontproperties=fp)
    ax.legend(prop=fp, loc="upper right")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def save_charts(summary: Summary, folder, *, font=None) -> list[Path]:
    """Write the three charts as PNG files into ``folder``; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, make in (("categories", category_chart), ("unit_heatmap", unit_heatmap), ("nature_by_unit", nature_by_unit)):
        fig = make(summary, font=font)
        path = folder / f"{name}.png"
        fig.savefig(path)
        out.append(path)
    return out
