"""Charts render Chinese with a real CJK font, or refuse clearly: never empty boxes."""

import warnings

import pandas as pd
import pytest

from thoughtclass import plot
from thoughtclass.summary import summarize


@pytest.fixture
def summary():
    df = pd.DataFrame({
        "unit": ["开发区", "发改局", "卫健局", "卫健局"],
        "category": ["county_conditions", "new_philosophy", "capability_style", "institutional_innovation"],
        "nature": ["thinking", "thinking", "work", "work"],
    })
    return summarize(df)


def test_without_a_cjk_font_charts_refuse_with_install_advice(summary, monkeypatch):
    monkeypatch.setattr(plot, "find_cjk_font", lambda: None)
    with pytest.raises(plot.MissingCJKFontError, match="apt-get install fonts-wqy-microhei"):
        plot.category_chart(summary)


def test_a_missing_font_file_is_named(summary, tmp_path):
    with pytest.raises(plot.MissingCJKFontError, match="nope.ttf"):
        plot.category_chart(summary, font=tmp_path / "nope.ttf")


needs_font = pytest.mark.skipif(plot.find_cjk_font() is None, reason="no CJK font on this machine")


@needs_font
@pytest.mark.parametrize("make", [plot.category_chart, plot.unit_heatmap, plot.nature_by_unit])
def test_charts_draw_chinese_without_missing_glyphs(summary, make, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font"
        fig = make(summary)
        fig.savefig(tmp_path / "chart.png")
    assert (tmp_path / "chart.png").stat().st_size > 1000


@needs_font
def test_save_charts_writes_three_pngs(summary, tmp_path):
    paths = plot.save_charts(summary, tmp_path / "charts")
    assert sorted(p.name for p in paths) == ["categories.png", "nature_by_unit.png", "unit_heatmap.png"]
