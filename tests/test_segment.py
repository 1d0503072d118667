"""Segmentation: domain terms stay whole, ordinary Chinese segments as jieba does."""

import jieba
import pytest

import thoughtclass as tc
from thoughtclass.segmenter import Segmenter, domain_words, stopwords


@pytest.fixture(scope="module")
def seg():
    return Segmenter()


@pytest.mark.parametrize(
    "text, term",
    [
        ("认真践行六要六不要还有差距", "六要六不要"),
        ("存在以会议落实会议的现象", "以会议落实会议"),
        ("落实十破十立要求不到位", "十破十立"),
        ("对四比四看宣传报道重视不够", "四比四看"),
        ("有的干部等靠要思想严重", "等靠要思想"),
        ("上下一般粗，缺乏结合本地实际的举措", "上下一般粗"),
        ("深化放管服改革措施不多", "放管服改革"),
        ("窗口单位门难进、脸难看、事难办问题仍有发生", "门难进、脸难看、事难办"),
        ("对解放思想、振兴发展的认识还不到位", "解放思想、振兴发展"),
        ("干部晋位争先的危机感紧迫感不强", "危机感紧迫感"),
        ("农业农村局与自然资源局协调不畅", "农业农村局"),
    ],
)
def test_domain_terms_stay_whole(seg, text, term):
    assert term in seg.cut(text)


@pytest.mark.parametrize(
    "text",
    [
        "今天下午我们去公园散步，看到很多人在放风筝。",
        "这本小说讲述了一个年轻人在城市里奋斗的故事。",
        "天气预报说明天有小雨，出门记得带伞。",
        "他在厨房里做了一桌丰盛的晚饭。",
    ],
)
def test_ordinary_text_segments_as_jieba_does(seg, text):
    reference = [t for t in jieba.lcut(text) if not t.isspace()]
    assert seg.cut(text) == reference


def test_module_function_uses_default_instance():
    assert tc.segment("存在以会议落实会议现象") == ["存在", "以会议落实会议", "现象"]


def test_normalises_before_segmenting(seg):
    assert seg.cut("（一）服务意识不强") == seg.cut("服务意识不强")
    assert "12" in seg.cut("召开会议１２次")


def test_user_words_are_per_instance():
    text = "巨宝山乡落实整改不到位"
    own = Segmenter(user_dict=["巨宝山乡"])
    plain = Segmenter()
    assert "巨宝山乡" in own.cut(text)
    assert "巨宝山乡" not in plain.cut(text)


def test_instances_do_not_touch_jieba_global_dictionary():
    Segmenter(user_dict=["庆柳社管委"]).cut("庆柳社管委")
    assert "庆柳社管委" not in jieba.lcut("庆柳社管委")
    assert jieba.lcut("存在以会议落实会议现象") != tc.segment("存在以会议落实会议现象")


def test_user_dictionary_file(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("# our towns\n巨宝山乡 10 ns\n大罗镇\n", encoding="utf-8")
    seg = Segmenter(user_dict=path)
    assert seg.cut("巨宝山乡和大罗镇")[:1] == ["巨宝山乡"]
    assert "大罗镇" in seg.cut("巨宝山乡和大罗镇")


def test_add_words_after_loading():
    seg = Segmenter()
    assert "兴隆乡" not in seg.cut("兴隆乡整改")
    seg.add_words(["兴隆乡"])
    assert "兴隆乡" in seg.cut("兴隆乡整改")


def test_missing_user_dictionary_is_reported_at_construction(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.txt"):
        Segmenter(user_dict=tmp_path / "nope.txt")


def test_bad_user_dictionary_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("好词\n坏词 12 n 多余\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.txt, line 2"):
        Segmenter(user_dict=path)


def test_dictionary_loads_lazily():
    seg = Segmenter()
    assert "not loaded" in repr(seg)
    seg.cut("学习")
    assert "dictionary loaded" in repr(seg)


def test_rejects_non_text(seg):
    with pytest.raises(TypeError, match="expects a str"):
        seg.cut(None)


def test_jieba_stays_quiet(capsys):
    Segmenter().cut("学习研讨走过场")
    assert "Building prefix dict" not in capsys.readouterr().err


def test_shipped_dictionary_is_large_and_has_the_campaign_formulas():
    words = domain_words()
    assert len(words) >= 300
    assert len(set(words)) == len(words), "duplicate dictionary entries"
    for term in ["新发展理念", "十破十立", "五个聚焦", "四个体系", "营商环境", "发改局", "社管委", "开发区"]:
        assert term in words


def test_stopwords_drop_function_words_but_keep_negations():
    sw = stopwords()
    assert {"的", "了", "和", "，"} <= sw
    assert not {"不", "缺乏", "不足", "不够"} & sw


def test_engines_give_identical_tokens_over_the_whole_corpus():
    """rjieba (the fast default) and jieba (the reference) agree token for token."""
    pytest.importorskip("rjieba")
    from thoughtclass import corpus

    texts = corpus.load("train")["text"].tolist() + corpus.load("test")["text"].tolist()
    texts += [s for statements in corpus.load("documents")["statements"] for s in statements]
    fast, reference = Segmenter(engine="rjieba"), Segmenter(engine="jieba")
    differ = [t for t in texts if fast.cut(t) != reference.cut(t)]
    assert len(texts) > 5000
    assert not differ, differ[:3]


def test_engine_choice():
    assert Segmenter(engine="jieba").engine == "jieba"
    with pytest.raises(ValueError, match="engine must be"):
        Segmenter(engine="pkuseg")


def test_user_words_with_frequency_agree_across_engines():
    pytest.importorskip("rjieba")
    words = ["巨宝山乡 20", "庆柳社管委 20"]
    import tempfile, os

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(words))
    try:
        text = "巨宝山乡和庆柳社管委落实整改不到位"
        assert Segmenter(user_dict=fh.name, engine="rjieba").cut(text) == Segmenter(user_dict=fh.name, engine="jieba").cut(text)
    finally:
        os.unlink(fh.name)
