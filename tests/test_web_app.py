"""The web chat app through FastAPI's TestClient on the offline (extractive) engine and the sample library."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from agents.supervisor.nodes import MAX_MESSAGE_CHARS
from tests.conftest import make_context
from tests.e2e.web_support import parse_sse
from touyan.web import create_app

CONCEPT_REPORT = "20250305_国泰君安_低空经济产业链全景图谱.pdf"
COMPANY_CITE = re.compile(r"([\u4e00-\u9fff]+)\((\d{6}\.[A-Z]{2})\)\[《([^》]+)》p\.(\d+)\]")  # 1-based


@pytest.fixture()
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture()
def client(sample_library, home):
    with TestClient(create_app(make_context(sample_library), home)) as c:
        yield c


def new_thread(client) -> str:
    response = client.post("/api/threads")
    assert response.status_code == 201
    return response.json()["thread_id"]


def ask(client, thread_id: str, text: str) -> list[dict]:
    response = client.post(f"/api/threads/{thread_id}/messages", json={"text": text})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    return parse_sse(response.text)


def test_page_and_its_assets_are_local(client):
    page = client.get("/")
    assert page.status_code == 200 and "<textarea" in page.text
    # Relative: the page also works under a reverse proxy's path prefix (TOUYAN_ROOT_PATH)
    assets = re.findall(r'(?:src|href)="(static/[^"]+)"', page.text)
    assert {"static/app.js", "static/markdown.js", "static/source.js", "static/style.css"} <= set(assets)
    for text in [page.text, *(client.get(f"/{a}").text for a in assets)]:
        assert not re.search(r"https?://|//cdn", text)  # no CDN: the page works with no network


def test_offline_engine_is_announced(client, sample_library, home):
    info = client.get("/api/info").json()
    assert info["engine"] == "extractive" and "OPENAI_API_KEY" in info["banner"]
    assert info["max_message_chars"] == MAX_MESSAGE_CHARS
    with TestClient(create_app(make_context(sample_library, engine="llm"), home)) as llm_client:
        assert llm_client.get("/api/info").json()["banner"] is None


def test_threads_are_created_listed_and_unknown_ones_refused(client):
    first, second = new_thread(client), new_thread(client)
    listed = [t["thread_id"] for t in client.get("/api/threads").json()]
    assert {first, second} <= set(listed)
    assert client.get(f"/api/threads/{first}").json()["messages"] == []
    assert client.get("/api/threads/nosuchthread").status_code == 404
    assert client.post("/api/threads/nosuchthread/messages", json={"text": "你好"}).status_code == 404


@pytest.mark.parametrize("text, status, says", [
    ("", 400, "不能为空"),
    ("   \n\t", 400, "不能为空"),
    ("研" * 50_000, 413, f"{MAX_MESSAGE_CHARS} 字以内"),
])
def test_bad_messages_get_a_clear_answer_and_leave_no_turn(client, text, status, says):
    thread_id = new_thread(client)
    response = client.post(f"/api/threads/{thread_id}/messages", json={"text": text})
    assert response.status_code == status and says in response.json()["detail"]
    assert client.get(f"/api/threads/{thread_id}").json()["messages"] == []
    assert client.get(f"/api/threads/{thread_id}").json()["turns"] == 0


def test_concept_turn_streams_agent_and_answer_with_links(client, sample_library):
    thread_id = new_thread(client)
    events = ask(client, thread_id, "拆解一下低空经济")
    kinds = [e["type"] for e in events]
    assert kinds[0] == "agent" and kinds[-1] == "message" and "error" not in kinds
    assert {(e["agent"], e["status"]) for e in events if e["type"] == "agent"} == {("概念拆解", "start"),
                                                                                  ("概念拆解", "done")}
    message = events[-1]
    report_id = sample_library.sample_ids[CONCEPT_REPORT]
    assert message["agents"] == ["概念拆解"]
    assert message["citations"] == {"低空经济产业链全景图谱": report_id}

    cited = COMPANY_CITE.findall(message["text"])
    assert cited, message["text"]
    for name, code, _title, page in cited:  # every cited page (p.N is the PDF viewer's N) names the company
        found = client.get(f"/api/reports/{report_id}/pages/{int(page) - 1}").json()
        assert found["page"] == int(page) - 1 and name in found["text"]

    graph = client.get(message["concept_url"])
    assert graph.status_code == 200 and "<svg" in graph.text and "低空经济" in graph.text
    # the page frames the graph itself; no other site may
    assert graph.headers["x-frame-options"] == "SAMEORIGIN" and graph.headers["content-security-policy"] == \
        "frame-ancestors 'self'"
    assert all(name in graph.text and code in graph.text for name, code, _t, _p in cited)
    inline = client.get(message["concept_url"] + "&inline=1").text  # the version shown in the chat bubble
    assert 'viewBox="0 0 ' in inline and all(name in inline for name, _c, _t, _p in cited)


def test_history_links_only_the_last_concept_answer(client, sample_library):
    thread_id = new_thread(client)
    first = ask(client, thread_id, "拆解一下低空经济")[-1]
    second = ask(client, thread_id, "这些公司里谁的研报覆盖最多？")[-1]
    assert second["agents"] == ["覆盖统计"] and second["concept_url"] is None
    thread = client.get(f"/api/threads/{thread_id}").json()
    assert thread["title"] == "拆解一下低空经济" and thread["turns"] == 2
    roles = [m["role"] for m in thread["messages"]]
    assert roles == ["user", "assistant", "user", "assistant"]
    answer_one, answer_two = thread["messages"][1], thread["messages"][3]
    assert (answer_one["text"], answer_two["text"]) == (first["text"], second["text"])
    assert answer_one["concept_url"] and answer_one["agents"] == ["概念拆解"]
    assert answer_two["concept_url"] is None and answer_two["agents"] == ["覆盖统计"]


def test_missing_pages_reports_and_concepts_are_404(client, sample_library):
    report_id = sample_library.sample_ids[CONCEPT_REPORT]
    pages = sample_library.report(report_id).page_count
    assert client.get(f"/api/reports/{report_id}/pages/0").status_code == 200
    assert client.get(f"/api/reports/{report_id}/pages/{pages}").status_code == 404
    assert client.get("/api/reports/0000000000000000/pages/0").status_code == 404
    thread_id = new_thread(client)
    response = client.get(f"/api/threads/{thread_id}/concept")
    assert response.status_code == 404 and "产业链" in response.json()["detail"]


def test_thread_survives_a_restart(sample_library, home):
    with TestClient(create_app(make_context(sample_library), home)) as before:
        thread_id = new_thread(before)
        answer = ask(before, thread_id, "拆解一下低空经济")[-1]["text"]
    with TestClient(create_app(make_context(sample_library), home)) as after:
        assert thread_id in [t["thread_id"] for t in after.get("/api/threads").json()]
        messages = after.get(f"/api/threads/{thread_id}").json()["messages"]
        assert [m["text"] for m in messages] == ["拆解一下低空经济", answer]
        assert after.get(f"/api/threads/{thread_id}/concept").status_code == 200


def test_other_hosts_are_refused_when_bound_to_loopback(sample_library, home):
    app = create_app(make_context(sample_library), home, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8765") as local:
        assert local.get("/api/info").status_code == 200
        assert local.get("/api/info", headers={"host": "attacker.example:8765"}).status_code == 400


@pytest.mark.parametrize("sample, media_type, sandboxed", [
    (CONCEPT_REPORT, "application/pdf", False),
    ("20250324_海通证券_半导体设备国产化率持续提升.html", "text/html", True),
    ("20250310_申万宏源_光伏行业供给侧改革跟踪.md", "text/plain", False),
])
def test_original_files_open_and_html_is_sandboxed(client, sample_library, sample, media_type, sandboxed):
    from tests.conftest import SAMPLES

    response = client.get(f"/api/reports/{sample_library.sample_ids[sample]}/file")
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
    assert response.content == (SAMPLES / sample).read_bytes()
    policy = [d.strip() for d in response.headers["content-security-policy"].split(";")]
    assert ("sandbox" in policy) is sandboxed and "frame-ancestors 'none'" in policy
    assert client.get("/api/reports/0000000000000000/file").status_code == 404
