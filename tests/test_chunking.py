from memory.chunking import Chunk, chunk_page, chunk_pages
from tools.text import split_sentences, tokenize


def test_split_sentences_keeps_end_punctuation():
    assert split_sentences("需求旺盛。价格上涨！风险？\n新段落") == ["需求旺盛。", "价格上涨！", "风险？", "新段落"]


def test_chunks_never_exceed_max_and_keep_all_text():
    text = "".join(f"第{i}句话讲的是谐波减速器的国产替代进展。" for i in range(40))
    chunks = chunk_page(text, max_chars=100)
    assert all(len(c) <= 100 for c in chunks)
    # every sentence survives chunking (overlap may repeat one, never drop one)
    for i in range(40):
        assert any(f"第{i}句话" in c for c in chunks)


def test_overlong_sentence_is_split_hard():
    chunks = chunk_page("长" * 950, max_chars=400)
    assert [len(c) for c in chunks] == [400, 400, 150]


def test_chunk_pages_keep_page_numbers_and_order():
    pages = [(0, "封面。目标价320元。"), (1, ""), (2, "风险提示：原材料价格波动。")]
    chunks = chunk_pages("abc", pages, max_chars=50)
    assert [(c.page, c.index) for c in chunks] == [(0, 0), (2, 1)]
    assert chunks[1].id == "abc:2:1"
    assert isinstance(chunks[0], Chunk) and "320" in chunks[0].text


def test_tokenize_drops_punctuation_and_stopwords():
    tokens = tokenize("人形机器人的灵巧手，供应商有哪些？")
    assert "机器人" in tokens and "灵巧" in tokens
    assert "的" not in tokens and "，" not in tokens and "？" not in tokens
