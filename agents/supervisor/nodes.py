"""Supervisor nodes, one job each: guard the input, route it (offline rules, or the model's forced
structured choice), run the tools, answer (offline, or the model checked against the tool results).
Wired in agents/supervisor/graph.py.

The model never gets tools to call at will: routing is a RouteDecision asked for with the
configured structured-output method, which works on servers without automatic tool choice
(llama.cpp, Ollama, Zhipu, Kimi). The answer step gets the tool results as text in the user
message, so no tool-call turns or role "tool" messages go on the wire (llama.cpp drops or refuses them).
"""

from __future__ import annotations

from typing import Literal

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from agents.context import Context
from agents.llm.ask import ask
from agents.llm.calls import is_cut
from agents.llm.client import gated_call
from agents.llm.errors import describe, is_endpoint_down, is_llm_failure
from agents.llm.structured import message_text
from agents.supervisor.executors import EXECUTORS
from agents.supervisor.thread_tools import THREAD_EXECUTORS
from agents.supervisor.models import AGENT_LABEL, THREAD_TOOLS, TOOLS, ChatArtifacts, RouteDecision
from agents.supervisor.profile import load_profile, researcher
from agents.supervisor.route import is_factual, to_call
from agents.supervisor.router import route
from agents.supervisor.state import ChatState
from agents.supervisor.verify import marked_answer, unsupported, unsupported_direct
from prompts import PromptSet
from tools.errors import first_line
from tools.tokens import count_tokens

OFFLINE_NOTE = ("（离线模式：未配置 LLM，以上内容由检索、规则与程序计算生成；可以检索研报库、生成摘要、对比券商观点、"
                "拆解产业链、统计覆盖，但不能自由问答或改写润色。配置 LLM 端点后可获得完整对话能力。）")
MAX_MESSAGE_CHARS = 8000
ROUTE_HISTORY_TOKENS = 800  # routing needs the gist of the thread, not its tool output
ANSWER_HISTORY_TOKENS = 1500
MAX_ERROR_CHARS = 200
PROMPTS = PromptSet("supervisor", "supervisor_answer")


def _last_user(state: ChatState) -> HumanMessage | None:
    return next((m for m in reversed(state["messages"]) if isinstance(m, HumanMessage)), None)


def _user_text(state: ChatState) -> str:
    user = _last_user(state)
    return str(user.content).strip() if user else ""


def _earlier(state: ChatState) -> list:
    """The thread before this turn's question."""
    messages = state["messages"]
    last = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=len(messages))
    return messages[:last]


def conversation(messages: list, budget: int) -> list[BaseMessage]:
    """Earlier turns as plain text (questions and final answers), newest first until the budget is spent."""
    turns = [m for m in messages if isinstance(m, HumanMessage) or (isinstance(m, AIMessage) and not m.tool_calls)]
    kept, used = [], 0
    for message in reversed(turns):
        used += count_tokens(str(message.content)) + 4
        if used > budget:
            break
        kept.append(HumanMessage(str(message.content)) if isinstance(message, HumanMessage)
                    else AIMessage(str(message.content)))
    return list(reversed(kept))


def _tool_call(call) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": type(call).__name__, "args": call.model_dump(), "id": "route-1",
                                      "type": "tool_call"}])


async def guard(state: ChatState, runtime: Runtime[Context]) -> dict:
    """Answers an empty or too long message itself; anything else goes on to the turn's router."""
    text = _user_text(state)
    if not text:
        return {"messages": [AIMessage("请输入问题。")]}
    if len(text) > MAX_MESSAGE_CHARS and isinstance(state["messages"][-1], HumanMessage):
        return {"messages": [AIMessage(f"消息过长（{len(text)} 字），请控制在 {MAX_MESSAGE_CHARS} 字以内，"
                                       "或先用 touyan ingest 把长文档导入研报库再提问。")]}
    return {"router": "model" if runtime.context.engine == "llm" else "rules", "draft_answer": None, "note": None}


# Branches read the state only (never the run's Context), so `update_state` in tests and in Studio works.
def after_guard(state: ChatState) -> Literal["rules_router", "route_model", "__end__"]:
    if isinstance(state["messages"][-1], AIMessage):  # the guard answered
        return "__end__"
    return "route_model" if state.get("router") == "model" else "rules_router"


async def _offline_call(state: ChatState, runtime: Runtime[Context]):
    profile = await load_profile(runtime.store, researcher())
    artifacts = ChatArtifacts.model_validate(state.get("artifacts") or {})
    return route(_user_text(state), artifacts, profile.watchlist, runtime.context.stock_master), artifacts, profile


async def rules_router(state: ChatState, runtime: Runtime[Context]) -> dict:
    """Offline: the rule router turns the message into one typed tool call."""
    call, _artifacts, _profile = await _offline_call(state, runtime)
    return {"messages": [_tool_call(call)]}


def _route_context(profile, artifacts: ChatArtifacts) -> str:
    lines = [f"研究员资料：{profile.describe()}"] if profile.describe() else []
    if artifacts.concept and artifacts.concept.companies:
        named = "、".join(f"{c.name}({c.code})" for c in artifacts.concept.companies[:12])
        lines.append(f"上一次产业链结果（{artifacts.concept.concept}）中的公司：{named}")
    return "\n".join(lines)


async def route_model(state: ChatState, runtime: Runtime[Context]) -> dict:
    """The model picks a tool through a forced structured choice; code checks its arguments. A factual
    answer without a tool is not shown as such: the offline router's call runs and the answer is marked."""
    ctx, text = runtime.context, _user_text(state)
    offline, artifacts, profile = await _offline_call(state, runtime)
    if isinstance(offline, THREAD_TOOLS):  # about the thread itself, in words the rules know: no model needed
        return {"messages": [_tool_call(offline)]}
    system = PROMPTS.load("supervisor", ctx.prompts_dir).render(context=_route_context(profile, artifacts))
    history = conversation(_earlier(state), ROUTE_HISTORY_TOKENS)
    try:
        decision = await ask(ctx, RouteDecision, [SystemMessage(system), *history, HumanMessage(text)],
                             role="default", purpose="route")
    except Exception as exc:
        if not is_llm_failure(exc):
            raise
        update = {"messages": [_tool_call(offline)], "note": f"（模型路由失败：{describe(exc, ctx.llm)}；已改用离线规则路由。）"}
        return update | ({"router": "rules"} if is_endpoint_down(exc) else {})
    if decision.tool == "Answer":
        answer = (decision.answer or "").strip()
        if answer and not is_factual(answer, ctx.stock_master):
            return {"messages": [AIMessage(answer)]}
        return {"messages": [_tool_call(offline)], "draft_answer": answer or None}
    return {"messages": [_tool_call(to_call(decision, text, artifacts, ctx.stock_master, offline))]}


def after_route(state: ChatState) -> Literal["run_tools", "__end__"]:
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
            if schema in THREAD_EXECUTORS:  # answered from this thread's own messages and results
                thread = ChatArtifacts.model_validate(state.get("artifacts") or {})
                result = await THREAD_EXECUTORS[schema](ctx, schema.model_validate(call["args"]), _earlier(state), thread)
            else:
                result = await EXECUTORS[schema](ctx, schema.model_validate(call["args"]))
            artifacts.update(result.artifacts.to_state())
            outputs.append(ToolMessage(result.text, tool_call_id=call["id"], name=call["name"]))
        except Exception as exc:  # a failing agent ends this tool call, not the conversation
            reason = describe(exc, ctx.llm) if is_llm_failure(exc) else first_line(exc)
            outputs.append(ToolMessage(f"{label}失败：{reason[:MAX_ERROR_CHARS]}",
                                       tool_call_id=call["id"], name=call["name"], status="error"))
        write({"agent": label, "status": "done"})
    return {"messages": outputs, "artifacts": artifacts}


def after_tools(state: ChatState) -> Literal["answer", "answer_offline"]:
    return "answer" if state.get("router") == "model" and state.get("draft_answer") is None else "answer_offline"


def _tool_text(state: ChatState) -> str:
    results = []
    for message in reversed(state["messages"]):
        if not isinstance(message, ToolMessage):
            break
        results.append(str(message.content))
    return "\n\n".join(reversed(results))


def _with_note(text: str, state: ChatState) -> str:
    return f"{text}\n\n{state['note']}" if state.get("note") else text


async def answer(state: ChatState, runtime: Runtime[Context]) -> dict:
    """The model answers from the tool results (streamed); what it states beyond them is marked 未核验."""
    ctx, question, tool_text = runtime.context, _user_text(state), _tool_text(state)
    profile = (await load_profile(runtime.store, researcher())).describe()
    system = PROMPTS.load("supervisor_answer", ctx.prompts_dir).render(profile=f"研究员资料：{profile}" if profile else "")
    prompt = f"研究员的问题：{question}\n\n<tool_results>\n{tool_text}\n</tool_results>"
    messages = [SystemMessage(system), *conversation(_earlier(state), ANSWER_HISTORY_TOKENS), HumanMessage(prompt)]
    try:
        plan = ctx.calls.plan("answer", messages)
        reply, latency_s = await gated_call(ctx.chat_model("default"), messages, ctx.gate, ctx.usage, ctx.calls, plan)
    except Exception as exc:
        if not is_llm_failure(exc):
            raise
        text = f"{tool_text}\n\n（模型未能作答：{describe(exc, ctx.llm)}。以上是工具给出的结果。）"
        return {"messages": [AIMessage(_with_note(text, state))]}
    ctx.usage.record_message(ctx.llm.model_for("default"), reply, latency_s, "default")
    text = message_text(reply).strip()
    if is_cut(reply, plan.max_tokens):
        text += f"\n\n（回答达到长度上限 {plan.max_tokens} tokens，已截断。）"
    problems = unsupported(text, tool_text + "\n" + question, ctx.stock_master)
    if not text:
        final = f"{tool_text}\n\n（模型没有给出回答，以上是工具给出的结果。）"
    else:
        final = marked_answer(text, problems, tool_text) if problems else text
    return {"messages": [AIMessage(_with_note(final, state))]}


async def answer_offline(state: ChatState) -> dict:
    """The tool's result is the answer: offline, after a failed model route, or beside a marked draft answer."""
    tool_text = _tool_text(state)
    if state.get("draft_answer"):
        text = unsupported_direct(state["draft_answer"], tool_text)
    elif state.get("router") == "rules" and not state.get("note"):
        text = f"{tool_text}\n\n{OFFLINE_NOTE}"
    else:
        text = tool_text
    return {"messages": [AIMessage(_with_note(text, state))]}
