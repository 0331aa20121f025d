"""`touyan serve` and chat latency (issue 15, goal 5).

    python -m benchmarks.serve_latency [--rounds 5] [--turns 5]

1. First page: a fresh `touyan serve` process against a bare FastAPI app in a fresh process, from
   the process's start until `GET /` answers 200 (polled every 5 ms), in turn, round by round; ratio =
   median over rounds of ours / bare. Both serve a data directory with the sample corpus ingested, so
   ours loads a real library in the background while it answers. When the chat is ready (/api/info
   answers) is reported beside it.
2. Warm offline chat turn: the extractive engine, one session on the sample library, one untimed turn
   first; then typical turns of each offline route, each timed `--turns` times.
3. LLM first token: a turn whose answer the local OpenAI-compatible server (tests/support) streams
   after ttft_s; lag = when the first token reaches the consumer - (when the server got the answering
   request + ttft_s), through ChatSession (what `touyan chat` prints) and through the web page's SSE
   over real HTTP. The server runs in this process, so both ends read one monotonic clock.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.goals import Goal, median_ratio

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples" / "reports"
TOUYAN = str(Path(sys.executable).with_name("touyan"))
BARE_APP = """
import sys, uvicorn
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
app = FastAPI()
@app.get("/")
def page():
    return HTMLResponse("<!doctype html><title>bare</title><p>ok</p>")
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""
OFFLINE_TURNS = {  # one per offline route of the rules router
    "search": "宁德时代储能业务的毛利率",
    "summarize": "总结一下贵州茅台的研报",
    "consensus": "把中信和华泰对宁德时代的观点对比一下",
    "concept": "拆解一下低空经济",
    "coverage": "这些公司里谁的研报覆盖最多?",
}
ANSWER = "低空经济上游看航空发动机，宗申动力有布局[《低空经济产业链全景图谱》· p.2]。" * 3
TTFT_S = 0.3
TURN_TARGET_S, FIRST_PAGE_TARGET, TOKEN_LAG_TARGET_MS = 1.0, 2.0, 200.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(port: int, path: str) -> int | None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None


def _until_served(command: list[str], port: int, env: dict, ready_path: str | None) -> tuple[float, float | None]:
    """Seconds from the process's start until `GET /` answers 200 (and until `ready_path` does)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = ready = None
        while first is None:
            if process.poll() is not None:
                raise RuntimeError(f"{command[:3]} exited with {process.returncode} before answering")
            if _status(port, "/") == 200:
                first = time.perf_counter() - started
            else:
                time.sleep(0.005)
        if ready_path:
            status = _status(port, ready_path)  # waits while the chat loads
            ready = time.perf_counter() - started if status == 200 else None
        return first, ready
    finally:
        process.terminate()
        process.wait(timeout=60)


def first_page(rounds: int, home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "PYTHONDONTWRITEBYTECODE")}
    bare, ours, ready = [], [], []
    for n in range(rounds + 1):  # round 0 is an untimed warm-up (bytecode, page cache)
        port = _free_port()
        b, _ = _until_served([sys.executable, "-c", BARE_APP, str(port)], port, env, None)
        port = _free_port()
        o, r = _until_served([TOUYAN, "--data-dir", str(home), "serve", "--port", str(port)], port, env, "/api/info")
        if n:
            bare.append(b)
            ours.append(o)
            ready.append(r)
    return {"bare": bare, "ours": ours, "chat_ready": ready}


def _ingest(home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    subprocess.run([TOUYAN, "--data-dir", str(home), "ingest", str(SAMPLES)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def _offline_turns(home: Path, turns: int) -> dict:
    from agents.supervisor.graph import builder
    from agents.supervisor.session import ChatSession
    from memory.threads import ThreadRegistry, open_persistence
    from touyan.context_factory import build_context
    from touyan.settings import load_settings

    ctx = build_context(load_settings(home=home), engine="extractive")
    times: dict[str, list[float]] = {name: [] for name in OFFLINE_TURNS}
    try:
        async with open_persistence(home) as (saver, store):
            session = ChatSession(ctx, builder.compile(checkpointer=saver, store=store),
                                  ThreadRegistry(home / "threads.sqlite3"))
            started = time.perf_counter()
            warm = session.registry.new_thread()
            async for _ in session.turn(warm, OFFLINE_TURNS["search"]):
                pass
            cold = time.perf_counter() - started
            for _ in range(turns):
                thread = session.registry.new_thread()  # the coverage turn follows the concept turn, as in chat
                for name, text in OFFLINE_TURNS.items():
                    t0 = time.perf_counter()
                    async for _ in session.turn(thread, text):
                        pass
                    times[name].append(time.perf_counter() - t0)
    finally:
        ctx.shared.close()
    return {"cold_first_turn": cold, "turns": times}


async def _token_lags(home: Path, turns: int) -> dict:
    import httpx
    from pydantic import SecretStr

    from agents.llm.config import LLMConfig
    from agents.supervisor.graph import builder
    from agents.supervisor.session import ChatSession
    from memory.threads import ThreadRegistry, open_persistence
    from tests.e2e.web_support import ThreadedServer, stream_events
    from tests.support.openai_server import OpenAIServer
    from tests.support.openai_wire import Reply
    from touyan.context_factory import build_context
    from touyan.settings import load_settings
    from touyan.web import create_app

    def script(body: dict) -> Reply:
        """The supervisor's protocol since issue 16: a routing request forced to the RouteDecision tool, then
        the answering request (no tools, the tool results in the last user message), streamed."""
        forced = (body.get("tool_choice") or {}) if isinstance(body.get("tool_choice"), dict) else {}
        if forced.get("function", {}).get("name") == "RouteDecision":
            return Reply.tool_call("RouteDecision", {"tool": "SearchLibrary", "query": "低空经济 航空发动机"})
        return Reply.text(ANSWER)

    session_lags, web_lags = [], []
    with OpenAIServer(script, ttft_s=TTFT_S, tokens_per_s=50) as server:
        settings = load_settings(home=home)
        llm = LLMConfig(model="test-model", base_url=server.base_url, api_key=SecretStr("sk-local-bench"),
                        timeout_s=30, max_retries=0)

        def context():
            from dataclasses import replace

            return replace(build_context(settings, engine="llm"), llm=llm)

        def lag(first_token_at: float | None) -> float | None:
            if first_token_at is None:  # the answer arrived as one message: no token was streamed
                return None
            answering = server.chat_requests[-1]
            return 1000 * (first_token_at - (answering.received_at + TTFT_S))

        ctx = context()
        try:
            async with open_persistence(home) as (saver, store):
                session = ChatSession(ctx, builder.compile(checkpointer=saver, store=store),
                                      ThreadRegistry(home / "threads.sqlite3"))
                for n in range(turns + 1):
                    thread, first = session.registry.new_thread(), None
                    async for event in session.turn(thread, "低空经济上游有哪些公司？"):
                        if event.type == "token" and first is None:
                            first = time.monotonic()
                    if n:  # the first turn is a warm-up
                        session_lags.append(lag(first))
        finally:
            ctx.shared.close()

        with ThreadedServer(create_app(context, home / "web")) as live:
            async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as client:
                for n in range(turns + 1):
                    thread = (await client.post("/api/threads")).json()["thread_id"]
                    first = None
                    async for event in stream_events(client, f"/api/threads/{thread}/messages", "低空经济上游有哪些公司？"):
                        if event["type"] == "token" and first is None:
                            first = time.monotonic()
                    if n:
                        web_lags.append(lag(first))
    return {"session_ms": session_lags, "web_ms": web_lags}


def measure(rounds: int, turns: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        _ingest(home)
        page = first_page(rounds, home)
        offline = asyncio.run(_offline_turns(home, turns))
        lags = asyncio.run(_token_lags(home, turns))
    return {"first_page": page, "offline": offline, "lags": lags, "load": os.getloadavg()}


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:.0f} ms"


def to_markdown(r: dict) -> str:
    page, offline, lags = r["first_page"], r["offline"], r["lags"]
    ratio = median_ratio(page["ours"], page["bare"])
    ready = [x for x in page["chat_ready"] if x is not None]
    lines = [
        "## Serve and chat latency (issue 15, goal 5)",
        "",
        f"Load average after: {' / '.join(f'{x:.1f}' for x in r['load'])} on {os.cpu_count()} CPUs. "
        "Data directory: the sample corpus ingested.",
        "",
        "| measure | median | min–max |",
        "|---|---:|---:|",
        f"| bare FastAPI app: process start → `GET /` 200 | {_ms(statistics.median(page['bare']))} | "
        f"{_ms(min(page['bare']))}–{_ms(max(page['bare']))} |",
        f"| `touyan serve`: process start → `GET /` 200 | {_ms(statistics.median(page['ours']))} | "
        f"{_ms(min(page['ours']))}–{_ms(max(page['ours']))} |",
        f"| `touyan serve`: process start → chat ready (`/api/info` 200) | "
        f"{_ms(statistics.median(ready)) if ready else 'failed'} | "
        f"{(_ms(min(ready)) + '–' + _ms(max(ready))) if ready else ''} |",
        f"| first offline turn of a fresh session (models load) | {_ms(offline['cold_first_turn'])} | |",
    ]
    worst_turn = 0.0
    for name, times in offline["turns"].items():
        worst_turn = max(worst_turn, statistics.median(times))
        lines.append(f"| warm offline turn: {name} (`{OFFLINE_TURNS[name]}`) | {_ms(statistics.median(times))} | "
                     f"{_ms(min(times))}–{_ms(max(times))} |")
    medians = []
    for key, label in (("session_ms", "ChatSession (CLI)"), ("web_ms", "web page SSE over HTTP")):
        v = [x for x in lags[key] if x is not None]
        missing = len(lags[key]) - len(v)
        note = f" ({missing} of {len(lags[key])} turns streamed no token)" if missing else ""
        if v:
            medians.append(statistics.median(v))
            lines.append(f"| LLM first token lag behind the model's first token, {label}{note} | "
                         f"{statistics.median(v):.0f} ms | {min(v):.0f}–{max(v):.0f} ms |")
        else:
            lines.append(f"| LLM first token lag, {label}{note} | not measured | |")
    lag = max(medians) if len(medians) == 2 else None
    lines += [
        "",
        f"First page: {len(page['ours'])} rounds, bare and ours in turn; ratio = median of per-round ratios. Offline "
        f"turns: each route {len(next(iter(offline['turns'].values())))} times after one untimed turn. Token lag: "
        f"server ttft {TTFT_S:.1f} s, {len(lags['session_ms'])} turns each after a warm-up turn.",
        "",
        Goal("5a", "Serve: first page", f"bare FastAPI app {_ms(statistics.median(page['bare']))}",
             f"`touyan serve` {_ms(statistics.median(page['ours']))}", ratio, f"≤ {FIRST_PAGE_TARGET:g}×",
             ratio <= FIRST_PAGE_TARGET).comment(),
        Goal("5b", "Warm offline chat turn (slowest route, median)", f"absolute target {TURN_TARGET_S:g} s",
             _ms(worst_turn), worst_turn / TURN_TARGET_S, "≤ 1.00× (1 s)", worst_turn <= TURN_TARGET_S).comment(),
        Goal("5c", "LLM first token after the model's (worse of CLI and web, median)",
             f"absolute target {TOKEN_LAG_TARGET_MS:.0f} ms", "no token streamed" if lag is None else f"{lag:.0f} ms",
             None if lag is None else lag / TOKEN_LAG_TARGET_MS, "≤ 1.00× (200 ms)",
             lag is not None and lag <= TOKEN_LAG_TARGET_MS).comment(),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--turns", type=int, default=5)
    args = parser.parse_args(argv)
    print(to_markdown(measure(args.rounds, args.turns)))


if __name__ == "__main__":
    main()
