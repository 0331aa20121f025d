"""`touyan fund-style` end to end on the sample fixtures (extractive engine; no key, no network)."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from touyan.cli import app


def _run(tmp_path, *args):
    return CliRunner().invoke(app, ["--data-dir", str(tmp_path / "home"), "fund-style", *args])


def test_json_for_a_rotating_and_a_stable_fund(tmp_path):
    result = _run(tmp_path, "990001", "990002", "--json", "--engine", "extractive")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["schema_version"] == 1 and payload["fof_survey"] is None
    funds = {f["code"]: f for f in payload["funds"]}
    assert funds["990001"]["label"] == "style-rotation" and funds["990002"]["label"] == "style-stable"
    assert funds["990001"]["metrics"]["steps"][0]["magnitude"] > 0.5
    assert funds["990002"]["metrics"]["mean_magnitude"] < 1e-6


def test_text_output_shows_evidence_and_disagreement(tmp_path):
    result = _run(tmp_path, "990007", "--engine", "extractive")
    assert result.exit_code == 0, result.output
    assert "风格稳定型" in result.stdout and "[定量]" in result.stdout and "[定性]" in result.stdout
    assert "数字与文字不一致" in result.stdout


def test_unknown_code_and_bond_fund(tmp_path):
    unknown = _run(tmp_path, "999999", "--engine", "extractive")
    assert unknown.exit_code == 1 and "不在基金列表中" in unknown.output
    bond = _run(tmp_path, "990004", "--engine", "extractive")
    assert bond.exit_code == 4 and "没有股票持仓" in bond.output


def test_batch_from_file_to_csv(tmp_path):
    funds = tmp_path / "funds.txt"
    funds.write_text("# 样例基金\n990001,样例成长价值轮动混合A\n990004\n\n999999  # 不存在\n990007\n", encoding="utf-8")
    out = tmp_path / "out" / "styles.csv"
    result = _run(tmp_path, "--from-file", str(funds), "--csv", str(out), "--engine", "extractive")
    assert result.exit_code == 1, result.output  # one code is unknown: the batch still finishes
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["code"] for r in rows] == ["990001", "990004", "999999", "990007"]
    assert [r["status"] for r in rows] == ["ok", "partial", "error", "ok"]
    assert rows[0]["label"] == "style-rotation" and float(rows[0]["mean_active_rotation"]) > 0.5
    assert "不在基金列表中" in rows[2]["error"] and "自述会进行风格轮动" in rows[3]["disagreements"]


def test_fof_survey_json(tmp_path):
    result = _run(tmp_path, "--fof-survey", "--json", "--engine", "extractive")
    assert result.exit_code == 0, result.output
    survey = json.loads(result.stdout)["fof_survey"]
    assert [p["period"] for p in survey["periods"]] == ["2024Q3", "2024Q4", "2025Q1"]
    assert [p["stressing"] for p in survey["periods"]] == [4, 3, 2]


def test_bad_arguments(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("TOUYAN_OPENAI_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    assert _run(tmp_path).exit_code == 2  # nothing to do
    no_key = _run(tmp_path, "990001", "--engine", "llm")
    assert no_key.exit_code == 2 and "OPENAI_API_KEY" in no_key.output
    assert _run(tmp_path, "990001", "--years", "2024;2025", "--engine", "extractive").exit_code == 2


def test_llm_engine_through_the_real_client(tmp_path):
    """The default engine with a key is llm: the real ChatOpenAI client talks to a local server whose
    "model" answers with one real sentence and one invented quote per text."""
    from tests.support.openai_server import OpenAIServer
    from tests.support.openai_wire import Reply

    def reader(body):
        prompt = body["messages"][-1]["content"]
        text = prompt.split("<commentary>\n", 1)[1].split("\n</commentary>", 1)[0]
        stable = "样例价值精选混合" in prompt  # 990002, the stable value fund
        cues = ("坚守", "坚持", "不做") if stable else ("轮动", "切换")
        real = next(s for s in text.replace("\n", "。").split("。") if any(c in s for c in cues))
        label = "staying" if stable else "rotating"
        return Reply.tool_call("StyleIntentDraft", {
            "rotation": label, "growth_value": "unclear", "size": "unclear", "timing": "unclear",
            "evidence": [{"aspect": "rotation", "quote": real}, {"aspect": "rotation", "quote": "本基金年化收益 35%。"}]})

    env = {"OPENAI_API_KEY": "sk-test-not-a-real-key", "TOUYAN_MODEL": "deepseek-chat", "TOUYAN_MAX_RETRIES": "0"}
    with OpenAIServer(reader) as server:
        env["OPENAI_BASE_URL"] = server.base_url
        result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "home"), "fund-style", "990001", "990002",
                                          "--json"], env=env)
        requests = len(server.chat_requests)
    assert result.exit_code == 0, result.output
    assert requests == 6  # three commentary periods per fund
    funds = {f["code"]: f for f in json.loads(result.stdout)["funds"]}
    assert funds["990001"]["label"] == "style-rotation" and funds["990001"]["engine"] == "llm"
    assert funds["990002"]["stated"]["rotation"] == "staying"
    assert all(r["dropped_quotes"] == ["本基金年化收益 35%。"] for f in funds.values() for r in f["readings"])
    assert "sk-test-not-a-real-key" not in result.output
