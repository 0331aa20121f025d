"""Pydantic output from a chat model through forced tool calling: validate, re-ask, fail loudly.

Tool calling is used rather than `json_schema` mode because it is the one structured mode
every OpenAI-compatible server here supports (llama.cpp answered HTTP 500 to json_schema).
Replies are accepted in the shapes real servers send: a proper tool call, tool arguments
encoded twice or fenced, or the JSON object in `content` instead of a tool call. Anything
else is shown to the model once with the validation error; then StructuredOutputError.
There is no free-text fallback.
"""

from __future__ import annotations

from typing import Any, Sequence, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, ValidationError

from agents.llm.client import LLMGate, gated_call
from agents.llm.config import Role
from agents.llm.json_repair import extract_json_object
from agents.llm.usage import UsageTracker

T = TypeVar("T", bound=BaseModel)

_MAX_ERRORS_SHOWN = 8


class StructuredOutputError(Exception):
    """The model gave no valid `schema` output after the re-asks. Names the schema and the last error only."""

    def __init__(self, schema_name: str, last_error: str, attempts: int) -> None:
        self.schema_name = schema_name
        self.last_error = last_error
        self.attempts = attempts
        super().__init__(
            f"no valid {schema_name} output after {attempts} attempt(s); last error: {last_error}"
        )


class InvalidReply(ValueError):
    """One reply that does not yield a valid schema object; the message is what the model is told."""


async def invoke_structured(
    model: BaseChatModel,
    schema: type[T],
    messages: Sequence[BaseMessage],
    *,
    usage: UsageTracker | None = None,
    gate: LLMGate | None = None,
    role: Role = "default",
    reasks: int = 1,
) -> T:
    """Ask `model` for one `schema` object via a forced tool call; re-ask up to `reasks` times."""
    if reasks < 0:
        raise ValueError("reasks must be >= 0")
    tool_name = convert_to_openai_tool(schema)["function"]["name"]
    bound = model.bind_tools([schema], tool_choice=tool_name)
    model_name = model_name_of(model)
    history = list(messages)
    last_error = ""
    for _attempt in range(reasks + 1):
        reply, latency_s = await gated_call(bound, history, gate, usage)
        if usage is not None:
            usage.record_message(model_name, reply, latency_s, role)
        try:
            return parse_reply(reply, schema, tool_name)
        except InvalidReply as problem:
            last_error = str(problem)
            history.extend(reask_messages(reply, tool_name, last_error))
    raise StructuredOutputError(tool_name, last_error, reasks + 1)


def model_name_of(model: BaseChatModel) -> str:
    for attribute in ("model_name", "model"):
        value = getattr(model, attribute, None)
        if isinstance(value, str) and value:
            return value
    return type(model).__name__


def parse_reply(reply: AIMessage, schema: type[T], tool_name: str) -> T:
    """The validated `schema` object in `reply`, or InvalidReply saying what is wrong (in Chinese, for the model)."""
    calls = [c for c in reply.tool_calls if c.get("name") == tool_name] or list(reply.tool_calls)
    if calls:
        candidate: Any = calls[0].get("args")
        if not isinstance(candidate, dict):
            candidate = extract_json_object(str(candidate))
    elif reply.invalid_tool_calls:
        candidate = extract_json_object(reply.invalid_tool_calls[0].get("args") or "")
        if candidate is None:
            raise InvalidReply(f"调用 {tool_name} 时给出的参数不是合法的 JSON 对象")
    else:
        candidate = extract_json_object(message_text(reply))
        if candidate is None:
            raise InvalidReply(f"没有调用 {tool_name} 工具，回复中也没有 JSON 对象")
    if candidate is None:
        raise InvalidReply(f"调用 {tool_name} 时给出的参数不是 JSON 对象")
    try:
        return schema.model_validate(candidate)
    except ValidationError as err:
        raise InvalidReply(describe_validation_error(err)) from None


def describe_validation_error(err: ValidationError) -> str:
    """Field paths and messages only: no input values, so no document text or secrets leak into errors."""
    errors = err.errors(include_url=False, include_input=False, include_context=False)
    parts = []
    for item in errors[:_MAX_ERRORS_SHOWN]:
        location = ".".join(str(p) for p in item["loc"]) or "(整体)"
        parts.append(f"{location}: {item['msg']}")
    if len(errors) > _MAX_ERRORS_SHOWN:
        parts.append(f"…另有 {len(errors) - _MAX_ERRORS_SHOWN} 处错误")
    return "; ".join(parts)


def message_text(message: AIMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    texts = [b if isinstance(b, str) else b.get("text", "") for b in content if isinstance(b, str | dict)]
    return "".join(texts)


def reask_messages(reply: AIMessage, tool_name: str, error: str) -> list[BaseMessage]:
    """The bad reply, an error answer to each of its tool calls, and a request to fix it."""
    fix = HumanMessage(
        content=f"你上一次的输出没有通过 {tool_name} 的格式校验：{error}\n"
        f"请修正上述问题，只通过调用 {tool_name} 工具给出完整结果，不要输出其他文字。"
    )
    call_ids = [c.get("id") for c in [*reply.tool_calls, *reply.invalid_tool_calls]]
    if call_ids and all(call_ids):
        # OpenAI-compatible servers require every tool call in history to be answered.
        answers = [
            ToolMessage(content=f"参数校验失败：{error}", tool_call_id=call_id, status="error")
            for call_id in call_ids
        ]
        return [reply, *answers, fix]
    if call_ids:
        # Tool calls without ids cannot be answered; keep only the text of the reply.
        return [AIMessage(content=message_text(reply) or "（工具调用参数无效）"), fix]
    return [AIMessage(content=message_text(reply)), fix]
