"""What happens to bad input: a clear answer for every row, never a crash, never a guess."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import thoughtclass as tc
from thoughtclass.extraction import extract_statements


@pytest.mark.parametrize(
    "text, error",
    [
        ("", "empty: no text"),
        ("   \t\n", "empty: whitespace or punctuation only"),
        ("。。；", "empty: whitespace or punctuation only"),
        ("无", "placeholder '无'"),
        ("暂无。", "placeholder '暂无'"),
        ("/", "placeholder '/'"),
        ("N/A", "placeholder 'N/A'"),
        ("no problems found", "no Chinese text"),
        ("12345", "no Chinese text"),
        ("<p></p>", "empty: whitespace or punctuation only"),
        ("服务意识不强。" * 300, "too long (2100 characters, limit 2000)"),
    ],
)
def test_rows_that_cannot_be_classified_say_why(text, error):
    row = tc.classify([text]).iloc[0]
    assert row["error"].startswith(error)
    assert pd.isna(row["category"]) and pd.isna(row["nature"]) and not row["needs_review"]


@pytest.mark.parametrize(
    "text",
    [
        "服务意识\x07不强\u200b，推诿扯皮",            # control and zero-width characters
        "服务意识不强😀，推诿扯皮",                    # emoji
        "<p>服务意识不强，推诿扯皮</p>&nbsp;",          # HTML fragments
        "服务意识不强,推诿扯皮ＡＢＣ１２３",            # mixed full-width / half-width
    ],
)
def test_noisy_but_real_statements_are_classified_like_clean_ones(text):
    clean = tc.classify(["服务意识不强，推诿扯皮"]).iloc[0]
    row = tc.classify([text]).iloc[0]
    assert pd.isna(row["error"])
    assert (row["category"], row["nature"]) == (clean["category"], clean["nature"])


def test_non_string_values_in_a_series_are_errors_not_crashes():
    df = tc.classify(pd.Series(["服务意识不强", None, float("nan"), 42]))
    assert df["error"].tolist()[1:] == ["empty: no text", "empty: no text", "not text: got int 42"]


unicode_text = st.text(st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(unicode_text, max_size=8))
def test_classify_never_raises_and_returns_one_row_per_input(texts):
    df = tc.classify(texts)
    assert len(df) == len(texts)
    assert df["text"].tolist() == texts
    assert (df["error"].isna() == df["category"].notna()).all()


@settings(max_examples=150, deadline=None)
@given(unicode_text)
def test_segment_never_raises(text):
    assert all(isinstance(t, str) and t for t in tc.segment(text))


@settings(max_examples=150, deadline=None)
@given(st.text(st.sampled_from(list("一二是（）1.、：；。\n①问题整改措施原因服务意识不强人员编制不足 \t")) | st.characters(), max_size=400))
def test_extract_statements_never_raises(text):
    assert all(isinstance(s, str) and s for s in extract_statements(text))
