"""`touyan summarize` through the real ChatOpenAI client against a local OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import shutil
import threading

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES, make_context
from tests.support.openai_server import OpenAIServer
from tests.support.openai_wire import Reply
from tests.support.report_reader import ReportReader
from touyan.cli import app

KEY = "sk-test-DO-NOT-LEAK-4242"
PICK = ("20250318_中信证券_宁德时代深度报告全球龙头再启航.pdf", "20250326_华泰证券_宁德时代储能价格战压制短期盈利弹性.pdf",
        "20250401_国金证券_贵州茅台2024年报点评稳健增长穿越周期.pdf", "20250218_广发证券_储能行业2025年投资策略.txt")


@pytest.fixture()
def reports(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in PICK:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def _env(server, **extra):
    env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": server.base_url, "TOUYAN_MODEL": "deepseek-chat",
           "TOUYAN_MAX_RETRIES": "3", "TOUYAN_TIMEOUT_S": "10"}
    env.update(extra)
    return env


def _summarize(home, out, folder, env, *args):
    return CliRunner().invoke(app, ["--data-dir", str(home), "summarize", str(folder), "--out", str(out), *args],
                              env=env, catch_exceptions=False)


def _index(out):
    return list(csv.DictReader(io.StringIO((out / "index.csv").read_text(encoding="utf-8"))))


def test_batch_through_the_real_client_then_resume(tmp_path, reports):
    home, out = tmp_path / "home", tmp_path / "out"
    with OpenAIServer(ReportReader()) as server:
        result = _summarize(home, out, reports, _env(server), "--concurrency", "2")
        assert result.exit_code == 0, result.output
        assert "引擎：llm" in result.output
        first = len(server.chat_requests)
        assert first == len(PICK)
        rows = _index(out)
        assert {r["status"] for r in rows} == {"ok"} and len(rows) == len(PICK)
        assert all(int(r["tokens"]) > 0 and float(r["cost_cny"]) > 0 for r in rows)
        for row in rows:
            # Files a researcher can tell apart: YYYYMMDD_券商_标题_<id>.json / .md
            [path] = out.glob(f"*_{row['report_id']}.json")
            assert re.fullmatch(rf"\d{{8}}_{row['broker']}_.+_{row['report_id']}\.json", path.name), path.name
            data = json.loads(path.read_text(encoding="utf-8"))
            s = data["summary"]
            assert s["source"].endswith(".pdf") or s["source"].endswith(".txt")
            assert s["page_count"] >= 3 and s["citations"]["verified"] >= 3
            assert data["fingerprint"]["prompts"]["summarize_report"] == "1.2.0"
            assert path.with_suffix(".md").exists()
        catl = [r for r in rows if r["code"] == "300750.SZ"]
        assert catl and all(r["name"] == "宁德时代" and r["rating_action"] == "维持" and r["current_price"] for r in catl)
        assert all(abs(float(r["upside"]) - (float(r["target_price"]) / float(r["current_price"]) - 1)) < 1e-4 for r in catl)
        assert any(k.startswith("eps_2025") and r[k] for r in catl for k in r)
        from openpyxl import load_workbook
        sheet = load_workbook(out / "index.xlsx").active
        header = [c.value for c in sheet[1]]
        assert header == list(rows[0].keys()) and sheet.max_row == len(rows) + 1
        consensus = (out / "consensus.md").read_text(encoding="utf-8")
        assert "300750.SZ" in consensus and "280" in consensus and "320" in consensus
        book = load_workbook(out / "consensus.xlsx")
        assert book.sheetnames == ["评级", "目标价与空间", "盈利预测分歧", "观点分歧"]
        upside = [dict(zip([c.value for c in book["目标价与空间"][1]], [c.value for c in r]))
                  for r in book["目标价与空间"].iter_rows(min_row=2) if r[0].value == "300750.SZ"]
        assert {u["目标价（元）"] for u in upside} == {280, 320}  # numbers, not text
        assert all(abs(u["上涨空间"] - (u["目标价（元）"] / u["现价（元）"] - 1)) < 1e-9 for u in upside)

        again = _summarize(home, out, reports, _env(server))
        assert again.exit_code == 0 and again.output.count("已有结果，跳过") == len(PICK)
        assert len(server.chat_requests) == first  # nothing was redone
        assert all("REDACTED" in r.headers.get("Authorization", "REDACTED") for r in server.chat_requests)

    from openpyxl import load_workbook

    cells = "".join(str(c.value) for row in load_workbook(out / "index.xlsx").active.iter_rows() for c in row)
    everything = result.output + again.output + cells + "".join(
        p.read_text(encoding="utf-8") for p in out.rglob("*.*") if p.suffix != ".xlsx")
    assert KEY not in everything


def test_failed_reports_are_retried_on_the_next_run(tmp_path, reports):
    home, out = tmp_path / "home", tmp_path / "out"
    reader = ReportReader()

    def flaky(body):  # the 茅台 report always fails in the first run
        return Reply.server_error() if "贵州茅台" in json.dumps(body, ensure_ascii=False) else reader(body)

    with OpenAIServer(flaky) as server:
        result = _summarize(home, out, reports, _env(server, TOUYAN_MAX_RETRIES="1"))
        assert result.exit_code == 1 and "✗ 失败" in result.output
        failed = [r for r in _index(out) if r["status"] == "failed"]
        assert len(failed) == 1 and "500" in failed[0]["reason"]
        assert failed[0]["broker"] == "国金证券" and "茅台" in failed[0]["title"]  # a failed row still says what it is
    with OpenAIServer(reader) as server:
        result = _summarize(home, out, reports, _env(server))
        assert result.exit_code == 0, result.output
        assert len(server.chat_requests) == 1  # only the failed report was redone
        assert {r["status"] for r in _index(out)} == {"ok"}


def test_token_budget_stops_cleanly_and_resumes(tmp_path, reports):
    home, out = tmp_path / "home", tmp_path / "out"
    with OpenAIServer(ReportReader()) as server:
        result = _summarize(home, out, reports, _env(server), "--concurrency", "1", "--budget-tokens", "5000")
        assert result.exit_code == 3, result.output
        assert "预算" in result.output
        rows = _index(out)
        done = [r for r in rows if r["status"] == "ok"]
        assert 1 <= len(done) < len(PICK)
        stopped = [r for r in rows if r["status"] == "budget-stopped"]
        assert len(done) + len(stopped) == len(rows) == len(PICK)  # every report of the run has its row
        assert all(r["title"] and r["broker"] for r in stopped)
        used = len(server.chat_requests)
        result = _summarize(home, out, reports, _env(server))
        assert result.exit_code == 0
        assert len(server.chat_requests) - used == len(PICK) - len(done)


def test_transient_faults_on_ten_percent_of_calls(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(50):
        pages = [f"第{i}号样本公司发布年报，营业收入同比增长{10 + i}%，维持增持评级。",
                 f"风险提示：第{i}号样本公司所在行业竞争加剧，原材料价格波动。"]
        (folder / f"2025010{i % 9 + 1}_示例证券_样本{i:02d}.txt").write_text("\f".join(pages), encoding="utf-8")
    reader, lock, count = ReportReader(), threading.Lock(), [0]

    def faulty(body):
        with lock:
            count[0] += 1
            n = count[0]
        return Reply.server_error() if n % 10 == 0 else reader(body)

    with OpenAIServer(faulty) as server:
        # A roomy per-call timeout: the faults here are the server's 500s, and a 10 s timeout under a loaded
        # test machine (a whole `make test` beside other work) once turned slowness into a failed report.
        env = _env(server, TOUYAN_TIMEOUT_S="60")
        result = _summarize(tmp_path / "home", tmp_path / "out", folder, env, "--concurrency", "8")
        assert result.exit_code == 0, result.output
        rows = _index(tmp_path / "out")
        assert len(rows) == 50 and {r["status"] for r in rows} == {"ok"}
        assert len(server.chat_requests) > 50  # the faults happened and were retried


def test_killed_run_keeps_what_finished(tmp_path, sample_library):
    from agents.llm.config import LLMConfig
    from agents.summarize.batch import summarize_batch
    from agents.summarize.outputs import OutputFolder
    from pydantic import SecretStr

    reader = ReportReader()

    def slow_for_moutai(body):
        return Reply.hang(30) if "贵州茅台" in json.dumps(body, ensure_ascii=False) else reader(body)

    ids = [(sample_library.sample_ids[n], n) for n in PICK[:3]]
    with OpenAIServer(slow_for_moutai) as server:
        llm = LLMConfig(model="deepseek-chat", base_url=server.base_url, api_key=SecretStr(KEY), timeout_s=60)
        ctx = make_context(sample_library, engine="llm", llm=llm)
        folder = OutputFolder(tmp_path / "out")

        async def run_then_kill():
            task = asyncio.create_task(summarize_batch(ctx, ids, folder, concurrency=3))
            for _ in range(200):
                await asyncio.sleep(0.05)
                if len(list(folder.root.glob("*.json"))) == 2:
                    break
            task.cancel()  # what Ctrl-C or a kill does to the in-flight report
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(run_then_kill())
    saved = sorted(p.name for p in folder.root.glob("*.json"))
    assert len(saved) == 2 and not any(name.endswith(sample_library.sample_ids[PICK[2]] + ".json") for name in saved)
    assert not list(folder.root.glob(".*.tmp"))
    for path in folder.root.glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["summary"]["citations"]["verified"] > 0


def test_bad_inputs_in_a_batch(tmp_path):
    from tests.test_cli_library import _pdf

    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(_pdf(["x"], image_only=True))  # no text layer
    (folder / "menu.txt").write_text("午餐菜单：红烧肉、清炒时蔬、番茄蛋汤，供应时间十一点半至一点。", encoding="utf-8")
    long_pages = [f"第{i}页：行业景气度跟踪，本页讨论第{i}个细分领域的供需格局与价格走势。" * 3 for i in range(300)]
    (folder / "long.txt").write_text("\f".join(long_pages), encoding="utf-8")
    with OpenAIServer(ReportReader()) as server:
        result = _summarize(tmp_path / "home", tmp_path / "out", folder, _env(server, TOUYAN_MAX_RETRIES="0"))
        assert result.exit_code == 1  # the scan failed …
        rows = {r["source"].rsplit("/", 1)[-1]: r for r in _index(tmp_path / "out")}
        assert rows["scan.pdf"]["status"] == "failed" and rows["scan.pdf"]["reason"]
        assert rows["menu.txt"]["status"] == "ok" and rows["menu.txt"]["rating"] == ""  # … a non-report is fine
        assert rows["long.txt"]["status"] == "ok" and rows["long.txt"]["pages"] == "300"
        map_calls = [r for r in server.chat_requests if r.body.get("tool_choice", {}).get("function", {}).get("name") == "PageNotes"]
        assert 2 <= len(map_calls) <= 24  # map-reduce, fan-out bounded


def test_a_summary_below_the_verified_floor_is_marked_with_the_extractive_one_beside_it(tmp_path, reports):
    home, out = tmp_path / "home", tmp_path / "out"
    with OpenAIServer(ReportReader(invent_all=True)) as server:
        result = _summarize(home, out, reports, _env(server), "--concurrency", "2")
    assert result.exit_code == 4, result.output  # documented: 4 = a summary is unverified
    assert "未核验" in result.output and "✓ 完成" not in result.output
    rows = _index(out)
    assert {r["status"] for r in rows} == {"unverified"} and len(rows) == len(PICK)
    for row in rows:
        [json_path] = out.glob(f"*_{row['report_id']}.json")  # YYYYMMDD_券商_标题_<id>.json
        data = json.loads(json_path.read_text(encoding="utf-8"))
        assert data["summary"]["status"] == "unverified" and data["summary"]["fallback"]["summary"]
        assert "987.6" not in data["summary"]["fallback"]["summary"]  # the extractive one, from the pages
        markdown = json_path.with_suffix(".md").read_text(encoding="utf-8")
        assert "⚠ **未核验**" in markdown
