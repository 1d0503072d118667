"""ThoughtClassifier: the scikit-learn contract, persistence, and error rows."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

import thoughtclass as tc
from thoughtclass import corpus
from thoughtclass.errors import InputError, ModelFileError
from thoughtclass.features import TextFeatures
from thoughtclass.model import ThoughtClassifier
from thoughtclass.persistence import load_model, save_model


@pytest.fixture(scope="module")
def small_train():
    # 40 statements per cell: enough for every head and fold, fast to fit.
    df = corpus.load("train")
    return df.groupby(["category", "nature"]).head(40)


@pytest.fixture(scope="module")
def fitted(small_train):
    return ThoughtClassifier(cv=3).fit(small_train["text"], small_train[["category", "nature"]])


@pytest.mark.parametrize(
    "check",
    [check_no_attributes_set_in_init, check_parameters_default_constructible,
     check_get_params_invariance, check_set_params],
)
def test_sklearn_estimator_checks(check):
    check("ThoughtClassifier", ThoughtClassifier())


def test_fit_returns_self_and_sets_trailing_underscore_state(small_train):
    clf = ThoughtClassifier(cv=2, calibrate=False)
    assert clf.fit(small_train["text"], small_train[["category", "nature"]]) is clf
    for attr in ("features_", "category_model_", "nature_model_", "classes_", "temperature_", "review_threshold_"):
        assert hasattr(clf, attr)
    assert not hasattr(ThoughtClassifier(), "features_")


def test_clone_and_params():
    clf = ThoughtClassifier(C_category=1.5, features=TextFeatures(chars=False))
    twin = clone(clf)
    assert twin.get_params()["C_category"] == 1.5
    assert twin.features is not clf.features and twin.features.chars is False
    assert clf.set_params(C_nature=0.3) is clf and clf.C_nature == 0.3


def test_targets_as_dataframe_array_or_pairs_give_the_same_model(small_train):
    texts = small_train["text"].tolist()
    a = ThoughtClassifier(calibrate=False, review_rate=0).fit(texts, small_train[["category", "nature"]])
    b = ThoughtClassifier(calibrate=False, review_rate=0).fit(texts, list(zip(small_train["category"], small_train["nature"])))
    np.testing.assert_allclose(a.category_model_.coef_, b.category_model_.coef_)


def test_fit_is_deterministic(small_train):
    args = (small_train["text"].tolist(), small_train[["category", "nature"]])
    a, b = ThoughtClassifier(cv=2).fit(*args), ThoughtClassifier(cv=2).fit(*args)
    probe = ["部分干部服务意识不强", "园区产业链条短"]
    np.testing.assert_array_equal(a.predict_proba(probe)[0], b.predict_proba(probe)[0])
    assert a.review_threshold_ == b.review_threshold_


def test_predict_and_proba_shapes(fitted):
    texts = ["部分干部服务意识不强", "园区产业链条短", "学习上级精神照本宣科"]
    pred = fitted.predict(texts)
    assert pred.shape == (3, 2)
    p_cat, p_nat = fitted.predict_proba(texts)
    assert p_cat.shape == (3, 5) and p_nat.shape == (3, 2)
    np.testing.assert_allclose(p_cat.sum(1), 1) and np.testing.assert_allclose(p_nat.sum(1), 1)
    assert set(pred[:, 0]) <= set(tc.labels.CATEGORY_IDS)


@pytest.mark.parametrize(
    "y, message",
    [
        ([("capability_style", "thinking")], "1 rows but there are 2"),
        ([("capability", "thinking"), ("capability_style", "work")], "unknown category"),
        ([("capability_style", "mind"), ("capability_style", "work")], "unknown nature"),
        (pd.DataFrame({"category": ["a", "b"]}), "missing column"),
    ],
)
def test_bad_targets_are_refused_with_a_clear_message(y, message):
    with pytest.raises(InputError, match=message):
        ThoughtClassifier().fit(["服务意识不强", "制度不健全"], y)


def test_a_single_string_is_refused(fitted):
    with pytest.raises(InputError, match="single str"):
        fitted.predict("服务意识不强")


def test_classify_keeps_order_index_and_reports_errors(fitted):
    texts = pd.Series(["部分干部服务意识不强", "", "暂无", "12345", None, "园区产业链条短"], index=list("abcdef"))
    df = fitted.classify(texts)
    assert list(df.index) == list("abcdef")
    assert df["text"].tolist()[0] == "部分干部服务意识不强"
    errors = df["error"]
    assert errors[["a", "f"]].isna().all()
    assert errors["b"].startswith("empty") and "placeholder" in errors["c"]
    assert errors["d"] == "no Chinese text" and errors["e"].startswith("empty")
    assert df.loc[["b", "c", "d", "e"], ["category", "nature"]].isna().all().all()
    assert not df.loc[["b", "c", "d", "e"], "needs_review"].any()
    assert df.loc["a", "category_zh"] and df.loc["a", "nature_zh"] in ("思想问题", "工作问题")
    assert df.loc["a", "evidence"]


def test_over_long_text_is_an_error_not_a_guess(fitted):
    df = fitted.classify(["服务意识不强。" * 400])
    assert df.loc[0, "category"] is None and "too long" in df.loc[0, "error"]


def test_explain_lists_contributions_for_both_heads(fitted):
    ex = fitted.explain("部分干部服务意识不强，对企业诉求推诿扯皮。")
    assert set(ex["head"]) == {"category", "nature"}
    top = ex[ex["head"] == "category"].iloc[0]
    assert top["contribution"] == ex[ex["head"] == "category"]["contribution"].max()
    with pytest.raises(InputError, match="cannot explain"):
        fitted.explain("无")


def test_save_load_round_trip(fitted, tmp_path):
    save_model(fitted, tmp_path / "m", metadata={"name": "small"})
    again = load_model(tmp_path / "m")
    probe = ["部分干部服务意识不强", "园区产业链条短", "统计台账不完整"]
    for a, b in zip(fitted.predict_proba(probe), again.predict_proba(probe)):
        np.testing.assert_allclose(a, b, rtol=1e-10)
    assert again.review_threshold_ == fitted.review_threshold_
    assert again.metadata_["name"] == "small"
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    assert {"codebook_version", "labels", "domain_dictionary", "versions", "weights_sha256"} <= set(meta)


def test_unfitted_model_cannot_be_saved(tmp_path):
    with pytest.raises(ModelFileError, match="unfitted"):
        save_model(ThoughtClassifier(), tmp_path / "m")


@pytest.fixture
def saved(fitted, tmp_path):
    return save_model(fitted, tmp_path / "m")


def test_missing_model_is_refused(tmp_path):
    with pytest.raises(ModelFileError, match="does not exist"):
        load_model(tmp_path / "nowhere")


def test_tampered_description_is_refused(saved):
    path = saved / "model.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["review_threshold"] = 0.0
    path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ModelFileError, match="checksum mismatch"):
        load_model(saved)


def test_tampered_weights_are_refused(saved):
    path = saved / "weights.npz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="weights were modified"):
        load_model(saved)


def test_truncated_description_is_refused(saved):
    path = saved / "model.json"
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(ModelFileError, match="truncated or corrupt"):
        load_model(saved)


def test_foreign_file_is_refused(tmp_path):
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "model.json").write_text(json.dumps({"format": "skops", "weights": []}), encoding="utf-8")
    with pytest.raises(ModelFileError, match="not a thoughtclass model"):
        load_model(folder)


def test_pickle_is_never_loaded(saved, tmp_path):
    # A weights file holding a pickled object array: np.load must refuse it
    # before any code in it could run.
    evil = tmp_path / "evil"
    shutil.copytree(saved, evil)
    import io
    import hashlib

    buf = io.BytesIO()
    np.savez(buf, category_coef=np.array([object()], dtype=object))
    data = buf.getvalue()
    (evil / "weights.npz").write_bytes(data)
    meta = json.loads((evil / "model.json").read_text(encoding="utf-8"))
    meta["weights_sha256"] = hashlib.sha256(data).hexdigest()
    from thoughtclass.persistence import _canonical, _digest

    meta["content_sha256"] = _digest(_canonical(meta))
    (evil / "model.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ModelFileError, match="cannot read the weights"):
        load_model(evil)


def test_n_jobs_gives_the_same_frame(fitted):
    texts = pd.Series(corpus.load("train")["text"].head(4500).tolist() + ["无"], index=range(100, 4601))
    one = fitted.classify(texts)
    two = fitted.classify(texts, n_jobs=2)
    pd.testing.assert_frame_equal(one, two)
