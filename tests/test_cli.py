"""The command line: classify files, train, evaluate (thin wrappers, tested end to end)."""

import pandas as pd
import pytest

from thoughtclass.cli import main


def test_segment_prints_tokens(capsys):
    assert main(["segment", "存在以会议落实会议现象"]) == 0
    assert capsys.readouterr().out.strip() == "存在 / 以会议落实会议 / 现象"


def test_classify_text_file_to_csv(tmp_path, capsys):
    src = tmp_path / "list.txt"
    src.write_text("一是部分干部服务意识不强；\n\n二是人员编制不足。\n无\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["classify", str(src), "-o", str(out)]) == 0
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert len(df) == 3
    assert df["source_row"].tolist() == [1, 2, 3]
    assert df["error"].notna().tolist() == [False, False, True]
    assert "rows read 3, classified 2" in capsys.readouterr().err


def test_classify_refuses_to_overwrite_without_force(tmp_path):
    src = tmp_path / "list.txt"
    src.write_text("人员编制不足\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(SystemExit, match="--force"):
        main(["classify", str(src), "-o", str(out)])
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["classify", str(src), "-o", str(out), "--force"]) == 0


def test_classify_csv_without_text_column_lists_the_columns(tmp_path):
    src = tmp_path / "ledger.csv"
    src.write_text("单位,备注\n大罗镇,无\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"columns found: \['单位', '备注'\]"):
        main(["classify", str(src)])


def test_missing_input_is_named(tmp_path):
    with pytest.raises(SystemExit, match="nope.txt"):
        main(["classify", str(tmp_path / "nope.txt")])


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
    for name in ("a", "b"):
        assert main(["train", "--corpus", str(folder), "--out", str(tmp_path / name), "--seed", "3"]) == 0
    assert (tmp_path / "a" / "weights.npz").read_bytes() == (tmp_path / "b" / "weights.npz").read_bytes()
    assert (tmp_path / "a" / "card.md").is_file() and (tmp_path / "a" / "metrics.json").is_file()
    errors = tmp_path / "wrong.csv"
    assert main(["evaluate", "--model", str(tmp_path / "a"), "--split", "test", "--corpus", str(folder), "--errors", str(errors)]) == 0
    out = capsys.readouterr().out
    assert "category macro-F1" in out and "confusion (category" in out
    assert errors.is_file()
