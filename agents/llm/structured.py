"""Pydantic output from a chat model: one of three structured-output methods, validated in code,
re-asked once, then a loud failure. There is no free-text fallback.

Methods (the preset picks one; `touyan llm check` says which a server supports):
- `tool`: a forced, named tool call (the widest support; llama.cpp's "required" and "auto" fail).
- `json_schema`: response_format json_schema (OpenAI, vLLM, Ollama; llama.cpp and DeepSeek refuse it).
- `json_object`: JSON mode with the schema in the prompt (Zhipu, Kimi, reasoning models without
  tools); llama-cpp-python also gets the schema in response_format, where its grammar enforces it.
Replies are accepted in the shapes real servers send: a proper tool call, arguments encoded twice or
fenced, or the JSON object in `content`. A reply cut at its output cap is retried once with a request
for less, never with the cut reply added to the history; anything else invalid is re-asked once with
the validation error (the original messages plus one note, so no tool-call turns go on the wire).
"""

from __future__ import annotations

import json
from typing import Any, Sequence, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, ValidationError

from agents.llm.calls import CallPolicy, is_cut
from agents.llm.client import LLMGate, gated_call
from agents.llm.config import Role
from agents.llm.errors import OutputTruncated, StructuredOutputError
from agents.llm.json_repair import extract_json_object
from agents.llm.usage import UsageTracker

T = TypeVar("T", bound=BaseModel)

_MAX_ERRORS_SHOWN = 8
_BAD_OUTPUT_SHOWN = 400  # characters of an invalid reply quoted back to the model
SHORTER = ("（上一次的输出超过长度上限被截断。请给出更短的结果：每个列表只保留最重要的几项，每项一句话，"
           "总字数减半；只输出要求的 JSON。）")


class InvalidReply(ValueError):
    """One reply that does not yield a valid schema object; the message is what the model is told."""


def policy_of(model: Any) -> CallPolicy | None:
    """The bounded-call policy of a model built by make_chat_model (None for test doubles and caches)."""
    config = getattr(model, "touyan_config", None)
    return CallPolicy(config) if config is not None else None


def schema_json(schema: type[BaseModel]) -> dict:
    return convert_to_openai_tool(schema)["function"]["parameters"]


def skeleton(node: dict, defs: dict, depth: int = 0) -> Any:
    """A JSON example of the schema's shape: strings "…", numbers 0, enums "a|b", one item per array.
    A few hundred characters where the JSON Schema takes thousands: every prompt token costs seconds
    on a small local server, and the caller's prompt already says what each field means."""
    if "$ref" in node:
        return skeleton(defs.get(node["$ref"].rsplit("/", 1)[-1], {}), defs, depth)
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    if options:
        return skeleton(options[0], defs, depth)
    if "enum" in node:
        return "|".join(map(str, node["enum"]))
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {k: skeleton(v, defs, depth + 1) for k, v in node.get("properties", {}).items()} if depth < 6 else {}
    if kind == "array":
        return [skeleton(node.get("items", {}), defs, depth + 1)]
    return {"string": "…", "integer": 0, "number": 0.0, "boolean": False}.get(kind, None)


def json_instruction(schema: type[BaseModel]) -> str:
    spec = schema_json(schema)
    shape = json.dumps(skeleton(spec, spec.get("$defs", {})), ensure_ascii=False, separators=(",", ":"))
    required = "、".join(spec.get("required", [])) or "（无）"
    return ("\n\n只输出一个 JSON 对象，不要代码块、解释或其他文字。对象的结构如下（\"…\" 为文本，0 为数字，"
            f"a|b 表示取其一，列表可有多项，没有的可选字段可省略）；必填字段：{required}。\n{shape}")


def _with_json_instruction(messages: Sequence[BaseMessage], schema: type[BaseModel]) -> list[BaseMessage]:
    out = list(messages)
    for i, m in enumerate(out):
        if isinstance(m, SystemMessage):
            out[i] = SystemMessage(str(m.content) + json_instruction(schema))
            return out
    return [SystemMessage(json_instruction(schema).strip()), *out]


def _shorter(messages: list[BaseMessage]) -> list[BaseMessage]:
    """The same request asking for less output (the last user message gets the note)."""
    out = list(messages)
    for i in range(len(out) - 1, -1, -1):
        if isinstance(out[i], HumanMessage):
            out[i] = HumanMessage(str(out[i].content) + "\n\n" + SHORTER)
            return out
    return [*out, HumanMessage(SHORTER)]


async def invoke_structured(
    model: BaseChatModel,
    schema: type[T],
    messages: Sequence[BaseMessage],
    *,
    usage: UsageTracker | None = None,
    gate: LLMGate | None = None,
    role: Role = "default",
    reasks: int = 1,
    policy: CallPolicy | None = None,
    purpose: str = "default",
) -> T:
    """Ask `model` for one `schema` object; re-ask up to `reasks` times (a cut reply: once, shorter)."""
    if reasks < 0:
        raise ValueError("reasks must be >= 0")
    policy = policy or policy_of(model)
    tool_name = convert_to_openai_tool(schema)["function"]["name"]
    model_name = model_name_of(model)
    method = policy.config.method_for(model_name) if policy else "tool"
    response_format, schema_text = None, ""
    if method == "tool":
        request = model.bind_tools([schema], tool_choice=tool_name)
        schema_text = json.dumps(schema_json(schema), ensure_ascii=False)
        base = list(messages)
    else:
        request = model
        base = _with_json_instruction(messages, schema)
        if method == "json_schema":
            response_format = {"type": "json_schema",
                               "json_schema": {"name": tool_name, "schema": schema_json(schema), "strict": False}}
        else:
            response_format = {"type": "json_object"}
            if policy and policy.config.json_object_schema:
                response_format["schema"] = schema_json(schema)
    history, last_error, cut_once = base, "", False
    for _attempt in range(reasks + 1):
        plan = policy.plan(purpose, history, response_format=response_format, schema_text=schema_text) if policy else None
        reply, latency_s = await gated_call(request, history, gate, usage, policy, plan)
        if usage is not None:
            usage.record_message(model_name, reply, latency_s, role)
        try:
            return parse_reply(reply, schema, tool_name)
        except InvalidReply as problem:
            if is_cut(reply, plan.max_tokens if plan else None):
                if cut_once:
                    raise OutputTruncated(purpose, plan.max_tokens if plan else 0) from None
                cut_once, last_error = True, f"输出达到长度上限被截断（{problem}）"
                history = _shorter(base)
                continue
            last_error = str(problem)
            history = [*base, reask_message(reply, tool_name, last_error)]
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


def _reply_text(reply: AIMessage) -> str:
    args = [json.dumps(c.get("args"), ensure_ascii=False) for c in reply.tool_calls]
    args += [str(c.get("args") or "") for c in reply.invalid_tool_calls]
    return ("".join(args) or message_text(reply))[:_BAD_OUTPUT_SHOWN]


def reask_message(reply: AIMessage, tool_name: str, error: str) -> HumanMessage:
    """One note: what the model gave (cut short) and what is wrong. No assistant or tool turns go back on
    the wire: llama.cpp answers HTTP 500 to a tool-call turn with null content and drops role "tool"."""
    return HumanMessage(
        content=f"你上一次的输出没有通过 {tool_name} 的格式校验：{error}\n上一次的输出（节选）：{_reply_text(reply)}\n"
        f"请修正上述问题，只给出完整的 {tool_name} 结果，不要输出其他文字。"
    )
