"""TextFeatures: the first-sentence block (codebook rule 10) and old model files."""

import numpy as np

from thoughtclass.features import TextFeatures, first_sentence

TEXTS = [
    "服务意识不强。群众办事仍需多次跑腿",
    "群众办事仍需多次跑腿；服务意识不强",
    "统计台账不完整，底数不清",
    "产业链条短。龙头企业少。",
]


def test_first_sentence_is_the_heading_of_a_bundle():
    assert first_sentence("宣传方式单一。报道数量偏少") == "宣传方式单一"
    assert first_sentence("机制不健全；衔接不畅") == "机制不健全"
    assert first_sentence("统计台账不完整，底数不清") == "统计台账不完整，底数不清"
    assert first_sentence("。。重视不够") == "重视不够"


def test_the_head_block_holds_only_the_first_sentence():
    f = TextFeatures(min_df=1, words=False, cues=False).fit(TEXTS)
    rows = f.rows([TEXTS[0]])
    names = f.names_of(rows.col)
    heads = [n[2:] for n in names if n.startswith("h:")]
    assert heads and all(term in "服务意识不强" for term in heads)
    # The same statement with its sentences swapped has another heading.
    swapped = f.names_of(f.rows([TEXTS[1]]).col)
    assert {n for n in swapped if n.startswith("h:")} != {n for n in names if n.startswith("h:")}


def test_head_weight_scales_the_block():
    full = TextFeatures(min_df=1, words=False, cues=False).fit(TEXTS)
    half = TextFeatures(min_df=1, words=False, cues=False, head_weight=0.5).fit(TEXTS)
    a, b = full.rows(TEXTS), half.rows(TEXTS)
    in_head = np.array([n.startswith("h:") for n in full.names_of(a.col)])
    np.testing.assert_allclose(b.val[in_head], a.val[in_head] * 0.5)
    np.testing.assert_allclose(b.val[~in_head], a.val[~in_head])


def test_model_files_from_before_the_head_block_still_load():
    old = TextFeatures(min_df=1, head=False).fit(TEXTS)
    meta, arrays = old.state()
    # Files written before the block existed carry neither parameter.
    del meta["params"]["head"], meta["params"]["head_weight"]
    loaded = TextFeatures.from_state(meta, arrays)
    assert loaded.head is False
    a, b = old.rows(TEXTS), loaded.rows(TEXTS)
    np.testing.assert_array_equal(a.col, b.col)
    np.testing.assert_allclose(a.val, b.val)


def test_numpy_rows_equal_scikit_learn_with_and_without_the_character_block():
    # With characters the first sentence's n-grams come from the text's own
    # pass; without them, or beyond 3-grams, from a pass of their own. All
    # give what scikit-learn's vectorizers give.
    texts = [*TEXTS, "。。重视不够", "龘", "  ；  ", "服务意识不强；群众办事难！还有？"]
    for features in (
        TextFeatures(min_df=1),
        TextFeatures(min_df=1, chars=False),
        TextFeatures(min_df=1, chars=False, char_ngram_range=(1, 4)),
    ):
        features.fit(TEXTS)
        dense = features.transform(texts).toarray()
        rows = features.rows(texts)
        fast = np.zeros_like(dense)
        fast[rows.row, rows.col] = rows.val
        np.testing.assert_allclose(fast, dense, atol=1e-12)
