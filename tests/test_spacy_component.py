"""The spaCy component sets doc.cats and the extensions, and round-trips through disk."""

import pytest
import spacy

import thoughtclass as tc
import thoughtclass.spacy_component  # noqa: F401  (registers the factory)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("thoughtclass")
    return nlp


def test_sets_cats_and_extensions_like_classify(nlp):
    text = "部分干部服务意识不强，对企业诉求推诿扯皮。"
    doc = nlp(text)
    row = tc.classify([text]).iloc[0]
    assert doc._.category == row["category"] and doc._.nature == row["nature"]
    assert doc._.category_confidence == pytest.approx(row["category_confidence"])
    assert set(doc.cats) == set(tc.labels.CATEGORY_IDS) | {"thinking", "work"}
    assert sum(doc.cats[c] for c in tc.labels.CATEGORY_IDS) == pytest.approx(1.0)
    assert doc.cats["thinking"] + doc.cats["work"] == pytest.approx(1.0)


def test_non_statements_get_an_error_and_no_label(nlp):
    doc = nlp("暂无")
    assert doc._.category is None and doc.cats == {}
    assert "placeholder" in doc._.thoughtclass_error


def test_pipe_keeps_order(nlp):
    texts = ["人员编制不足", "无", "学习上级精神照本宣科"]
    docs = list(nlp.pipe(texts, batch_size=2))
    assert [d.text for d in docs] == texts
    assert docs[1]._.category is None and docs[0]._.category is not None


def test_round_trip_through_to_disk_and_spacy_load(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    text = "园区主导产业链条短，上下游配套企业不足。"
    a, b = nlp(text), again(text)
    assert a.cats == pytest.approx(b.cats)
    assert b._.category == a._.category
