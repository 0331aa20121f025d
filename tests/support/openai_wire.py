"""Scripted replies and the OpenAI wire format the local test server speaks.

Token counts are rough and documented, not a real tokenizer: a "token" is one CJK
character or punctuation mark, or one run of ASCII letters/digits/underscore (with the
whitespace before it). Prompt tokens = tokens of every message's text and tool-call
arguments + 4 per message + tokens of the tools' JSON schema.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import struct
import time
import uuid
from dataclasses import dataclass
from typing import Any, Literal

_TOKEN = re.compile(r"\s*[A-Za-z0-9_]+|\s*\S|\s+")

ReplyKind = Literal["text", "tool_call", "error", "hang"]


@dataclass(frozen=True)
class Reply:
    """One scripted answer to a chat request. Build with the class methods."""

    kind: ReplyKind
    content: str = ""
    tool_name: str = ""
    tool_arguments: str = ""  # raw text as sent on the wire (may be malformed on purpose)
    status: int = 200
    retry_after: str | None = None  # Retry-After header value, seconds
    message: str = ""
    delay_s: float = 0.0  # extra delay before answering (on top of the server's latency knobs)
    finish: str | None = None  # finish_reason when a dialect cut the reply (tests/support/dialects.py)
    reasoning: str = ""  # reasoning_content a dialect sends beside the answer

    @classmethod
    def text(cls, content: str, *, delay_s: float = 0.0) -> Reply:
        return cls("text", content=content, delay_s=delay_s)

    @classmethod
    def tool_call(cls, name: str, args: dict | str, *, content: str = "", delay_s: float = 0.0) -> Reply:
        """`args` as a dict is JSON-encoded; as a str it goes on the wire unchanged (malformed, encoded twice…)."""
        raw = args if isinstance(args, str) else json.dumps(args, ensure_ascii=False)
        return cls("tool_call", tool_name=name, tool_arguments=raw, content=content, delay_s=delay_s)

    @classmethod
    def error(cls, status: int, *, retry_after: float | None = None, message: str = "scripted fault") -> Reply:
        after = None if retry_after is None else f"{retry_after:g}"
        return cls("error", status=status, retry_after=after, message=message)

    @classmethod
    def rate_limited(cls, retry_after: float | None = 0.05) -> Reply:
        return cls.error(429, retry_after=retry_after, message="rate limit reached (scripted)")

    @classmethod
    def server_error(cls) -> Reply:
        return cls.error(500, message="internal error (scripted)")

    @classmethod
    def hang(cls, seconds: float) -> Reply:
        """Answer only after `seconds` (use more than the client timeout to force a client-side timeout)."""
        return cls("hang", content="(too late)", delay_s=seconds)

    @property
    def completion_text(self) -> str:
        return self.tool_arguments if self.kind == "tool_call" else self.content


def split_tokens(text: str) -> list[str]:
    """Rough tokens whose concatenation is exactly `text`."""
    return _TOKEN.findall(text)


def count_tokens(text: str) -> int:
    return len(split_tokens(text))


def prompt_tokens(body: dict) -> int:
    total = 0
    for message in body.get("messages") or []:
        total += 4 + count_tokens(_content_text(message.get("content")))
        for call in message.get("tool_calls") or []:
            total += count_tokens(str((call.get("function") or {}).get("arguments") or ""))
    if body.get("tools"):
        total += count_tokens(json.dumps(body["tools"], ensure_ascii=False))
    return total


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def requested_tool(body: dict) -> str | None:
    """The tool name the request forces with tool_choice (or names in a json_schema response_format), if any."""
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        return (choice.get("function") or {}).get("name")
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return (fmt.get("json_schema") or {}).get("name")
    tools = body.get("tools") or []
    return tools[0]["function"]["name"] if choice == "required" and tools else None


def wants_json(body: dict) -> bool:
    """The request asks for a structured object: forced tool, tools at all, or a JSON response_format."""
    return bool(body.get("tools") or (body.get("response_format") or {}).get("type") in ("json_schema", "json_object"))


def structured(body: dict, name: str, obj: dict) -> Reply:
    """`obj` in the shape the request asks for: a tool call when tools were sent, else JSON text."""
    if body.get("tools"):
        return Reply.tool_call(name, obj)
    return Reply.text(json.dumps(obj, ensure_ascii=False))


def _usage(prompt: int, completion: int) -> dict:
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def completion_body(reply: Reply, model: str, prompt: int) -> dict:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content or None, "refusal": None}
    finish = "stop"
    if reply.kind == "tool_call":
        message["tool_calls"] = [_tool_call(reply)]
        finish = "tool_calls"
    if reply.reasoning:
        message["reasoning_content"] = reply.reasoning
    finish = reply.finish or finish
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": _usage(prompt, count_tokens(reply.completion_text) + count_tokens(reply.reasoning)),
    }


def _tool_call(reply: Reply) -> dict:
    return {
        "id": f"call_{uuid.uuid4().hex[:12]}",
        "type": "function",
        "function": {"name": reply.tool_name, "arguments": reply.tool_arguments},
    }


class ChunkMaker:
    """Builds the `chat.completion.chunk` objects of one streamed reply. `repeat_tool_header`: every tool
    delta repeats the call's id and name and a legacy function_call, as llama-cpp-python sends them."""

    def __init__(self, model: str, *, repeat_tool_header: bool = False) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex[:12]}"
        self.model = model
        self.created = int(time.time())
        self.repeat_tool_header = repeat_tool_header

    def chunk(self, delta: dict, finish: str | None = None) -> dict:
        return {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        }

    def deltas(self, reply: Reply) -> list[dict]:
        """Content deltas, one per rough token; the first also carries the role (and tool call header)."""
        pieces = split_tokens(reply.completion_text) or [""]
        thinking = [{"reasoning_content": p} for p in split_tokens(reply.reasoning)]
        if reply.kind == "tool_call":
            head = _tool_call(reply)
            head["function"] = {"name": reply.tool_name, "arguments": pieces[0]}
            first = {"role": "assistant", "content": None, "tool_calls": [{"index": 0, **head}]}
            if self.repeat_tool_header:
                rest = [{"tool_calls": [{"index": 0, **head, "function": {"name": reply.tool_name, "arguments": p}}],
                         "function_call": {"name": reply.tool_name, "arguments": p}} for p in pieces[1:]]
            else:
                rest = [{"tool_calls": [{"index": 0, "function": {"arguments": p}}]} for p in pieces[1:]]
            return [*thinking, first, *rest]
        return [*thinking, {"role": "assistant", "content": pieces[0]}, *({"content": p} for p in pieces[1:])]

    def finish(self, reply: Reply) -> dict:
        return self.chunk({}, reply.finish or ("tool_calls" if reply.kind == "tool_call" else "stop"))

    def usage(self, prompt: int, completion: int) -> dict:
        return {**self.chunk({}), "choices": [], "usage": _usage(prompt, completion)}


def embeddings_body(body: dict, model: str, dim: int) -> dict:
    """Deterministic unit vectors from a hash of each input (same text, same vector)."""
    inputs = body.get("input")
    if isinstance(inputs, str) or (isinstance(inputs, list) and inputs and isinstance(inputs[0], int)):
        inputs = [inputs]
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, item in enumerate(inputs or []):
        vector = _vector(json.dumps(item, ensure_ascii=False), dim)
        encoded: Any = base64.b64encode(struct.pack(f"<{dim}f", *vector)).decode() if as_base64 else vector
        data.append({"object": "embedding", "index": index, "embedding": encoded})
    tokens = sum(len(i) if isinstance(i, list) else count_tokens(str(i)) for i in inputs or [])
    return {"object": "list", "data": data, "model": model,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}


def _vector(key: str, dim: int) -> list[float]:
    rng = random.Random(hashlib.sha256(key.encode()).digest())
    raw = [rng.gauss(0.0, 1.0) for _ in range(dim)]
    norm = sum(x * x for x in raw) ** 0.5 or 1.0
    return [x / norm for x in raw]


def models_body(model: str) -> dict:
    return {"object": "list", "data": [{"id": model, "object": "model", "created": 0, "owned_by": "touyan-tests"}]}


def error_body(message: str, status: int) -> dict:
    kind = {429: "rate_limit_error", 400: "invalid_request_error", 404: "not_found"}.get(status, "server_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}
