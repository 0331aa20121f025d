"""The dialects of OpenAI-compatible servers, for the local test server to speak.

Each provider preset (agents/llm/presets.py) has a dialect here with the quirks its documentation
describes or, for llama.cpp, that were measured on llama-cpp-python 0.3.36 (/work/llama/NOTES.md).
`OpenAIServer(script, dialect=DIALECTS["llamacpp"])` then refuses what that server refuses, caps
output the way it does (or ignores the cap), sends usage where it does, and so on. The dialect
suite (tests/test_dialects.py) runs the product against every one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from tests.support.openai_wire import Reply, count_tokens, split_tokens

ENDLESS_TOKENS = 3000  # what an "endless" server generates when no cap reaches it


@dataclass(frozen=True)
class Dialect:
    name: str = "openai"
    # -- refusals: the HTTP status for a request the server does not take (None: it takes it) -------------
    json_schema_status: int | None = None  # response_format json_schema
    json_object_status: int | None = None
    tool_required_status: int | None = None  # tool_choice "required"
    tool_named_status: int | None = None  # tool_choice {"type": "function", …}
    tools_status: int | None = None  # any tools at all (a reasoning model without tool calling)
    null_content_status: int | None = None  # an assistant tool-call turn with content null (llama.cpp: 500)
    # -- behaviour ---------------------------------------------------------------------------------------
    honours_max_completion_tokens: bool = True
    stream_usage: bool = True  # sends the usage chunk when stream_options.include_usage asks
    usage_in_choice: bool = False  # Kimi: the last chunk's usage sits inside choices[0]
    reasoning_content: bool = False  # message/delta carry reasoning_content besides the answer
    think_tags: bool = False  # the reasoning is left in content as <think>…</think>
    repeat_tool_header: bool = False  # llama.cpp: every streamed tool delta repeats id and name
    double_encode_arguments: bool = False  # tool arguments JSON-encoded twice
    cut_tool_finish: str = "length"  # finish_reason of a tool call cut by the cap (llama.cpp: "tool_calls")
    auto_stream_empty: bool = False  # llama.cpp: streamed tool_choice "auto" → HTTP 200, empty body
    drops_tool_role: bool = False  # llama.cpp's template renders role "tool" without its content
    endless: bool = False  # with no cap it reaches, generates until the context is full (llama.cpp)


DIALECTS: dict[str, Dialect] = {d.name: d for d in (
    Dialect("openai"),
    Dialect("generic"),
    Dialect("deepseek", json_schema_status=400),
    Dialect("qwen", json_schema_status=400, tool_required_status=400),
    Dialect("zhipu", json_schema_status=400, tool_required_status=400, tool_named_status=400, stream_usage=False),
    Dialect("kimi", json_schema_status=400, tool_required_status=400, tool_named_status=400, usage_in_choice=True),
    Dialect("siliconflow", json_schema_status=400, reasoning_content=True),
    Dialect("vllm", think_tags=True),
    Dialect("ollama", tool_required_status=None, stream_usage=True),
    Dialect("llamacpp", json_schema_status=500, tool_required_status=500, null_content_status=500,
            honours_max_completion_tokens=False, stream_usage=False, repeat_tool_header=True,
            cut_tool_finish="tool_calls", auto_stream_empty=True, drops_tool_role=True, endless=True),
)}
# A reasoning model without tool calling (deepseek-reasoner): tools refused, reasoning_content sent.
REASONER = Dialect("deepseek-reasoner", json_schema_status=400, tools_status=400, reasoning_content=True)
REASONING = "让我先想一想：用户要的是结构化结果，我应当检查每个字段。这段推理不能出现在答案里。"


def refusal(dialect: Dialect, body: dict) -> Reply | None:
    """The error this dialect answers `body` with, or None when it takes the request."""
    fmt = (body.get("response_format") or {}).get("type")
    choice = body.get("tool_choice")
    checks = [
        (body.get("tools") and dialect.tools_status, "tools are not supported by this model"),
        (fmt == "json_schema" and dialect.json_schema_status, "response_format json_schema is not supported"),
        (fmt == "json_object" and dialect.json_object_status, "response_format json_object is not supported"),
        (choice == "required" and dialect.tool_required_status, "tool_choice required is not supported"),
        (isinstance(choice, dict) and dialect.tool_named_status, "tool_choice must be auto"),
    ]
    if dialect.null_content_status:
        nulls = [m for m in body.get("messages") or [] if m.get("role") == "assistant" and m.get("tool_calls")
                 and m.get("content") is None]
        checks.append((bool(nulls) and dialect.null_content_status, "messages.assistant.content: Input should be a valid string"))
    for status, message in checks:
        if status:
            return Reply.error(int(status), message=message)
    return None


def cap_of(dialect: Dialect, body: dict) -> int | None:
    cap = body.get("max_tokens")
    if cap is None and dialect.honours_max_completion_tokens:
        cap = body.get("max_completion_tokens")
    return cap


def shape(dialect: Dialect, reply: Reply, body: dict) -> Reply:
    """The scripted reply as this server would send it: capped (or endless), encoded, with reasoning."""
    if reply.kind in ("error", "hang"):
        return reply
    if reply.kind == "tool_call" and dialect.double_encode_arguments:
        reply = replace(reply, tool_arguments=json.dumps(reply.tool_arguments, ensure_ascii=False))
    cap = cap_of(dialect, body)
    text = reply.completion_text
    if dialect.endless and cap is None:  # no cap reached it: it keeps going until the context is full
        filler = "，并且需要进一步说明" * ENDLESS_TOKENS
        text = text + filler if reply.kind == "text" else text[:-1] + filler
    limit = cap if cap is not None else (ENDLESS_TOKENS if dialect.endless else None)
    finish = None
    pieces = split_tokens(text)
    if limit is not None and len(pieces) > limit:
        text = "".join(pieces[:limit])
        finish = dialect.cut_tool_finish if reply.kind == "tool_call" else "length"
    reasoning = REASONING if dialect.reasoning_content else ""
    if reply.kind == "tool_call":
        return replace(reply, tool_arguments=text, finish=finish, reasoning=reasoning)
    if dialect.think_tags and (body.get("response_format") or not body.get("tools")):
        text = f"<think>{REASONING}</think>{text}"
    return replace(reply, content=text, finish=finish, reasoning=reasoning)


def usage_tokens(reply: Reply) -> int:
    return count_tokens(reply.completion_text) + count_tokens(reply.reasoning)
