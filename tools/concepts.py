"""Concept names: aliases researchers use for the same theme, and close-match suggestions."""

from __future__ import annotations

import difflib

# Each concept's aliases as they appear in reports, news and board names. The first entry is
# the canonical name. Kept short on purpose: an alias must really mean the same theme.
CONCEPTS: tuple[tuple[str, ...], ...] = (
    ("人形机器人", "具身智能", "人形机器人概念"),
    ("低空经济", "eVTOL", "飞行汽车", "通用航空"),
    ("AI算力", "算力", "算力概念", "智算"),
    ("自动驾驶", "智能驾驶", "无人驾驶", "智驾"),
    ("固态电池", "半固态电池", "全固态电池"),
    ("储能", "新型储能", "储能电池"),
    ("光伏", "光伏设备", "太阳能"),
    ("半导体设备", "半导体", "国产设备"),
    ("商业航天", "卫星互联网", "低轨卫星", "卫星通信", "航天发射"),
    ("可控核聚变", "核聚变", "聚变能", "托卡马克"),
    ("AI终端", "AI手机", "AI PC", "端侧AI", "AI眼镜"),
    ("ADC", "抗体偶联药物", "创新药ADC"),
    ("CPO", "光模块", "共封装光学"),
    ("脑机接口", "BCI"),
    ("量子计算", "量子科技"),
    ("创新药", "生物医药创新"),
)


def canonical_concept(name: str) -> str | None:
    key = name.strip().lower()
    for names in CONCEPTS:
        if key in (n.lower() for n in names):
            return names[0]
    return None


def aliases_of(name: str) -> list[str]:
    """The concept's other names (empty for an unknown concept, which is searched as written)."""
    canonical = canonical_concept(name)
    if canonical is None:
        return []
    names = next(n for n in CONCEPTS if n[0] == canonical)
    return [n for n in names if n != name.strip()]


def suggest(name: str, extra: list[str] = (), limit: int = 3) -> list[str]:
    """Known concept names (and `extra` words such as report titles) close to a possibly misspelled name."""
    pool = sorted({n for names in CONCEPTS for n in names} | set(extra))
    return difflib.get_close_matches(name.strip(), pool, n=limit, cutoff=0.5)
