"""ChatOpenAI hardened against a tool-calling quirk of OpenAI-compatible servers."""

from __future__ import annotations

import json
from typing import Any

from langchain_openai import ChatOpenAI

from agents.llm.json_repair import extract_json_object


class CompatChatOpenAI(ChatOpenAI):
    """ChatOpenAI that survives a known quirk of OpenAI-compatible servers.

    Some servers (a known complaint about DeepSeek/Qwen deployments) return tool-call
    `arguments` JSON-encoded twice ("\\"{...}\\"") or wrapped in code fences. Stock
    ChatOpenAI then raises a pydantic error while building the message, losing the reply.
    Here such arguments are unwrapped to the JSON object inside; anything that still is not
    an object stays an invalid tool call, which the structured-output layer re-asks.
    """

    def _create_chat_result(self, response: Any, generation_info: dict | None = None):
        if not isinstance(response, dict) and hasattr(response, "model_dump"):
            dumped = response.model_dump(warnings=False)
            if _repair_tool_arguments(dumped):
                response = dumped
        elif isinstance(response, dict):
            _repair_tool_arguments(response)
        return super()._create_chat_result(response, generation_info)


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
