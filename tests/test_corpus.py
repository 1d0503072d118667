"""The shipped corpus meets the data card's promises.

These tests are the annotation project's acceptance checks: the sizes and
cell minimums, the fields, the variety, and above all that the items were
written, not assembled from templates: no two items are near-duplicates
(character 4-gram Jaccard >= 0.6), and nothing at all is shared between
train and test.
"""

import re
from collections import defaultdict

import pytest

from thoughtclass import corpus
from thoughtclass.labels import CATEGORY_IDS, NATURE_IDS

UNIT_TYPES = {"township", "street", "department", "other"}


@pytest.fixture(scope="module")
def train():
    return corpus.load("train")


@pytest.fixture(scope="module")
def test():
    return corpus.load("test")


@pytest.fixture(scope="module")
def documents():
    return corpus.load("documents")


def _grams(text: str) -> frozenset[str]:
    core = re.sub(r"[\W_]", "", text)
    return frozenset(core[i : i + 4] for i in range(max(1, len(core) - 3)))


def near_duplicate_pairs(texts: list[str], threshold: float = 0.6):
    """All pairs (i, j, jaccard) with 4-gram Jaccard >= threshold, via an inverted index."""
    grams = [_grams(t) for t in texts]
    index = defaultdict(list)
    for i, g in enumerate(grams):
        for x in g:
            index[x].append(i)
    pairs = []
    for i, g in enumerate(grams):
        shared = defaultdict(int)
        for x in g:
            for j in index[x]:
                if j > i:
                    shared[j] += 1
        for j, inter in shared.items():
            jac = inter / len(g | grams[j])
            if jac >= threshold:
                pairs.append((i, j, jac))
    return pairs


def test_near_duplicate_finder_finds_a_swapped_word():
    a = "部分干部服务意识不强，对企业诉求推诿扯皮、敷衍应付。"
    b = "部分干部服务意识不强，对群众诉求推诿扯皮、敷衍应付。"
    c = "园区主导产业链条短，上下游配套企业不足。"
    assert [(i, j) for i, j, _ in near_duplicate_pairs([a, b, c])] == [(0, 1)]


@pytest.mark.parametrize("part, minimum, cell_minimum", [("train", 3000, 200), ("test", 600, 40)])
def test_sizes_and_cell_minimums(part, minimum, cell_minimum):
    df = corpus.load(part)
    assert len(df) >= minimum
    cells = df.groupby(["category", "nature"]).size()
    assert len(cells) == 10
    assert cells.min() >= cell_minimum, cells.to_dict()


@pytest.mark.parametrize("part", ["train", "test"])
def test_fields_and_label_values(part):
    df = corpus.load(part)
    assert {"id", "text", "category", "nature", "unit", "unit_type", "status", "hard", "writer"} <= set(df.columns)
    assert df["id"].is_unique
    assert set(df["category"]) == set(CATEGORY_IDS)
    assert set(df["nature"]) == set(NATURE_IDS)
    assert set(df["unit_type"]) <= UNIT_TYPES
    assert set(df["status"].dropna()) <= {"resolved", "in_progress"}
    assert df["text"].str.strip().str.len().gt(0).all()
    assert df["unit"].str.len().gt(0).all()


def test_train_has_status_on_at_least_30_percent(train):
    assert train["status"].notna().mean() >= 0.30


@pytest.mark.parametrize("part", ["train", "test"])
def test_hard_cases_are_at_least_10_percent(part):
    assert corpus.load(part)["hard"].mean() >= 0.10


def test_variety_of_units_and_lengths(train, test):
    units = set(train["unit"]) | set(test["unit"])
    assert len(units) >= 50
    lengths = train["text"].str.len()
    assert lengths.min() <= 12 and lengths.max() >= 150
    assert 35 <= lengths.median() <= 65


def test_test_split_was_written_by_other_writers(train, test):
    assert not set(train["writer"]) & set(test["writer"])


def test_no_near_duplicates_anywhere(train, test):
    texts = train["text"].tolist() + test["text"].tolist()
    pairs = near_duplicate_pairs(texts, 0.6)
    shown = [(texts[i], texts[j], round(s, 2)) for i, j, s in pairs[:5]]
    assert not pairs, shown


def test_documents(documents):
    assert len(documents) >= 60
    assert set(documents["split"]) == {"train", "test"}
    assert documents["split"].value_counts().min() >= 30
    for doc in documents.itertuples():
        assert len(doc.statements) >= 3, doc.id
        assert len(doc.labels) == len(doc.statements), doc.id
        for statement in doc.statements:
            assert statement in doc.text, (doc.id, statement)
        for category, nature in doc.labels:
            assert category in CATEGORY_IDS and nature in NATURE_IDS, doc.id


def test_test_documents_share_nothing_with_train(train, documents):
    test_statements = [s for d in documents[documents["split"] == "test"].statements for s in d]
    texts = train["text"].tolist() + test_statements
    cross = [(i, j) for i, j, _ in near_duplicate_pairs(texts, 0.6) if i < len(train) <= j]
    assert not cross


def test_installed_package_carries_its_own_data():
    """A wheel install reads corpus and models from inside the package, never the source tree."""
    from pathlib import Path

    import thoughtclass
    from thoughtclass.resources import shipped_dir

    package = Path(thoughtclass.__file__).resolve().parent
    if package.parent.name == "src":
        pytest.skip("running from a source checkout (editable install)")
    for name in ("corpora", "models"):
        assert shipped_dir(name).parent == package
    assert (package / "data" / "codebook.md").is_file()


def test_data_card_reports_the_measured_kappa():
    import json

    from sklearn.metrics import cohen_kappa_score

    from thoughtclass.resources import shipped_dir

    rows = [json.loads(l) for l in open(shipped_dir("corpora") / "double_labels.jsonl", encoding="utf-8")]
    test_rows = [r for r in rows if r["split"] == "test"]
    assert len(test_rows) == len(corpus.load("test"))
    kappa = cohen_kappa_score([r["category_1"] for r in test_rows], [r["category_2"] for r in test_rows])
    card = (shipped_dir("corpora") / "README.md").read_text(encoding="utf-8")
    assert f"{kappa:.3f}" in card


def test_corpus_labels_are_the_adjudicated_double_labels():
    import json

    from thoughtclass.resources import shipped_dir

    labels = {
        row.id: (row.category, row.nature)
        for part in ("train", "test")
        for row in corpus.load(part).itertuples()
    }
    with open(shipped_dir("corpora") / "double_labels.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert len(rows) >= 300 + len(corpus.load("test"))
    for r in rows:
        assert labels[r["id"]] == (r["category"], r["nature"]), r["id"]
