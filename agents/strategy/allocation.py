"""Core + satellite weights, computed by fixed rules (seed 004 §2.2–2.4, §3.2). No model is involved.

1. Equity timing sets the split (SPLIT): position 1 (long) -> core 60%, satellites 40%, cash 0;
   position 0 (flat) or unknown -> core 70%, satellites 0, cash 30%: satellites are short-term beta bets,
   so they are the first thing a flat signal removes; the core stays as the portfolio's ballast.
2. Core: the largest CSI A500 ETF, plus style-rotation active funds (from the fund-style agent) taking
   ROTATION_SHARE_OF_CORE of the core, split equally (at most MAX_ROTATION_FUNDS). No fund -> all to the ETF.
3. Satellites (at most MAX_SATELLITES): one ETF per industry with net positive report views
   (score = positive - negative ratings), and one smart-beta ETF per signal call in
   etfs.SIGNAL_SATELLITES (score 1). The satellite share is split in proportion to the scores.
   No satellite candidate -> its share goes to the core ETF.
4. A share whose instrument is missing (no A500 ETF in the list) goes to the rest of the core, else to
   cash, and the proposal is marked partial.
Weights are rounded to basis points by largest remainder, so the integers sum to exactly 10000.

Worked example: long, one rotation fund, satellites 半导体 (2 reports) + 中证1000 (size signal):
core 60% -> A500 40%, fund 20%; satellites 40% -> 半导体 40%*2/3 = 26.67%, 中证1000 13.33%; sum 100%.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

SPLIT = {"long": (Fraction(6, 10), Fraction(4, 10), Fraction(0)),
         "flat": (Fraction(7, 10), Fraction(0), Fraction(3, 10))}  # (core, satellites, cash)
ROTATION_SHARE_OF_CORE = Fraction(1, 3)
MAX_ROTATION_FUNDS = 3
MAX_SATELLITES = 5
BASIS = 10_000


@dataclass(frozen=True)
class Candidate:
    """An instrument the rules may weight; `score` matters among satellites only."""

    code: str
    name: str
    role: str  # core | satellite
    kind: str  # etf | fund
    reason: str
    score: int = 1
    basis: tuple[str, ...] = ()
    market_cap: float = 0.0  # breaks ties between satellites of equal score


@dataclass
class Allocation:
    weights: list[tuple[Candidate, int]] = field(default_factory=list)  # basis points; cash is CASH
    notes: list[str] = field(default_factory=list)
    partial: bool = False


CASH = Candidate("CASH", "现金（或货币基金）", "cash", "cash", "")


def to_basis_points(shares: list[Fraction]) -> list[int]:
    """Exact fractions summing to 1 -> integers summing to BASIS (largest remainder, ties by order)."""
    raw = [s * BASIS for s in shares]
    floors = [int(r) for r in raw]
    short = BASIS - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - floors[i]), i))
    for i in order[:short]:
        floors[i] += 1
    return floors


def allocate(timing: str, core_etf: Candidate | None, funds: list[Candidate],
             satellites: list[Candidate]) -> Allocation:
    out = Allocation()
    split = SPLIT["long" if timing == "long" else "flat"]
    if timing not in ("long", "flat"):
        out.notes.append("宏观择时信号无法判断：按仓位 0 处理（核心 70%、现金 30%）。")
    core, satellite_share, cash = split
    chosen = sorted(satellites, key=lambda c: (-c.score, -c.market_cap, c.code))[:MAX_SATELLITES]
    if len(satellites) > MAX_SATELLITES:
        out.notes.append(f"卫星候选 {len(satellites)} 个，按观点数与规模保留前 {MAX_SATELLITES} 个。")
    if satellite_share and not chosen:
        out.notes.append("没有卫星候选（无正面行业观点、信号无风格偏向）：卫星仓位并入核心。")
        core, satellite_share = core + satellite_share, Fraction(0)
    if not satellite_share and chosen:
        out.notes.append("宏观择时仓位为 0：不配置卫星仓位。")
        chosen = []
    funds = funds[:MAX_ROTATION_FUNDS]
    fund_share = core * ROTATION_SHARE_OF_CORE if funds else Fraction(0)
    etf_share = core - fund_share
    if core_etf is None:
        out.partial = True
        if funds:
            fund_share, etf_share = core, Fraction(0)
            out.notes.append("ETF 列表中没有中证A500ETF：核心仓位全部给风格轮动型基金。")
        else:
            cash, etf_share = cash + core, Fraction(0)
            out.notes.append("ETF 列表中没有中证A500ETF，也没有风格轮动型基金：核心仓位转为现金。")
    items: list[tuple[Candidate, Fraction]] = []
    if etf_share:
        items.append((core_etf, etf_share))
    items += [(f, fund_share / len(funds)) for f in funds] if fund_share else []
    total_score = sum(c.score for c in chosen)
    items += [(c, satellite_share * c.score / total_score) for c in chosen]
    if cash:
        items.append((CASH, cash))
    if sum(s for _, s in items) != 1:  # an invariant of the rules above, checked exactly (fractions)
        raise RuntimeError("allocation rules must cover the whole portfolio")
    points = to_basis_points([s for _, s in items])
    out.weights = [(c, p) for (c, _), p in zip(items, points) if p > 0]
    return out
