"""The commentary reader: quote checking, the LLM path with a scripted model, the lexicon engine on the
sample texts, and the FOF fund-selection survey."""

from __future__ import annotations

import asyncio
from pathlib import Path


from agents.context import Context, LibrarySpec
from agents.fund_style.batch import fof_fund_selection_survey
from agents.fund_style.commentary import quote_in_text, read_one, share_by_period, stated_intent
from agents.fund_style.texts import SAMPLE_COMMENTARY_DIR, CommentaryText, load_commentary
from agents.llm.config import LLMConfig
from tests.support.fake_chat import ScriptedChatModel, text_reply, tool_reply

TEXT = ("报告期内，我们根据宏观环境在成长与价值之间进行轮动。\n"
        "展望后市，我们将保持较高的权益仓位，不做仓位择时。")
ITEM = CommentaryText("990001", "2024Q2", TEXT, "memory", False)


def _ctx(tmp_path, engine="extractive", replies=()):
    model = ScriptedChatModel(replies=list(replies), model_name="deepseek-chat")
    return Context(data_dir=tmp_path, library=LibrarySpec(tmp_path / "lib"), engine=engine,
                   llm=LLMConfig(model="deepseek-chat"), model_factory=lambda config, role: model), model


def test_quote_check_ignores_whitespace_and_width_but_not_words():
    assert quote_in_text("我们根据宏观环境在成长与价值之间进行轮动。", TEXT)
    assert quote_in_text("我们根据宏观环境 在成长与价值之间\n进行轮动", TEXT)
    assert quote_in_text("展望后市,我们将保持较高的权益仓位", TEXT)  # half-width comma
    assert not quote_in_text("我们根据宏观环境在成长和价值之间进行轮动", TEXT)  # 与 → 和: not verbatim
    assert not quote_in_text("轮动", TEXT)  # too short to be evidence


def test_llm_style_reading_drops_a_quote_that_is_not_in_the_text(tmp_path):
    draft = {"rotation": "rotating", "growth_value": "switching", "size": "small", "timing": "none",
             "evidence": [{"aspect": "rotation", "quote": "我们根据宏观环境在成长与价值之间进行轮动"},
                          {"aspect": "growth_value", "quote": "报告期内，我们根据宏观环境在成长与价值之间进行轮动。"},
                          {"aspect": "size", "quote": "我们重点配置中小市值的专精特新公司。"},
                          {"aspect": "timing", "quote": "不做仓位择时"}]}
    ctx, model = _ctx(tmp_path, "llm", [tool_reply("StyleIntentDraft", draft)])
    reading = asyncio.run(read_one(ctx, ITEM, "style", "样例基金"))
    assert (reading.rotation, reading.growth_value, reading.timing) == ("rotating", "switching", "none")
    assert reading.size == "unclear"  # its only quote was invented
    assert reading.dropped_quotes == ["我们重点配置中小市值的专精特新公司。"]
    assert any("size=small" in n for n in reading.notes)
    assert "样例基金" in model.received[0][1].content and TEXT in model.received[0][1].content


def test_llm_fund_selection_claim_without_a_real_quote_is_not_counted(tmp_path):
    fof = CommentaryText("990101", "2024Q3", "组合权益部分以宽基ETF为主。", "memory", False)
    invented = {"stresses_fund_selection": True, "emphasis": "fund_selection",
                "evidence": [{"aspect": "fund_selection", "quote": "我们坚持基金优选。"}]}
    ctx, _ = _ctx(tmp_path, "llm", [tool_reply("FundSelectionDraft", invented)])
    reading = asyncio.run(read_one(ctx, fof, "fund_selection"))
    assert reading.stresses_fund_selection is None and reading.dropped_quotes == ["我们坚持基金优选。"]
    assert share_by_period([reading])[0].classified == 0


def test_a_model_that_never_answers_in_schema_falls_back_to_the_lexicon_and_says_so(tmp_path):
    ctx, model = _ctx(tmp_path, "llm", [text_reply("我觉得是轮动型"), text_reply("就是轮动型")])
    reading = asyncio.run(read_one(ctx, ITEM, "style"))
    assert len(model.received) == 2  # asked, then re-asked once
    lexicon = asyncio.run(read_one(_ctx(tmp_path, "extractive", [])[0], ITEM, "style"))
    assert reading.engine == "extractive" and reading.rotation == lexicon.rotation
    assert any("LLM 未能读取评论" in n and "TOUYAN_STRUCTURED_OUTPUT" in n for n in reading.notes)


# Hand labels of the sample texts (what each was written to say; see data/samples/commentary/catalog.csv).
STATED_ROTATION = {"990001": "rotating", "990002": "staying", "990003": "rotating", "990006": "staying",
                   "990007": "rotating"}
STRESSES_SELECTION = {"990005": [True, True, False], "990101": [True, True, True], "990102": [False] * 3,
                      "990103": [True, False, False], "990104": [True, True, True], "990105": [False] * 3}


def test_lexicon_reads_the_sample_style_commentary(tmp_path):
    ctx, _ = _ctx(tmp_path)
    for code, expected in STATED_ROTATION.items():
        texts = load_commentary(code)
        readings = [asyncio.run(read_one(ctx, t, "style")) for t in texts]
        assert len(texts) >= 2 and all(r.rotation == expected for r in readings), code
        assert all(not r.dropped_quotes for r in readings)  # its quotes are the text's own sentences
        assert stated_intent(readings).rotation == expected
    size = [asyncio.run(read_one(ctx, t, "style")).size for t in load_commentary("990003")]
    assert size == ["switching", "switching"]


def test_lexicon_survey_gives_the_share_per_period(tmp_path):
    ctx, _ = _ctx(tmp_path)
    survey = asyncio.run(fof_fund_selection_survey(ctx))
    got = {}
    for r in survey.readings:
        got.setdefault(r.code, []).append(r.stresses_fund_selection)
    assert got == STRESSES_SELECTION
    periods = {p.period: (p.texts, p.stressing, round(p.share, 4)) for p in survey.periods}
    assert periods == {"2024Q3": (6, 4, 0.6667), "2024Q4": (6, 3, 0.5), "2025Q1": (6, 2, 0.3333)}
    assert any("69.93%" in n and "不可直接比较" in n for n in survey.notes)


def test_llm_survey_runs_one_call_per_text(tmp_path):
    def reply(messages):
        body = messages[-1].content
        text = body.split("<commentary>\n", 1)[1].split("\n</commentary>", 1)[0]
        first = text.splitlines()[1].split("。")[0]
        return tool_reply("FundSelectionDraft", {"stresses_fund_selection": True, "emphasis": "fund_selection",
                                                 "evidence": [{"aspect": "fund_selection", "quote": first}]})
    ctx, model = _ctx(tmp_path, "llm", [reply] * 18)
    survey = asyncio.run(fof_fund_selection_survey(ctx))
    assert len(model.received) == 18 and survey.engine == "llm"
    assert [p.share for p in survey.periods] == [1.0, 1.0, 1.0]


def test_user_commentary_folder_is_read_before_the_samples(tmp_path):
    own = tmp_path / "commentary"
    own.mkdir()
    (own / "990001_2024Q2.txt").write_text("我们坚守价值风格，不做风格轮动。", encoding="utf-8")
    texts = {t.period: t for t in load_commentary("990001", tmp_path)}
    assert not texts["2024Q2"].sample and texts["2024Q2"].text.startswith("我们坚守")
    assert texts["2024Q3"].sample and Path(texts["2024Q3"].source).parent == SAMPLE_COMMENTARY_DIR
