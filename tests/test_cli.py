"""The command line: classify files, train, evaluate (thin wrappers, tested end to end)."""

import pytest

from thoughtclass.cli import main


def test_segment_prints_tokens(capsys):
    assert main(["segment", "存在以会议落实会议现象"]) == 0
    assert capsys.readouterr().out.strip() == "存在 / 以会议落实会议 / 现象"


def test_classify_prints_a_table_without_output(tmp_path, capsys):
    src = tmp_path / "县卫健局问题清单.txt"
    src.write_text("一是部分干部服务意识不强；\n二是人员编制不足。\n", encoding="utf-8")
    assert main(["classify", str(src), "-q"]) == 0
    captured = capsys.readouterr()
    assert "能力作风" in captured.out and "县卫健局" in captured.out
    assert "rows read 2, classified 2" in captured.err


def test_classify_csv_without_text_column_lists_the_cells(tmp_path):
    src = tmp_path / "ledger.csv"
    src.write_text("单位,备注\n大罗镇,无\n", encoding="utf-8")
    assert main(["classify", str(src), "-q"]) == 2  # the file is reported as failed


def test_missing_input_is_named(tmp_path, capsys):
    assert main(["classify", str(tmp_path / "nope.txt"), "-q"]) == 2
    assert "nope.txt: file not found" in capsys.readouterr().err


@pytest.mark.slow
def test_train_then_evaluate_is_deterministic(tmp_path, capsys):
    # A small corpus folder: 30 statements per cell from our train split.
    from thoughtclass import corpus

    small = corpus.load("train").groupby(["category", "nature"]).head(30)
    folder = tmp_path / "corpus"
    folder.mkdir()
    small.to_json(folder / "train.jsonl", orient="records", lines=True, force_ascii=False)
    corpus.load("test").groupby(["category", "nature"]).head(5).to_json(
        folder / "test.jsonl", orient="records", lines=True, force_ascii=False
    )
    # A hand-written error analysis kept in a model folder survives retraining into its card.
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "error_analysis.md").write_text("## Error analysis on real statements\n\n县情被当成理念。\n", encoding="utf-8")
    for name in ("a", "b"):
        assert main(["train", "--corpus", str(folder), "--out", str(tmp_path / name), "--seed", "3"]) == 0
    assert (tmp_path / "a" / "weights.npz").read_bytes() == (tmp_path / "b" / "weights.npz").read_bytes()
    assert (tmp_path / "a" / "card.md").is_file() and (tmp_path / "a" / "metrics.json").is_file()
    card = (tmp_path / "b" / "card.md").read_text(encoding="utf-8")
    assert "县情被当成理念。" in card
    assert "the first sentence alone, weight 1" in card  # the method line follows the fitted features
    assert "Error analysis" not in (tmp_path / "a" / "card.md").read_text(encoding="utf-8")
    errors = tmp_path / "wrong.csv"
    assert main(["evaluate", "--model", str(tmp_path / "a"), "--split", "test", "--corpus", str(folder), "--errors", str(errors)]) == 0
    out = capsys.readouterr().out
    assert "category macro-F1" in out and "confusion (category" in out
    assert errors.is_file()
