"""Token usage, cost and the per-run token budget.

Recording is explicit: the code that makes an LLM call (agents/llm/structured.py, or an
agent's own streaming call) calls `record_message` once per response. There is no callback
handler as well, so nothing is counted twice.

The budget is checked BEFORE each call (`check_budget`): a run stops cleanly between
calls. Calls already in flight when the budget runs out still finish and are recorded, so
a run can end above its budget by at most the calls that were running at once.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Mapping

from agents.llm.prices import DEFAULT_PRICES, ModelPrice

if TYPE_CHECKING:  # annotations only: cost accounting must not import the LLM client
    from langchain_core.messages import AIMessage

    from agents.llm.config import Role


class BudgetExceeded(RuntimeError):
    """The run's token budget is spent; no further LLM call may start."""

    def __init__(self, used_tokens: int, budget_tokens: int) -> None:
        self.used_tokens = used_tokens
        self.budget_tokens = budget_tokens
        super().__init__(f"token budget exhausted: {used_tokens} tokens used of a budget of {budget_tokens}")


@dataclass(frozen=True)
class CallRecord:
    model: str
    role: str
    input_tokens: int
    output_tokens: int
    latency_s: float
    cost_cny: float
    cost_usd: float
    priced: bool  # False: the model is not in the price table, so cost is 0
    usage_reported: bool = True  # False: the server sent no usage; tokens are tiktoken's estimate (or 0)

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True)
class UsageTotals:
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_cny: float = 0.0
    cost_usd: float = 0.0
    unpriced_models: tuple[str, ...] = ()
    calls_without_usage: int = 0

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def as_dict(self) -> dict:
        return asdict(self) | {"total_tokens": self.total_tokens}


def find_price(prices: Mapping[str, ModelPrice], model: str) -> ModelPrice | None:
    """Exact name first, then the longest priced name that `model` extends with '-…' (dated snapshots)."""
    if model in prices:
        return prices[model]
    candidates = [name for name in prices if model.startswith(name + "-")]
    return prices[max(candidates, key=len)] if candidates else None


def cost_of(price: ModelPrice | None, input_tokens: int, output_tokens: int) -> tuple[float, float]:
    """(CNY, USD) for one call; prices are per 1M tokens."""
    if price is None:
        return 0.0, 0.0
    cny = (input_tokens * price.input_cny + output_tokens * price.output_cny) / 1_000_000
    usd = (input_tokens * price.input_usd + output_tokens * price.output_usd) / 1_000_000
    return cny, usd


class UsageTracker:
    """Per-call records and totals; safe to share across threads and asyncio tasks.

    `scoped()` gives a child (e.g. one per report) whose calls also count in the parent,
    and whose budget check is the parent's, so per-report numbers and the run budget agree.
    """

    def __init__(
        self,
        prices: Mapping[str, ModelPrice] = DEFAULT_PRICES,
        budget_tokens: int | None = None,
        *,
        parent: UsageTracker | None = None,
    ) -> None:
        if budget_tokens is not None and budget_tokens < 0:
            raise ValueError("budget_tokens must be >= 0 or None")
        self.prices = prices
        self.budget_tokens = budget_tokens
        self.parent = parent
        self._lock = threading.Lock()
        self._records: list[CallRecord] = []
        # Team mode: a budget shared by every worker (memory/pg_llm_limits.PostgresBudget): each call reserves
        # its worst case there before it is sent (agents/llm/client.gated_call). None: this tracker's budget only.
        self.ledger = None

    def shared_budget(self):
        """The shared budget of this tracker or of the nearest parent that has one."""
        return self.ledger if self.ledger is not None or self.parent is None else self.parent.shared_budget()

    def scoped(self) -> UsageTracker:
        return UsageTracker(self.prices, None, parent=self)

    def record(
        self,
        model: str,
        input_tokens: int,
        output_tokens: int,
        latency_s: float = 0.0,
        role: Role | str = "default",
        *,
        usage_reported: bool = True,
    ) -> CallRecord:
        price = find_price(self.prices, model)
        cny, usd = cost_of(price, input_tokens, output_tokens)
        entry = CallRecord(
            model=model,
            role=role,
            input_tokens=int(input_tokens),
            output_tokens=int(output_tokens),
            latency_s=float(latency_s),
            cost_cny=cny,
            cost_usd=usd,
            priced=price is not None,
            usage_reported=usage_reported,
        )
        self._append(entry)
        return entry

    def record_message(self, model: str, message: AIMessage, latency_s: float = 0.0,
                       role: Role | str = "default") -> CallRecord:
        """Record one response from its `usage_metadata`. Usage the server did not send is tiktoken's estimate
        (agents/llm/calls.py), flagged; a message with no usage at all is recorded as 0 and flagged."""
        usage = getattr(message, "usage_metadata", None)
        if not usage:
            return self.record(model, 0, 0, latency_s, role, usage_reported=False)
        estimated = bool((getattr(message, "response_metadata", None) or {}).get("usage_estimated"))
        return self.record(model, usage.get("input_tokens", 0), usage.get("output_tokens", 0), latency_s, role,
                           usage_reported=not estimated)

    def _append(self, entry: CallRecord) -> None:
        with self._lock:
            self._records.append(entry)
        if self.parent is not None:
            self.parent._append(entry)

    @property
    def records(self) -> list[CallRecord]:
        with self._lock:
            return list(self._records)

    def totals(self) -> UsageTotals:
        records = self.records
        return UsageTotals(
            calls=len(records),
            input_tokens=sum(r.input_tokens for r in records),
            output_tokens=sum(r.output_tokens for r in records),
            cost_cny=sum(r.cost_cny for r in records),
            cost_usd=sum(r.cost_usd for r in records),
            unpriced_models=tuple(sorted({r.model for r in records if not r.priced})),
            calls_without_usage=sum(1 for r in records if not r.usage_reported),
        )

    @property
    def used_tokens(self) -> int:
        with self._lock:
            return sum(r.total_tokens for r in self._records)

    def remaining_tokens(self) -> int | None:
        """Tokens left in the tightest budget up the chain; None when no budget is set."""
        remaining = None if self.budget_tokens is None else self.budget_tokens - self.used_tokens
        if self.parent is not None:
            upper = self.parent.remaining_tokens()
            if upper is not None:
                remaining = upper if remaining is None else min(remaining, upper)
        return remaining

    def check_budget(self) -> None:
        """Raise BudgetExceeded when this tracker's (or a parent's) budget is spent."""
        if self.budget_tokens is not None:
            used = self.used_tokens
            if used >= self.budget_tokens:
                raise BudgetExceeded(used, self.budget_tokens)
        if self.parent is not None:
            self.parent.check_budget()
