"""A scripted chat model for offline unit tests (it stands in for the remote LLM only).

langchain_core's GenericFakeChatModel has no `bind_tools`; this one does. It returns
queued AIMessages (with tool_calls, invalid_tool_calls and usage_metadata as given) or
raises queued exceptions, and records the messages and call kwargs (tools, tool_choice)
it received.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any, Sequence

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field, PrivateAttr

_call_ids = itertools.count(1)


def usage(input_tokens: int, output_tokens: int) -> dict:
    return {"input_tokens": input_tokens, "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens}


def tool_reply(name: str, args: dict, *, input_tokens: int = 100, output_tokens: int = 20,
               call_id: str | None = None) -> AIMessage:
    """A reply that calls tool `name` with parsed `args`."""
    return AIMessage(
        content="",
        tool_calls=[{"name": name, "args": args, "id": call_id or f"call_{next(_call_ids)}", "type": "tool_call"}],
        usage_metadata=usage(input_tokens, output_tokens),
    )


def invalid_tool_reply(name: str, raw_args: str, *, input_tokens: int = 100, output_tokens: int = 20,
                       call_id: str | None = None) -> AIMessage:
    """A reply whose tool arguments did not parse as a JSON object (how langchain reports such calls)."""
    return AIMessage(
        content="",
        invalid_tool_calls=[{"name": name, "args": raw_args, "id": call_id or f"call_{next(_call_ids)}",
                             "error": "not a JSON object", "type": "invalid_tool_call"}],
        usage_metadata=usage(input_tokens, output_tokens),
    )


def text_reply(content: str, *, input_tokens: int = 100, output_tokens: int = 20) -> AIMessage:
    return AIMessage(content=content, usage_metadata=usage(input_tokens, output_tokens))


class ScriptedChatModel(BaseChatModel):
    """Answers each call with the next scripted reply; an exception in the script is raised."""

    model_name: str = "fake-model"
    replies: list[Any] = Field(default_factory=list)  # AIMessage | BaseException, consumed in order
    _received: list[list[BaseMessage]] = PrivateAttr(default_factory=list)
    _call_kwargs: list[dict] = PrivateAttr(default_factory=list)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any):
        formatted = [convert_to_openai_tool(t) for t in tools]
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        with self._lock:
            self._received.append(list(messages))
            self._call_kwargs.append(dict(kwargs))
            if not self.replies:
                raise AssertionError("ScriptedChatModel: no scripted reply left")
            reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):  # a function of the messages, for replies that depend on the prompt
            reply = reply(messages)
        return ChatResult(generations=[ChatGeneration(message=reply.model_copy(deep=True))])

    @property
    def received(self) -> list[list[BaseMessage]]:
        """The messages of each call, in call order."""
        with self._lock:
            return [list(m) for m in self._received]

    @property
    def call_kwargs(self) -> list[dict]:
        with self._lock:
            return [dict(k) for k in self._call_kwargs]
