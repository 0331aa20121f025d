"""The response cache: every LLM call of a run is looked up by what decides its answer.

Key = sha256 over model, messages (role, content, tool calls; not call ids, which are random),
call parameters (tools, tool_choice, temperature, stop…) and the versions of the prompts the task
uses. Entries are JSON files under <cache dir>/<2 hex>/<key>.json, written atomically, so the
replay cache can be committed and reviewed: evals/snapshots/ (pipeline snapshots, recorded from the
deterministic stand-in) and evals/cassettes/<name>/ (recorded from a real model, `touyan eval record`).

Modes: replay (no network; a miss is an error naming the item), record (read through: a hit is
served, a miss calls the model and is stored), off (always call, store nothing).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Literal, Mapping, Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict

from agents.llm.config import LLMConfig, Role
from tools.files import write_atomic

CacheMode = Literal["replay", "record", "off"]
CACHE_MODES: tuple[str, ...] = ("replay", "record", "off")
EVALS_DIR = Path(__file__).resolve().parent
CACHE_DIR = EVALS_DIR / "snapshots"  # the default: pipeline snapshots from the stand-in (evals/README.md)
KEY_VERSION = 2  # bump when the key material changes shape (2: output caps and response_format in extra_body)
NOT_IN_KEY = frozenset({"timeout"})


class CacheMiss(RuntimeError):
    def __init__(self, item_id: str, key: str, root: Path) -> None:
        self.item_id, self.key = item_id, key
        super().__init__(f"回放缓存未命中：评测条目 {item_id} 的 LLM 请求 {key[:16]} 不在 {root} 中"
                         "（提示词、模型或参数变了；用 --cache record 重新录制）")


def canonical_messages(messages: Sequence[BaseMessage]) -> list[dict]:
    out = []
    for m in messages:
        entry: dict[str, Any] = {"role": m.type, "content": m.content}
        calls = getattr(m, "tool_calls", None) or []
        if calls:
            entry["tool_calls"] = [{"name": c.get("name"), "args": c.get("args")} for c in calls]
        invalid = getattr(m, "invalid_tool_calls", None) or []
        if invalid:
            entry["invalid_tool_calls"] = [{"name": c.get("name"), "args": c.get("args")} for c in invalid]
        if getattr(m, "status", None) == "error":
            entry["status"] = "error"
        out.append(entry)
    return out


def request_key(model: str, messages: Sequence[BaseMessage], params: Mapping[str, Any],
                prompt_versions: Mapping[str, str]) -> str:
    material = {"v": KEY_VERSION, "model": model, "messages": canonical_messages(messages),
                "params": dict(params), "prompts": dict(sorted(prompt_versions.items()))}
    text = json.dumps(material, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def message_entry(message: AIMessage) -> dict:
    return {
        "content": message.content,
        "tool_calls": [{"name": c["name"], "args": c["args"], "id": c.get("id")} for c in message.tool_calls],
        "invalid_tool_calls": [{k: c.get(k) for k in ("name", "args", "id", "error")}
                               for c in message.invalid_tool_calls],
        "usage_metadata": dict(message.usage_metadata) if message.usage_metadata else None,
    }


def entry_message(entry: Mapping) -> AIMessage:
    return AIMessage(
        content=entry.get("content") or "",
        tool_calls=[{"type": "tool_call", **c} for c in entry.get("tool_calls") or []],
        invalid_tool_calls=[{"type": "invalid_tool_call", **c} for c in entry.get("invalid_tool_calls") or []],
        usage_metadata=entry.get("usage_metadata"),
    )


class ResponseCache:
    def __init__(self, root: Path = CACHE_DIR) -> None:
        self.root = Path(root)

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        path = self.path_for(key)
        try:
            return json.loads(path.read_text(encoding="utf-8"))["response"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as exc:
            raise RuntimeError(f"缓存文件损坏：{path}: {exc}") from None

    def put(self, key: str, response: dict, request: dict) -> Path:
        path = self.path_for(key)
        text = json.dumps({"key": key, "request": request, "response": response}, ensure_ascii=False, indent=1,
                          sort_keys=True)
        write_atomic(path, text + "\n")
        return path

    def keys(self) -> set[str]:
        return {p.stem for p in self.root.glob("*/*.json")}


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0  # replay misses (errors)
    calls: int = 0  # calls that went to the model
    keys: list[str] | None = None  # every key this item used, to prune unused cache files

    def used(self, key: str) -> None:
        self.keys = (self.keys or []) + [key]

    def as_dict(self) -> dict:
        return {"hits": self.hits, "misses": self.misses, "calls": self.calls}


def _request_summary(model: str, messages: Sequence[BaseMessage], params: Mapping, prompts: Mapping) -> dict:
    """What a reviewer needs to recognise the call; the key covers the full text."""
    last = str(messages[-1].content) if messages else ""
    tools = [t.get("function", {}).get("name") for t in params.get("tools") or [] if isinstance(t, dict)]
    other = {k: v for k, v in params.items() if k not in ("tools",)}
    return {"model": model, "prompts": dict(prompts), "tools": tools, "params": other, "messages": len(messages),
            "last_message_head": last[:120]}


class CachedChatModel(BaseChatModel):
    """Stands where a ChatOpenAI stands: `bind_tools` then `ainvoke`; answers from the cache first."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_name: str
    temperature: float = 0.0
    mode: str = "replay"
    store: Any = None  # ResponseCache (`cache` is BaseChatModel's own LLM-cache switch)
    inner_factory: Any = None  # () -> BaseChatModel; None when replaying
    prompt_versions: dict = {}
    item_id: str = "?"
    stats: Any = None  # CacheStats

    @property
    def _llm_type(self) -> str:
        return "eval-cached"

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any):
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], tool_choice=tool_choice, **kwargs)

    def _params(self, stop: list[str] | None, kwargs: dict) -> dict:
        # The timeout follows measured speed (agents/llm/calls.py): it never decides the answer.
        params = {"temperature": self.temperature,
                  **{k: v for k, v in kwargs.items() if v is not None and k not in NOT_IN_KEY}}
        if stop:
            params["stop"] = list(stop)
        return params

    async def _agenerate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager=None,
                         **kwargs: Any) -> ChatResult:
        params = self._params(stop, kwargs)
        key = request_key(self.model_name, messages, params, self.prompt_versions)
        self.stats.used(key)
        if self.mode != "off":
            entry = self.store.get(key)
            if entry is not None:
                self.stats.hits += 1
                return ChatResult(generations=[ChatGeneration(message=entry_message(entry))])
            if self.mode == "replay":
                self.stats.misses += 1
                raise CacheMiss(self.item_id, key, self.store.root)
        if self.inner_factory is None:
            raise RuntimeError(f"评测条目 {self.item_id}: 没有可调用的模型（--cache {self.mode} 需要 LLM 端点）")
        self.stats.calls += 1
        reply = await self._call_inner(messages, stop, dict(kwargs))
        if self.mode == "record":
            self.store.put(key, message_entry(reply), _request_summary(self.model_name, messages, params,
                                                                       self.prompt_versions))
        return ChatResult(generations=[ChatGeneration(message=reply)])

    async def _call_inner(self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict) -> AIMessage:
        model = self.inner_factory()
        tools, tool_choice = kwargs.pop("tools", None), kwargs.pop("tool_choice", None)
        runnable = model.bind_tools(tools, tool_choice=tool_choice) if tools else model
        if kwargs:
            runnable = runnable.bind(**kwargs)
        return await runnable.ainvoke(messages, stop=stop)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        raise TypeError("the eval cache is async only (the graphs call ainvoke)")


def cached_model_factory(cache: ResponseCache, mode: CacheMode, *, item_id: str, prompt_versions: Mapping[str, str],
                         stats: CacheStats,
                         inner: Callable[[LLMConfig, Role], BaseChatModel] | None = None
                         ) -> Callable[[LLMConfig, Role], CachedChatModel]:
    """A Context.model_factory whose models answer from `cache`; `inner` builds the real model (lazily)."""
    if mode not in CACHE_MODES:
        raise ValueError(f"unknown cache mode {mode!r}; use one of {CACHE_MODES}")
    built: dict[Role, BaseChatModel] = {}

    def factory(config: LLMConfig, role: Role) -> CachedChatModel:
        def build() -> BaseChatModel:
            if role not in built:
                built[role] = inner(config, role)
            return built[role]

        return CachedChatModel(model_name=config.model_for(role), temperature=config.temperature, mode=mode,
                               store=cache, inner_factory=build if inner is not None and mode != "replay" else None,
                               prompt_versions=dict(prompt_versions), item_id=item_id, stats=stats)

    return factory
