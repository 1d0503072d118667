"""Free-text rectification status -> resolved / in_progress / not_started / unknown."""

import pytest

from thoughtclass.status import map_status, status_column


@pytest.mark.parametrize(
    "text, status",
    [
        ("已完成", "resolved"), ("已整改到位", "resolved"), ("已销号", "resolved"), ("长期坚持", "resolved"),
        ("正在整改", "in_progress"), ("持续推进", "in_progress"), ("整改中", "in_progress"),
        ("基本完成", "in_progress"), ("未完成", "in_progress"),
        ("未启动", "not_started"), ("尚未开展", "not_started"),
        ("", "unknown"), ("/", "unknown"), (None, "unknown"), (float("nan"), "unknown"), ("见附件", "unknown"),
    ],
)
def test_default_mapping(text, status):
    assert map_status(text) == status


def test_rules_can_be_overridden():
    rules = [(r"长期坚持", "in_progress"), (r"完成", "resolved")]
    assert map_status("长期坚持", rules) == "in_progress"
    assert map_status("已完成", rules) == "resolved"


def test_bad_rule_is_refused():
    with pytest.raises(ValueError, match="expected one of"):
        map_status("已完成", [(r"完成", "done")])


def test_column_is_categorical_in_a_fixed_order():
    col = status_column(["已完成", "未启动"])
    assert list(col.cat.categories) == ["resolved", "in_progress", "not_started", "unknown"]
