"""ChatOpenAI hardened against the quirks of OpenAI-compatible servers."""

from __future__ import annotations

import json
import re
from typing import Any, AsyncIterator

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_openai import ChatOpenAI
from pydantic import Field

from agents.llm.json_repair import extract_json_object

_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.S)


class CompatChatOpenAI(ChatOpenAI):
    """ChatOpenAI that survives what real OpenAI-compatible servers send.

    - Tool-call `arguments` JSON-encoded twice or fenced (a known complaint about DeepSeek/Qwen
      deployments) are unwrapped to the object inside; what still is no object stays an invalid
      tool call, which the structured-output layer re-asks.
    - Streamed tool calls whose every delta repeats the id and name (llama-cpp-python) would be
      merged into "nameNameName…": repeats are dropped, and so is the legacy `function_call`.
    - Reasoning text stays out of answers: `reasoning_content` is never read, and a `<think>…</think>`
      block that a server leaves in `content` is removed.
    """

    touyan_config: Any = Field(default=None, exclude=True)  # the LLMConfig the bounded-call policy reads

    def _create_chat_result(self, response: Any, generation_info: dict | None = None):
        if not isinstance(response, dict) and hasattr(response, "model_dump"):
            dumped = response.model_dump(warnings=False)
            if _repair_tool_arguments(dumped) | _strip_thinking(dumped):
                response = dumped
        elif isinstance(response, dict):
            _repair_tool_arguments(response)
            _strip_thinking(response)
        return super()._create_chat_result(response, generation_info)

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        seen: dict[int, tuple[str | None, str | None]] = {}
        thinking = ThinkFilter()
        async for chunk in super()._astream(*args, **kwargs):
            message = chunk.message
            if isinstance(message, AIMessageChunk):
                message.additional_kwargs.pop("function_call", None)
                if message.tool_call_chunks:
                    message.tool_call_chunks = [_first_name_only(c, seen) for c in message.tool_call_chunks]
                if isinstance(message.content, str) and message.content:
                    message.content = thinking.feed(message.content)
                    chunk.text = message.content
            yield chunk


def _first_name_only(chunk: dict, seen: dict[int, tuple[str | None, str | None]]) -> dict:
    index = chunk.get("index") or 0
    if index not in seen:
        seen[index] = (chunk.get("name"), chunk.get("id"))
        return chunk
    name, call_id = seen[index]
    out = dict(chunk)
    if out.get("name") and out["name"] == name:
        out["name"] = None
    if out.get("id") and out["id"] == call_id:
        out["id"] = None
    return out


class ThinkFilter:
    """Streamed content without <think>…</think> spans; a tag may be split over several chunks, so a
    tail that could still become one is held back until the next chunk says."""

    OPEN, CLOSE = "<think>", "</think>"

    def __init__(self) -> None:
        self.thinking = False
        self.held = ""

    def feed(self, text: str) -> str:
        text, self.held, out = self.held + text, "", []
        while text:
            tag = self.CLOSE if self.thinking else self.OPEN
            at = text.find(tag)
            if at >= 0:
                if not self.thinking:
                    out.append(text[:at])
                text, self.thinking = text[at + len(tag):], not self.thinking
                continue
            keep = next((n for n in range(min(len(tag) - 1, len(text)), 0, -1) if tag.startswith(text[-n:])), 0)
            if not self.thinking:
                out.append(text[:len(text) - keep])
            self.held = text[len(text) - keep:]
            break
        return "".join(out)


def _strip_thinking(response: dict) -> bool:
    changed = False
    for choice in response.get("choices") or []:
        message = (choice or {}).get("message") or {}
        content = message.get("content")
        if isinstance(content, str) and "<think>" in content:
            message["content"] = _THINK.sub("", content).strip()
            changed = True
    return changed


def _repair_tool_arguments(response: dict) -> bool:
    """Rewrite tool-call arguments in place to a JSON object text where one is inside. True if any changed."""
    changed = False
    for choice in response.get("choices") or []:
        message = (choice or {}).get("message") or {}
        for call in message.get("tool_calls") or []:
            function = (call or {}).get("function") or {}
            raw = function.get("arguments")
            if not isinstance(raw, str):
                continue
            fixed = normalize_arguments_text(raw)
            if fixed != raw:
                function["arguments"] = fixed
                changed = True
    return changed


def normalize_arguments_text(raw: str) -> str:
    """The JSON-object text inside `raw`, or a text that will not parse (never a non-object JSON)."""
    try:
        value = json.loads(raw) if raw.strip() else None
    except json.JSONDecodeError:
        value = raw
    if isinstance(value, dict):
        return raw  # the normal case: untouched
    found = extract_json_object(raw)
    if found is not None:
        return json.dumps(found, ensure_ascii=False)
    if value is raw or not value:
        return raw  # malformed (ChatOpenAI files it under invalid_tool_calls), or empty args
    # A JSON list/number/string that is no object would crash message building; make it unparseable.
    return "not a JSON object: " + raw
