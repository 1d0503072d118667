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
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from thoughtclass import corpus
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
    """spaCy blank zh (jieba) with two exclusive bag-of-words textcats."""

    def __init__(self, epochs=10):
        self.epochs = epochs

    def fit(self, texts, y):
        import random

        import spacy
        from spacy.training import Example

        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2, "no_output_layer": False}
        for head, labels in (("category", CATEGORY_IDS), ("nature", ("thinking", "work"))):
            tc = nlp.add_pipe("textcat", name=head, config={"model": model})
            for label in labels:
                tc.add_label(label)
        examples = []
        for text, (cat, nat) in zip(texts, y):
            doc = nlp.make_doc(text)
            cats = {c: float(c == cat) for c in CATEGORY_IDS} | {n: float(n == nat) for n in ("thinking", "work")}
            examples.append(Example.from_dict(doc, {"cats": cats}))
        random.seed(0)
        optimizer = nlp.initialize(lambda: examples)
        for _ in range(self.epochs):
            random.shuffle(examples)
            for i in range(0, len(examples), 64):
                nlp.update(examples[i : i + 64], sgd=optimizer, drop=0.2)
        self.nlp = nlp
        return self

    def predict(self, texts):
        out = []
        for doc in self.nlp.pipe(texts, batch_size=256):
            cats = doc.cats
            out.append((max(CATEGORY_IDS, key=cats.get), max(("thinking", "work"), key=cats.get)))
        return np.asarray(out, dtype=object)


def approaches():
    plain = dict(calibrate=False, review_rate=0)
    return {
        "lr_chars": lambda: ThoughtClassifier(features=TextFeatures(words=False, cues=False), **plain),
        "lr_words": lambda: ThoughtClassifier(features=TextFeatures(chars=False, cues=False), **plain),
        "lr_words_chars": lambda: ThoughtClassifier(features=TextFeatures(cues=False), **plain),
        "lr_words_chars_cues": lambda: ThoughtClassifier(features=TextFeatures(), **plain),
        "svm_words_chars": SVMHeads,
        "spacy_textcat_bow": SpacyTextcat,
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
