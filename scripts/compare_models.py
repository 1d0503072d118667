"""Compare modelling approaches on the same folds; write models/comparison.json.

Approaches: character n-grams, domain words, both, both + codebook cues
(logistic regression); both with a calibrated linear SVM; and a spaCy
textcat (bag-of-words) pipeline on the jieba segmenter. Each is scored by
5-fold cross-validation on train (stratified by category × nature), then
fitted once on all of train and scored on our test split and, when
present, on the real statements of ../shared/realdev (the development set
by which we choose). Run: python scripts/compare_models.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from thoughtclass import corpus
from thoughtclass.cues import CUE_FEATURES
from thoughtclass.evaluation import load_realdev
from thoughtclass.features import TextFeatures
from thoughtclass.labels import CATEGORY_IDS
from thoughtclass.model import ThoughtClassifier


class SVMHeads:
    """words+chars features with calibrated linear SVMs for both heads."""

    def fit(self, texts, y):
        self.f = TextFeatures(cues=False).fit(texts)
        X = self.f.transform(texts)
        self.cat = CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced"), cv=3).fit(X, y[:, 0])
        self.nat = CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced"), cv=3).fit(X, y[:, 1])
        return self

    def predict(self, texts):
        X = self.f.transform(texts)
        return np.column_stack([self.cat.predict(X), self.nat.predict(X)])


class SpacyTextcat:
    """spaCy blank zh (jieba) with an exclusive bag-of-words textcat per head."""

    def __init__(self, epochs=10):
        self.epochs = epochs

    @staticmethod
    def _train(texts, labels, label_set, epochs):
        import random

        import spacy
        from spacy.training import Example

        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2, "no_output_layer": False}
        textcat = nlp.add_pipe("textcat", config={"model": model})
        for label in label_set:
            textcat.add_label(label)
        examples = [
            Example.from_dict(nlp.make_doc(t), {"cats": {c: float(c == y) for c in label_set}})
            for t, y in zip(texts, labels)
        ]
        random.seed(0)
        optimizer = nlp.initialize(lambda: examples)
        for _ in range(epochs):
            random.shuffle(examples)
            for i in range(0, len(examples), 64):
                nlp.update(examples[i : i + 64], sgd=optimizer, drop=0.2)
        return nlp

    def fit(self, texts, y):
        self.heads = [
            (self._train(texts, y[:, 0], CATEGORY_IDS, self.epochs), CATEGORY_IDS),
            (self._train(texts, y[:, 1], ("thinking", "work"), self.epochs), ("thinking", "work")),
        ]
        return self

    def predict(self, texts):
        cols = []
        for nlp, label_set in self.heads:
            cols.append([max(label_set, key=doc.cats.get) for doc in nlp.pipe(texts, batch_size=256)])
        return np.column_stack(cols).astype(object)


class FastTextHeads:
    """fastText supervised on domain-segmented words (optional: needs fasttext-wheel)."""

    def fit(self, texts, y):
        import os
        import tempfile

        import fasttext

        from thoughtclass.segmenter import get_default_segmenter

        self.seg = get_default_segmenter()
        self.models = []
        for col in (0, 1):
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
                for t, lab in zip(texts, y[:, col]):
                    fh.write(f"__label__{lab} {' '.join(self.seg.cut(t))}\n")
            self.models.append(fasttext.train_supervised(
                fh.name, epoch=30, lr=0.5, wordNgrams=2, dim=50, bucket=100000, minCount=1, seed=0, thread=1, verbose=0
            ))
            os.unlink(fh.name)
        return self

    def predict(self, texts):
        docs = [" ".join(self.seg.cut(t)) for t in texts]
        cols = [[labels[0].replace("__label__", "") for labels in m.predict(docs)[0]] for m in self.models]
        return np.column_stack(cols).astype(object)


#: Parts of the cue lexicon, each left out in turn to show what it adds on
#: real text (issue 9): subjective deficiencies of the unit's own people,
#: outsiders (codebook rule 1), formalism conduct (rule 2), 重X轻Y (rule 12),
#: and the own-subject marker.
CUE_PARTS = {
    "subjective": ("cue:subjective_own", "cue:subjective_unattributed"),
    "outsiders": ("cue:subjective_outsider", "cue:outsider_subject"),
    "style": ("cue:style",),
    "chong_qing": ("cue:chong_qing",),
    "own_subject": ("cue:own_subject",),
}


class CuesWithout(TextFeatures):
    """The default features with some cue columns zeroed (an ablation)."""

    def __init__(self, drop=()):
        super().__init__()
        self.drop = drop

    def _cue_dense(self, texts):
        dense = super()._cue_dense(texts)
        dense[:, [CUE_FEATURES.index(name) for name in self.drop]] = 0.0
        return dense


def approaches():
    plain = dict(calibrate=False, review_rate=0)
    ablations = {
        f"lr_default_without_{part}": (lambda cols=cols: ThoughtClassifier(features=CuesWithout(cols), **plain))
        for part, cols in CUE_PARTS.items()
    }
    return {
        # every TextFeatures below has the first-sentence block unless it says head=False
        "lr_chars": lambda: ThoughtClassifier(features=TextFeatures(words=False, cues=False), **plain),
        "lr_words": lambda: ThoughtClassifier(features=TextFeatures(chars=False, cues=False), **plain),
        "lr_words_chars": lambda: ThoughtClassifier(features=TextFeatures(cues=False), **plain),
        "lr_words_chars_cues": lambda: ThoughtClassifier(features=TextFeatures(), category_cues=True, **plain),
        # the shipped default: cues feed the nature head only
        "lr_default": lambda: ThoughtClassifier(**plain),
        "lr_default_without_head": lambda: ThoughtClassifier(features=TextFeatures(head=False), **plain),
        "svm_words_chars": SVMHeads,
        "spacy_textcat_bow": SpacyTextcat,
        "fasttext_words": FastTextHeads,
        **ablations,
    }


def scores(y, p):
    return {
        "category_macro_f1": round(float(f1_score(y[:, 0], p[:, 0], average="macro")), 4),
        "nature_accuracy": round(float(accuracy_score(y[:, 1], p[:, 1])), 4),
    }


def main(only=None):
    train, test, realdev = corpus.load("train"), corpus.load("test"), load_realdev()
    X, y = train["text"].tolist(), train[["category", "nature"]].to_numpy(dtype=object)
    strata = train["category"] + "|" + train["nature"]
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, strata))
    results = {}
    for name, make in approaches().items():
        if only and name not in only:
            continue
        t0 = time.time()
        cv = []
        for tr, te in folds:
            m = make().fit([X[i] for i in tr], y[tr])
            cv.append(scores(y[te], m.predict([X[i] for i in te])))
        m = make().fit(X, y)
        row = {
            "cv_category_macro_f1": round(float(np.mean([c["category_macro_f1"] for c in cv])), 4),
            "cv_category_macro_f1_sd": round(float(np.std([c["category_macro_f1"] for c in cv])), 4),
            "cv_nature_accuracy": round(float(np.mean([c["nature_accuracy"] for c in cv])), 4),
            "test": scores(test[["category", "nature"]].to_numpy(dtype=object), m.predict(test["text"].tolist())),
        }
        if realdev is not None:
            row["realdev"] = scores(realdev[["category", "nature"]].to_numpy(dtype=object), m.predict(realdev["text"].tolist()))
        row["seconds"] = round(time.time() - t0, 1)
        results[name] = row
        print(name, json.dumps(row, ensure_ascii=False), flush=True)
    out = Path("models/comparison.json")
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous.update(results)
    out.write_text(json.dumps(previous, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:] or None)
