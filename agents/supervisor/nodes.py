"""Supervisor nodes, one job each: guard the input, route it (offline rules or the model), hold the
step limit, run the tools, answer offline. Wired in agents/supervisor/graph.py."""

from __future__ import annotations

from typing import Literal

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from agents.context import Context
from agents.llm.client import gated_call
from agents.supervisor.executors import EXECUTORS
from agents.supervisor.models import AGENT_LABEL, TOOLS, ChatArtifacts
from agents.supervisor.profile import load_profile
from agents.supervisor.router import route
from agents.supervisor.state import ChatState
from prompts import PromptSet
from tools.errors import first_line
from tools.tokens import count_tokens

OFFLINE_NOTE = ("（离线模式：未配置 LLM，以上内容由检索、规则与程序计算生成；可以检索研报库、生成摘要、对比券商观点、"
                "拆解产业链、统计覆盖，但不能自由问答或改写润色。配置 OPENAI_API_KEY 后可获得完整对话能力。）")
MAX_MESSAGE_CHARS = 8000
HISTORY_TOKENS = 6000
MAX_ERROR_CHARS = 200
PROMPTS = PromptSet("supervisor")


def _last_user(state: ChatState) -> HumanMessage | None:
    return next((m for m in reversed(state["messages"]) if isinstance(m, HumanMessage)), None)


def tool_rounds(state: ChatState) -> int:
    """Tool rounds since the user's last message (derived, so a new turn starts at zero)."""
    rounds = 0
    for message in reversed(state["messages"]):
        if isinstance(message, HumanMessage):
            break
        rounds += isinstance(message, AIMessage) and bool(message.tool_calls)
    return rounds


def _trimmed(messages: list, budget: int) -> list:
    """Newest messages that fit the token budget, never starting on an orphaned tool result."""
    kept, used = [], 0
    for message in reversed(messages):
        used += count_tokens(str(message.content)) + 4
        if used > budget and kept:
            break
        kept.append(message)
    kept.reverse()
    while kept and isinstance(kept[0], ToolMessage):
        kept.pop(0)
    return kept


async def guard(state: ChatState, runtime: Runtime[Context]) -> dict:
    """Answers an empty or too long message itself; anything else goes on to the turn's router."""
    user = _last_user(state)
    text = str(user.content).strip() if user else ""
    if not text:
        return {"messages": [AIMessage("请输入问题。")]}
    if len(text) > MAX_MESSAGE_CHARS and isinstance(state["messages"][-1], HumanMessage):
        return {"messages": [AIMessage(f"消息过长（{len(text)} 字），请控制在 {MAX_MESSAGE_CHARS} 字以内，"
                                       "或先用 touyan ingest 把长文档导入研报库再提问。")]}
    return {"router": "model" if runtime.context.engine == "llm" else "rules"}


# Branches read the state only (never the run's Context), so `update_state` in tests and in Studio works.
def after_guard(state: ChatState) -> Literal["rules_router", "call_model", "__end__"]:
    if isinstance(state["messages"][-1], AIMessage):  # the guard answered
        return "__end__"
    return "call_model" if state.get("router") == "model" else "rules_router"


async def rules_router(state: ChatState, runtime: Runtime[Context]) -> dict:
    """Offline: the rule router turns the message into one typed tool call."""
    profile = await load_profile(runtime.store)
    artifacts = ChatArtifacts.model_validate(state.get("artifacts") or {})
    call = route(str(_last_user(state).content).strip(), artifacts, profile.watchlist, runtime.context.stock_master)
    message = AIMessage("", tool_calls=[{"name": type(call).__name__, "args": call.model_dump(), "id": "offline-1",
                                         "type": "tool_call"}])
    return {"messages": [message]}


async def call_model(state: ChatState, runtime: Runtime[Context]) -> dict:
    """The LLM with the supervisor prompt, the researcher's profile and the tool schemas: a tool call or an answer."""
    ctx = runtime.context
    profile = (await load_profile(runtime.store)).describe()
    system = SystemMessage(PROMPTS.load("supervisor", ctx.prompts_dir).render() + (f"\n\n研究员资料：{profile}" if profile else ""))
    model = ctx.chat_model("default").bind_tools(list(TOOLS.values()))
    reply, latency_s = await gated_call(model, [system, *_trimmed(state["messages"], HISTORY_TOKENS)], ctx.gate, ctx.usage)
    ctx.usage.record_message(ctx.llm.model_for("default"), reply, latency_s, "default")
    return {"messages": [reply]}


def after_model(state: ChatState) -> Literal["limit_steps", "__end__"]:
    last = state["messages"][-1]
    return "limit_steps" if isinstance(last, AIMessage) and last.tool_calls else "__end__"


async def limit_steps(state: ChatState, runtime: Runtime[Context]) -> dict:
    """Past the turn's step limit, replaces the model's tool-calling reply (same id) with a final answer, so
    no call is left unanswered; answering is always allowed. tool_rounds counts this reply too."""
    limit = runtime.context.limits.max_steps
    if tool_rounds(state) <= limit:
        return {}
    text = f"已达到本轮最多 {limit} 步工具调用的上限，先到这里。"
    return {"messages": [AIMessage(text, id=state["messages"][-1].id)]}


def after_limit(state: ChatState) -> Literal["run_tools", "__end__"]:
    last = state["messages"][-1]
    return "run_tools" if isinstance(last, AIMessage) and last.tool_calls else "__end__"


async def run_tools(state: ChatState, runtime: Runtime[Context]) -> dict:
    ctx = runtime.context
    write = get_stream_writer()
    outputs, artifacts = [], {}
    for call in state["messages"][-1].tool_calls[: ctx.limits.max_fan_out]:
        schema = TOOLS.get(call["name"])
        label = AGENT_LABEL.get(call["name"], call["name"])
        write({"agent": label, "status": "start"})
        if schema is None:
            outputs.append(ToolMessage(f"未知工具：{call['name']}", tool_call_id=call["id"], status="error"))
            continue
        try:
            result = await EXECUTORS[schema](ctx, schema.model_validate(call["args"]))
            artifacts.update(result.artifacts.to_state())
            outputs.append(ToolMessage(result.text, tool_call_id=call["id"], name=call["name"]))
        except Exception as exc:  # a failing agent ends this tool call, not the conversation
            outputs.append(ToolMessage(f"{AGENT_LABEL.get(call['name'])}失败：{first_line(exc)[:MAX_ERROR_CHARS]}",
                                       tool_call_id=call["id"], name=call["name"], status="error"))
        write({"agent": label, "status": "done"})
    return {"messages": outputs, "artifacts": artifacts}


def after_tools(state: ChatState) -> Literal["call_model", "answer_offline"]:
    return "call_model" if state.get("router") == "model" else "answer_offline"


async def answer_offline(state: ChatState) -> dict:
    """Offline: one tool round, then its result is the answer, with what the offline engine cannot do."""
    return {"messages": [AIMessage(f"{state['messages'][-1].content}\n\n{OFFLINE_NOTE}")]}
