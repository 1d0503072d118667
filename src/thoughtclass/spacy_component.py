"""A spaCy pipeline component: ``nlp.add_pipe("thoughtclass")``.

Sets ``doc.cats`` (the five category ids and ``thinking``/``work``, each a
calibrated probability) and ``doc._.category``, ``doc._.nature``,
``doc._.category_confidence``, ``doc._.nature_confidence``. The component's
model is written with the pipeline by ``nlp.to_disk`` and read back by
``spacy.load`` (the factory is registered through an entry point, so the
saved pipeline loads in any environment where thoughtclass is installed).

Examples
--------
>>> import spacy
>>> import thoughtclass.spacy_component  # registers the factory
>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
>>> _ = nlp.add_pipe("thoughtclass")
>>> doc = nlp("部分干部服务意识不强，对企业诉求推诿扯皮。")
>>> doc._.category, doc._.nature
('capability_style', 'thinking')
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .classification import get_default_classifier, load
from .persistence import save_model
from .validation import statement_error

__all__ = ["ThoughtclassComponent", "make_thoughtclass"]

for _attr in ("category", "nature", "category_confidence", "nature_confidence", "thoughtclass_error"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


class ThoughtclassComponent:
    """Classify each Doc with a thoughtclass model."""

    def __init__(self, nlp: Language, name: str = "thoughtclass", model: str | None = None) -> None:
        self.name = name
        self.model_path = model
        self.model = load(model) if model else get_default_classifier()

    def _annotate(self, doc: Doc, p_cat, p_nat) -> None:
        m = self.model
        doc.cats = {str(c): float(p) for c, p in zip(m.classes_[0], p_cat)}
        doc.cats.update({str(c): float(p) for c, p in zip(m.classes_[1], p_nat)})
        k, j = int(p_cat.argmax()), int(p_nat.argmax())
        doc._.category, doc._.category_confidence = str(m.classes_[0][k]), float(p_cat[k])
        doc._.nature, doc._.nature_confidence = str(m.classes_[1][j]), float(p_nat[j])

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 256):
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._process(batch)
                batch = []
        if batch:
            yield from self._process(batch)

    def _process(self, docs):
        ok = []
        for doc in docs:
            error = statement_error(doc.text)
            doc._.thoughtclass_error = error
            if error is None:
                ok.append(doc)
        if ok:
            p_cat, p_nat = self.model.predict_proba([d.text for d in ok])
            for i, doc in enumerate(ok):
                self._annotate(doc, p_cat[i], p_nat[i])
        return docs

    def to_disk(self, path, *, exclude=tuple()) -> None:
        save_model(self.model, Path(path))

    def from_disk(self, path, *, exclude=tuple()) -> ThoughtclassComponent:
        self.model = load(Path(path))
        return self


@Language.factory("thoughtclass", default_config={"model": None})
def make_thoughtclass(nlp: Language, name: str, model: str | None) -> ThoughtclassComponent:
    """Build the component; ``model`` is a model folder, or None for the shipped default."""
    return ThoughtclassComponent(nlp, name, model)
