"""Fund-style results for the core: from the caller, or from the fund-style agent when it is installed.

The strategy needs, per fund, a code, a label (style-rotation / style-stable) and optionally a
confidence. `FundStyleLike` is that narrow protocol; `fund_view` reads any object or dict shaped like
it (the fund-style agent's result model, a JSON row). Every code is checked against the fund list, and
the name shown is the list's, so a fund the list does not know never enters the portfolio.
"""

from __future__ import annotations

import importlib
from typing import Any, Awaitable, Callable, Protocol

from agents.strategy.models import TILT_ZH, FundStyleView
from tools.errors import brief, first_line

ROTATION_LABELS = {"style-rotation", "rotation", "风格轮动", "风格轮动型"}
FUND_STYLE_MODULE = "agents.fund_style"
FUND_STYLE_FUNCTION = "classify_funds"


class FundStyleLike(Protocol):
    code: str
    label: Any


ClassifyFunds = Callable[[Any, list[str]], Awaitable[list[Any]]]


def _get(result: Any, *names: str) -> Any:
    for name in names:
        value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
        if value is not None:
            return value
    return None


def _text(value: Any) -> str:
    value = getattr(value, "value", value)  # an Enum label
    return str(value).strip() if value is not None else ""


def fund_view(result: Any) -> FundStyleView:
    """A FundStyleView from a fund-style result (object or dict); the name is filled in later.

    Reads code, label, confidence, status (ok/partial/error) or partial, and the tilts
    (growth_value_tilt, size_tilt) as agents.fund_style's FundStyleResult names them."""
    label = _text(_get(result, "label", "style_label", "style"))
    confidence = _get(result, "confidence")
    tilts = [f"{name} {TILT_ZH.get(_text(value), _text(value))}" for name, key in (("成长价值", "growth_value_tilt"), ("大小盘", "size_tilt"))
             if (value := _get(result, key)) is not None and _text(value) not in ("", "unknown")]
    status = _text(_get(result, "status"))
    return FundStyleView(code=_text(_get(result, "code", "fund_code")).zfill(6), name="",
                         label=label or "unknown",
                         confidence=float(confidence) if isinstance(confidence, int | float) else None,
                         detail="，".join(tilts), partial=bool(_get(result, "partial")) or status in ("partial", "error"),
                         sample_data=bool(_get(result, "sample_data")))


def is_rotation(view: FundStyleView) -> bool:
    return view.label.lower() in ROTATION_LABELS


def fund_style_agent() -> ClassifyFunds | None:
    """The fund-style agent's `classify_funds(ctx, codes)` if that package is present."""
    try:
        module = importlib.import_module(FUND_STYLE_MODULE)
    except ImportError:
        return None
    return getattr(module, FUND_STYLE_FUNCTION, None)


def check_against_fund_list(views: list[FundStyleView], fund_list) -> tuple[list[FundStyleView], list[str]]:
    """Keep funds the fund list knows, named as the list names them; notes for the rest."""
    names = dict(zip(fund_list["code"].astype(str), fund_list["name"].astype(str)))
    kept, notes = [], []
    for view in views:
        if view.code not in names:
            notes.append(f"基金代码 {view.code} 不在基金列表中，未纳入组合。")
            continue
        kept.append(view.model_copy(update={"name": names[view.code]}))
    return kept, notes


async def fund_styles(ctx, codes: list[str], given: list[Any] | None,
                      classify: ClassifyFunds | None = None) -> tuple[list[FundStyleView], list[str]]:
    """Style views for `codes`: the `given` results when the caller has them, else the agent's."""
    from tools.market_data import MarketDataError

    notes: list[str] = []
    if given:
        raw = list(given)
    elif codes:
        classify = classify or fund_style_agent()
        if classify is None:
            return [], ["基金风格智能体不可用：核心仓位不含主动基金。"]
        try:
            raw = list(await classify(ctx, codes))
        except Exception as exc:  # the other agent's failure must not sink the proposal
            return [], [f"基金风格识别失败（{brief(exc)}）："
                        "核心仓位不含主动基金。"]
    else:
        return [], []
    views = [fund_view(r) for r in raw]
    try:
        views, missing = check_against_fund_list(views, ctx.market.fund_list())
        notes += missing
    except MarketDataError as exc:
        return [], [f"无法读取基金列表，未纳入主动基金：{first_line(exc)}"]
    notes += [f"{v.name}（{v.code}）的风格识别结果为部分结果。" for v in views if v.partial]
    return views, notes
