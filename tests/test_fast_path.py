"""The numpy prediction path gives what the scikit-learn path gives, and imports neither.

Prediction (``classify``, ``predict_proba``, ``explain``) computes TF-IDF,
scores and evidence with numpy (``thoughtclass.tfidf``); training and
``TextFeatures.transform`` use scikit-learn. These tests hold the two to
the same labels, probabilities (within 1e-9) and evidence strings.
"""

import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy.special import softmax

from thoughtclass import corpus
from thoughtclass.classification import get_default_classifier
from thoughtclass.cues import _CLAUSE, CueMatcher, _alternation, load_cues
from thoughtclass.features import TextFeatures
from thoughtclass.model import HEADS, ThoughtClassifier
from thoughtclass.normalization import normalize
from thoughtclass.persistence import _canonical, _digest, _npz_bytes, load_model, save_model
from thoughtclass.results import _PUNCT, _evidence_terms, _ranked_row, readable_term
from thoughtclass.segmenter import Segmenter
from thoughtclass.tfidf import _HashTable, char_ngram_ids, term_ids
from thoughtclass.validation import statement_error

EDGE_CASES = ["龘", "一是  服务意识不强,群众办事仍需多次跑腿。", "（1）全年召开会议１２次", "<p>作风&nbsp;不实</p>",
              "ABC 部门 推诿", "门难进、脸难看、事难办问题仍有发生", "a\r\n服务意识不强"]


def _texts():
    test = corpus.load("test")["text"].tolist()
    train = corpus.load("train")["text"].sample(800, random_state=11).tolist()
    return test + train + EDGE_CASES


def _reference_term(model, col):
    """The evidence term of a column as the original per-row code made it."""
    text = readable_term(model.features_.names_of([col])[0]).strip("，。；、 ")
    return "" if len(text) < 2 or _PUNCT.search(text) else text


def _reference_pick(terms_in_order, k):
    """The original per-row term picking, kept here as the reference."""
    terms: list[str] = []
    if k <= 0:
        return ""
    for term in terms_in_order:
        if not term:
            continue
        if terms:
            if any(term in t for t in terms):
                continue
            if any(t in term for t in terms):
                terms = [t for t in terms if t not in term]
        terms.append(term)
        if len(terms) >= k:
            break
    return "、".join(terms)


def _reference(model, texts, k=4):
    """Labels, probabilities and evidence the scikit-learn way: TfidfVectorizer
    matrices, LogisticRegression.decision_function, scipy's softmax, and the
    per-row ranking (``np.argsort``) and term picking of the original code."""
    Xf = model.transform_features(texts)
    terms = {}
    is_char = model.features_.char_mask()
    out = {}
    for name, lr in (("category", model.category_model_), ("nature", model.nature_model_)):
        z = lr.decision_function(Xf)
        logits = np.column_stack([-z / 2, z / 2]) if z.ndim == 1 else z
        p = softmax(logits / model.temperature_[name], axis=1)
        label = p.argmax(axis=1)
        coef = lr.coef_
        weights = np.vstack([-coef[0], coef[0]]) if len(coef) == 1 else coef - coef.mean(axis=0)
        evidence = []
        for i in range(Xf.shape[0]):
            idx, val = Xf.indices[Xf.indptr[i] : Xf.indptr[i + 1]], Xf.data[Xf.indptr[i] : Xf.indptr[i + 1]]
            contrib = val * weights[label[i], idx]
            ranked = _ranked_row(idx, contrib, is_char).tolist()
            for col in ranked:
                if col not in terms:
                    terms[col] = _reference_term(model, col)
            evidence.append(_reference_pick([terms[col] for col in ranked], k))
        out[name] = (lr.classes_[label], p, evidence)
    return Xf, out


def _assert_same_as_reference(model, texts, k=4):
    ok = [t for t in texts if statement_error(t) is None]
    Xf, ref = _reference(model, ok, k)
    fast = model.feature_rows(ok)
    np.testing.assert_array_equal(fast.col, Xf.indices)
    np.testing.assert_array_equal(fast.indptr, Xf.indptr)
    np.testing.assert_allclose(fast.val, Xf.data, rtol=0, atol=1e-12)
    frame = model.classify(ok, evidence_terms=k)
    for name, (labels, p, evidence), p_fast in zip(HEADS, ref.values(), model.predict_proba(ok)):
        np.testing.assert_allclose(p_fast, p, rtol=0, atol=1e-9)
        assert frame[name].tolist() == list(labels)
        np.testing.assert_allclose(frame[f"{name}_confidence"], p.max(axis=1), rtol=0, atol=1e-9)
        assert frame["evidence" if name == "category" else "nature_evidence"].tolist() == evidence


@pytest.mark.slow
def test_default_model_fast_path_equals_sklearn_path():
    _assert_same_as_reference(get_default_classifier(), _texts())


@pytest.mark.parametrize("k", [0, 1, 2, 7])
def test_evidence_of_other_lengths_equals_the_original(k):
    # Other numbers of terms read the ranking to other depths, so other ties matter.
    texts = corpus.load("test")["text"].tolist()
    _assert_same_as_reference(get_default_classifier(), texts[:400] if k else texts[:50], k)


def test_evidence_terms_are_kept_on_the_model_until_it_is_fitted_again():
    model = get_default_classifier()
    terms = _evidence_terms(model.features_)
    model.classify(["部分干部服务意识不强，对企业诉求推诿扯皮。"])
    assert _evidence_terms(model.features_) is terms and (terms.shown >= 0).any()
    made = np.flatnonzero(terms.shown >= 0)
    assert [terms[c] for c in made] == [_reference_term(model, c) for c in made]
    features = TextFeatures(min_df=1).fit(["服务意识不强", "制度不健全"])
    before = _evidence_terms(features)
    assert _evidence_terms(features) is before
    features.fit(["服务意识不强", "园区产业链条短"])
    assert _evidence_terms(features) is not before


def test_char_ngram_ids_equal_the_analyzer():
    features = get_default_classifier().features_
    vocab = features.vocabularies_["char"]
    texts = [normalize(t) for t in corpus.load("test")["text"]] + ["", "龘", "a", "服务", "ab c", "𠀀𠀁𠀂"]
    for ngram_range in [(1, 3), (1, 1), (2, 2), (2, 3), (3, 3)]:
        analyzer = features._char_vectorizer(vocabulary=vocab.index).set_params(ngram_range=ngram_range).build_analyzer()
        for batch in (texts, texts[-6:], texts[-1:], []):
            got = char_ngram_ids(batch, vocab, ngram_range)
            want = term_ids([analyzer(t) for t in batch], vocab)
            assert sorted(zip(*map(np.ndarray.tolist, got))) == sorted(zip(*map(np.ndarray.tolist, want)))


def test_hash_table_finds_its_keys_and_nothing_else():
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 1 << 40, 5000))
    table = _HashTable(keys, np.arange(len(keys)))
    assert table.max_probe > 0  # collisions were resolved
    np.testing.assert_array_equal(table.find(keys), np.arange(len(keys)))
    others = np.setdiff1d(rng.integers(0, 1 << 40, 20000), keys)
    assert (table.find(others) == -1).all()
    assert (_HashTable(keys[:0], keys[:0]).find(keys) == -1).all()


def test_batch_cue_features_equal_those_of_each_text():
    m = CueMatcher()
    texts = corpus.load("train")["text"].tolist() + corpus.load("test")["text"].tolist() + EDGE_CASES
    for batch in (texts, [normalize(t) for t in texts], ["", "部分群众法治意识淡薄", ""], [], ["重服务轻管理"],
                  ["意识淡薄\n群众", "作风不实"]):
        want = np.array([m.features(t) for t in batch]).reshape(len(batch), 7)
        np.testing.assert_array_equal(m.features_many(batch), want)


@pytest.fixture(scope="module")
def fitted():
    df = corpus.load("train").groupby(["category", "nature"]).head(30)
    return ThoughtClassifier(cv=2).fit(df["text"], df[["category", "nature"]])


def test_freshly_fitted_model_fast_path_equals_sklearn_path(fitted):
    _assert_same_as_reference(fitted, corpus.load("test")["text"].head(300).tolist() + EDGE_CASES)


def test_explain_matches_the_feature_matrix():
    model = get_default_classifier()
    text = "部分干部服务意识不强，对企业诉求推诿扯皮。"
    ex = model.explain(text)
    Xf = model.transform_features([text])
    names = model.features_.get_feature_names_out()
    for head, part in ex.groupby("head", sort=False):
        assert sorted(part["feature"]) == sorted(names[Xf.indices])
        np.testing.assert_allclose(part["contribution"], part["value"] * part["weight"])


def test_prediction_imports_neither_sklearn_nor_scipy():
    code = (
        "import json, sys; import thoughtclass as tc; tc.classify(['部分干部服务意识不强']);"
        "tc.explain('部分干部服务意识不强'); print(json.dumps(sorted(sys.modules)))"
    )
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
    heavy = {"sklearn", "scipy", "matplotlib", "openpyxl", "docx", "spacy", "tqdm", "jieba"}
    assert not {m.split(".")[0] for m in loaded} & heavy
    # The rjieba package builds a default tokenizer on import; its compiled
    # extension is loaded on its own instead.
    assert "rjieba" not in loaded


def test_loaded_model_still_offers_its_logistic_regressions():
    model = get_default_classifier()
    lr = model.category_model_  # built on demand from the model file's arrays
    assert lr.coef_.shape == (5, model.features_.n_features())
    assert list(lr.classes_) == list(model.classes_[0])


def _as_format_1(folder):
    """Rewrite a saved model folder the way format 1 stored it (vocabularies in the JSON)."""
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    with np.load(folder / "weights.npz") as data:
        arrays = {k: data[k] for k in data.files}
    for block in ("word", "char"):
        meta["features"][f"{block}_vocabulary"] = arrays.pop(f"{block}_vocabulary").tobytes().decode().split("\n")
    weights = _npz_bytes(arrays)
    (folder / "weights.npz").write_bytes(weights)
    meta.update(format_version=1, weights_sha256=_digest(weights))
    meta["content_sha256"] = _digest(_canonical(meta))
    (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def test_format_1_model_files_still_load(fitted, tmp_path):
    folder = save_model(fitted, tmp_path / "m")
    _as_format_1(folder)
    old = load_model(folder)
    probe = ["部分干部服务意识不强", "园区产业链条短", "统计台账不完整"]
    for a, b in zip(fitted.predict_proba(probe), old.predict_proba(probe)):
        np.testing.assert_array_equal(a, b)
    pd.testing.assert_frame_equal(fitted.classify(probe), old.classify(probe))


def test_cut_many_equals_cut_one_by_one():
    seg = Segmenter()
    texts = corpus.load("train")["text"].tolist() + EDGE_CASES + ["", "  ", "a\nb", "1-2个\r"]
    assert seg.cut_many(texts) == [seg.cut(t) for t in texts]
    normalized = [normalize(t) for t in texts]
    assert seg.cut_many(normalized, normalized=True) == [seg.cut(t, normalized=True) for t in normalized]


def test_cue_matches_on_the_whole_text_equal_those_of_its_clauses():
    # CueMatcher.hits relies on this: no cue word holds a clause separator,
    # so no match crosses clauses, and one search over the text finds each
    # clause's matches in order.
    cues = load_cues()
    separators = set("，。；;,!！?？\n")
    assert not [w for words in cues.values() for w in words if set(w) & separators]
    m = CueMatcher()
    for text in corpus.load("train")["text"]:
        for pattern in (m._style, m._own, m._outsider, m._subjective):
            by_clause = [hit for clause in _CLAUSE.split(text) for hit in pattern.findall(clause)]
            assert pattern.findall(text) == by_clause


@pytest.mark.parametrize("section", ["subjective", "style", "outsider", "own"])
def test_cue_trie_matches_like_the_longest_first_alternation(section):
    words = load_cues()[section]
    plain = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    trie = _alternation(words)
    for text in corpus.load("train")["text"]:
        assert trie.findall(text) == plain.findall(text)
