"""Issue 11, case 2: a running server sees a report another process ingested, in the first request.

Before: `touyan serve` held one chromadb client for its lifetime; a report ingested by a CLI process was
missing from answers, and a filtered vector search over it failed with "Error executing plan: Internal
error: Error finding id" until the server restarted (memory/vector_store.py has the measurements)."""

from __future__ import annotations

import httpx

from tests.e2e.web_support import ThreadedServer, parse_sse
from tests.reliability import procs
from touyan.context_factory import build_context, closing_context
from touyan.settings import load_settings
from touyan.web import create_app

CATL = "宁德时代(300750.SZ)"
PAGES = {
    "20250301_中信证券_宁德时代深度报告.txt": [f"{CATL} 中信证券 深度报告。公司是全球动力电池龙头，海外工厂投产顺利。",
                                     "储能业务高增长，毛利率维持较高水平。风险提示：原材料价格波动。"],
    "20250601_华泰证券_宁德时代储能跟踪.txt": [f"{CATL} 华泰证券 储能跟踪。钠离子电池量产进度超预期，储能订单饱满。",
                                     "大储项目需求旺盛，海外储能出货翻倍。风险提示：价格竞争加剧。"],
}
QUESTION = "总结华泰证券宁德时代的研报"


def _write(folder, name):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\f".join(PAGES[name]), encoding="utf-8")
    return folder


def _ask(client: httpx.Client, thread: str) -> str:
    response = client.post(f"/api/threads/{thread}/messages", json={"text": QUESTION}, timeout=60)
    assert response.status_code == 200
    events = parse_sse(response.text)
    assert not [e for e in events if e.get("type") == "error"], events
    return events[-1]["text"]


def test_serve_sees_a_cli_ingest_within_one_request(tmp_path, touyan_env, monkeypatch):
    first, second = list(PAGES)
    assert procs.run(["ingest", str(_write(tmp_path / "a", first))], touyan_env, tmp_path / "a.log").code == 0
    for name, value in touyan_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    context = build_context(settings, engine="extractive")
    with closing_context(context), ThreadedServer(create_app(context, settings.home)) as server:
        client = httpx.Client(base_url=server.base_url)
        thread = client.post("/api/threads").json()["thread_id"]
        assert "没有找到" in _ask(client, thread)  # the server has loaded its vectors: only 中信证券's report

        ingest = procs.run(["ingest", str(_write(tmp_path / "b", second))], touyan_env, tmp_path / "b.log")
        assert ingest.code == 0 and "✓ 已入库" in ingest.output, ingest.output

        answer = _ask(client, thread)  # the very next request
        assert "宁德时代储能跟踪" in answer and "华泰证券" in answer, answer
        assert "Error" not in answer
        assert context.report_library.vectors.reopens >= 2  # opened once, reopened after the CLI wrote
