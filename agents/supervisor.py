"""Supervisor nodes: decide (LLM tool call or offline rule router), run the tools, answer."""

from __future__ import annotations

from typing import Literal

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from agents.chat_exec import EXECUTORS
from agents.chat_tools import AGENT_LABEL, TOOLS
from agents.context import Context
from agents.profile import load_profile
from agents.router import route
from agents.state import ChatState
from prompts import load_prompt
from tools.tokens import count_tokens

OFFLINE_NOTE = ("（离线模式：未配置 LLM，以上内容由检索、规则与程序计算生成；可以检索研报库、生成摘要、对比券商观点、"
                "拆解产业链、统计覆盖，但不能自由问答或改写润色。配置 OPENAI_API_KEY 后可获得完整对话能力。）")
MAX_MESSAGE_CHARS = 8000
HISTORY_TOKENS = 6000


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


async def decide(state: ChatState, runtime: Runtime[Context]) -> dict:
    ctx = runtime.context
    user = _last_user(state)
    text = str(user.content).strip() if user else ""
    if not text:
        return {"messages": [AIMessage("请输入问题。")]}
    if len(text) > MAX_MESSAGE_CHARS and isinstance(state["messages"][-1], HumanMessage):
        return {"messages": [AIMessage(f"消息过长（{len(text)} 字），请控制在 {MAX_MESSAGE_CHARS} 字以内，"
                                       "或先用 touyan ingest 把长文档导入研报库再提问。")]}
    if ctx.engine != "llm":
        if isinstance(state["messages"][-1], ToolMessage):  # offline: one tool round, then answer
            return {"messages": [AIMessage(f"{state['messages'][-1].content}\n\n{OFFLINE_NOTE}")]}
        profile = await load_profile(runtime.store)
        call = route(text, {**state.get("artifacts", {}), "watchlist": profile.watchlist}, ctx.stock_master)
        message = AIMessage("", tool_calls=[{"name": type(call).__name__, "args": call.model_dump(), "id": "offline-1",
                                             "type": "tool_call"}])
        return {"messages": [message]}
    profile = (await load_profile(runtime.store)).describe()
    system = SystemMessage(load_prompt("supervisor", ctx.prompts_dir).render() + (f"\n\n研究员资料：{profile}" if profile else ""))
    model = ctx.chat_model("default").bind_tools(list(TOOLS.values()))
    ctx.usage.check_budget()
    async with ctx.gate:
        reply = await model.ainvoke([system, *_trimmed(state["messages"], HISTORY_TOKENS)])
    ctx.usage.record_message(ctx.llm.model_for("default"), reply, 0.0, "default")
    if reply.tool_calls and tool_rounds(state) >= ctx.limits.max_steps:  # answering is allowed, more tools are not
        return {"messages": [AIMessage(f"已达到本轮最多 {ctx.limits.max_steps} 步工具调用的上限，先到这里。")]}
    return {"messages": [reply]}


def after_decide(state: ChatState) -> Literal["run_tools", "__end__"]:
    last = state["messages"][-1]
    return "run_tools" if isinstance(last, AIMessage) and last.tool_calls else "__end__"


async def run_tools(state: ChatState, runtime: Runtime[Context]) -> dict:
    ctx = runtime.context
    write = get_stream_writer()
    outputs, artifacts = [], {}
    for call in state["messages"][-1].tool_calls[: ctx.limits.max_fan_out]:
        schema = TOOLS.get(call["name"])
        write({"agent": AGENT_LABEL.get(call["name"], call["name"]), "status": "start"})
        if schema is None:
            outputs.append(ToolMessage(f"未知工具：{call['name']}", tool_call_id=call["id"], status="error"))
            continue
        try:
            args = schema.model_validate(call["args"])
            text, artifact = await EXECUTORS[schema](ctx, args)
            artifacts.update(artifact)
            outputs.append(ToolMessage(text, tool_call_id=call["id"], name=call["name"]))
        except Exception as exc:  # a failing agent ends this tool call, not the conversation
            outputs.append(ToolMessage(f"{AGENT_LABEL.get(call['name'])}失败：{str(exc).splitlines()[0][:200]}",
                                       tool_call_id=call["id"], name=call["name"], status="error"))
        write({"agent": AGENT_LABEL.get(call["name"], call["name"]), "status": "done"})
    return {"messages": outputs, "artifacts": artifacts}
