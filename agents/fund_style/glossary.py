"""What each fund-style figure means and in which unit, and how a missing figure is written.

One line per metric, shown next to the number wherever a person reads it (terminal, chat, xlsx), so
"主动轮动幅度 0.756" never stands without its scale. Scales follow tools/style_metrics.py and
tools/style_exposures.py; thresholds come from agents/fund_style/combine.py.
"""

from __future__ import annotations

from typing import NamedTuple

NA = "n/a"  # a figure that is undefined (no trading, one period) or not computable (missing prices)
SAMPLE_NOTICE = "⚠ 样例数据：持仓/评论来自仓库附带的样例（非真实基金），结果仅用于演示与测试。"


class Metric(NamedTuple):
    name: str
    unit: str
    definition: str

    def header(self) -> str:
        return f"{self.name}（{self.unit}）"

    def legend(self) -> str:
        return f"{self.name}（{self.unit}）：{self.definition}"


METRICS: dict[str, Metric] = {
    "active_rotation": Metric(
        "平均主动轮动幅度", "0–2",
        "无量纲；相邻两期之间由调仓（而非股价涨跌）带来的成长暴露与规模暴露变化的绝对值之和，按调仓次数平均；"
        "≥0.10 判为轮动，<0.05 判为稳定"),
    "rotation_return": Metric(
        "平均轮动收益", "每期 %",
        "调仓后组合相对“上期持仓不动”在下一报告期的收益差；没有主动调仓的期间无定义，记 n/a"),
    "positive_share": Metric("轮动收益为正的比例", "%", "有主动调仓且可计算轮动收益的期间中，轮动收益为正的占比"),
    "growth": Metric("成长暴露", "0–1", "持仓按权重平均的成长得分：1 ≈ PE 60、PB 8、增速 40%，0 ≈ PE 10、PB 1、零增长"),
    "size": Metric("规模暴露", "0–1", "持仓按权重平均的市值得分：0 = 10亿，1/3 = 100亿，2/3 = 1000亿，1 = 1万亿"),
    "turnover": Metric("估算换手", "%", "½×Σ|本期权重 − 上期持仓随股价漂移后的权重|"),
    "top10": Metric("前十大重仓占净值", "%", "十只最大持仓市值之和占基金净值的比例"),
    "hhi": Metric("HHI", "0–1", "股票持仓权重的平方和，1/HHI ≈ 等效持股只数"),
    "confidence": Metric("置信度", "0–1", "程序打分：依据持仓 0.6（远离阈值 +0.1），文字表述一致 +0.2、矛盾 −0.3，"
                                        "风格属性覆盖不足 −0.1；只有文字时 0.3"),
}


def number(value: float | None, fmt: str) -> str:
    """`value` formatted, or n/a."""
    return NA if value is None else format(value, fmt)


def legend_lines(keys: tuple[str, ...]) -> list[str]:
    return [METRICS[k].legend() for k in keys]
