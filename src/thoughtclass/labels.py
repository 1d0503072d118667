"""The codebook's label set: ids, Chinese names and report headings.

Everything that names a category or a nature imports it from here, so the
codebook has exactly one home in the code.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CODEBOOK_VERSION",
    "Category",
    "CATEGORIES",
    "CATEGORY_IDS",
    "NATURES",
    "NATURE_IDS",
    "category_zh",
    "nature_zh",
    "NO_UNIT",
]

#: Version of ``codebook.md`` that the labels, corpus and models follow.
CODEBOOK_VERSION = "1.0"


@dataclass(frozen=True)
class Category:
    """One gap category (差距类别) of the codebook."""

    id: str
    zh: str
    heading: str


#: The five categories, in the order of the seed report's section 二.
CATEGORIES: tuple[Category, ...] = (
    Category("county_conditions", "县情认识", "在深化县情认识上有差距"),
    Category("new_philosophy", "新发展理念", "在贯彻新发展理念上有差距"),
    Category("top_down_link", "上下结合", "在实现上下结合上有差距"),
    Category("capability_style", "能力作风", "在能力作风优化上有差距"),
    Category("institutional_innovation", "制度机制", "在制度机制创新上有差距"),
)
CATEGORY_IDS: tuple[str, ...] = tuple(c.id for c in CATEGORIES)

#: The two natures (问题性质).
NATURES: dict[str, str] = {"thinking": "思想问题", "work": "工作问题"}
NATURE_IDS: tuple[str, ...] = tuple(NATURES)

#: How counts and reports name the unit of statements that give none.
NO_UNIT = "（未注明单位）"

_CATEGORY_BY_ID = {c.id: c for c in CATEGORIES}


def category_zh(category_id: str) -> str:
    """Return the Chinese short name (简称) of a category id.

    Examples
    --------
    >>> category_zh("top_down_link")
    '上下结合'
    """
    try:
        return _CATEGORY_BY_ID[category_id].zh
    except KeyError:
        raise ValueError(
            f"unknown category {category_id!r}; expected one of {', '.join(CATEGORY_IDS)}"
        ) from None


def nature_zh(nature_id: str) -> str:
    """Return the Chinese name of a nature id (``"thinking"`` -> ``"思想问题"``)."""
    try:
        return NATURES[nature_id]
    except KeyError:
        raise ValueError(
            f"unknown nature {nature_id!r}; expected one of {', '.join(NATURE_IDS)}"
        ) from None
