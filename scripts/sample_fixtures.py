"""Write the SAMPLE fixtures in tools/data/fixtures/: frames with akshare's raw column names and
invented numbers, for tests and the offline demo (not market data). Deterministic: running it twice
gives identical files. Tables live in scripts/sample_fixture_data.py.

    .venv/bin/python scripts/sample_fixtures.py [--out tools/data/fixtures]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_fixture_data as D  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
QUARTER_ENDS = ["2023-12-29", "2024-03-29", "2024-06-28", "2024-09-30", "2024-12-31", "2025-03-31", "2025-06-30"]
QUARTERS = [(2024, 1), (2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2)]  # QUARTER_ENDS[1:]
REPORT_DATES = ["20231231", "20240331", "20240630", "20240930", "20241231", "20250331"]
MONTHS = pd.period_range("2021-01", "2025-06", freq="M")


def rng(*keys: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("|".join(map(str, keys)).encode()))


# Exchange holidays, roughly (New Year, Spring Festival, Labour Day, National Day): samples should not trade then.
_SPRING = [("2022-01-31", "2022-02-04"), ("2023-01-23", "2023-01-27"), ("2024-02-12", "2024-02-16"),
           ("2025-01-28", "2025-02-04")]


def days(start: str, end: str) -> pd.DatetimeIndex:
    dates = pd.bdate_range(start, end)
    closed = ((dates.month == 1) & (dates.day == 1)) | ((dates.month == 5) & (dates.day <= 3)) | (
        (dates.month == 10) & (dates.day <= 7))
    for first, last in _SPRING:
        closed |= (dates >= first) & (dates <= last)
    return dates[~closed]


def bridge(anchors: list[float], lengths: list[int], sigma: float, seed: object) -> np.ndarray:
    """A log random walk through `anchors` (segment i has lengths[i] steps), so fixed points hold exactly."""
    gen, out = rng("bridge", seed), [anchors[0]]
    for a, b, n in zip(anchors, anchors[1:], lengths):
        steps = np.cumsum(gen.normal(0, sigma, n))
        t = np.arange(1, n + 1) / n
        out.extend(np.exp(math.log(a) + t * math.log(b / a) + steps - t * steps[-1]))
    return np.array(out)


def price_path(code: str) -> list[float]:
    name, group, base, *_ = D.STOCKS[code]
    gen, prices = rng("price", code), [float(base)]
    for move in D.GROUP_RETURNS[group]:
        prices.append(round(prices[-1] * (1 + move + gen.normal(0, 0.04)), 2))
    return prices


def last_price(code: str) -> float:
    return price_path(code)[-1] if code in D.STOCKS else 10.0


def name_of(code: str) -> str:
    return D.STOCKS[code][0] if code in D.STOCKS else D.MASTER_EXTRA[code]


def bars(closes: np.ndarray, seed: object, volume_base: float) -> pd.DataFrame:
    """Open/high/low/volume/amount around a close series."""
    gen = rng("bars", seed)
    prev = np.concatenate([[closes[0]], closes[:-1]])
    opens = prev * (1 + gen.normal(0, 0.003, len(closes)))
    high = np.maximum(opens, closes) * (1 + np.abs(gen.normal(0, 0.004, len(closes))))
    low = np.minimum(opens, closes) * (1 - np.abs(gen.normal(0, 0.004, len(closes))))
    volume = np.round(volume_base * np.exp(gen.normal(0, 0.3, len(closes))))
    return pd.DataFrame({"open": opens, "close": closes, "high": high, "low": low, "volume": volume,
                         "amount": np.round(volume * closes * 100), "prev": prev})


class Writer:
    def __init__(self, root: Path):
        self.root, self.entries = root, []

    def __call__(self, dataset: str, function: str, frame: pd.DataFrame, **args: str) -> None:
        name = "_".join(args.values()) if args else dataset
        rel = f"{dataset}/{name}.csv" if args else f"{dataset}.csv"
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(self.root / rel, index=False, encoding="utf-8", lineterminator="\n")
        self.entries.append({"dataset": dataset, "args": args, "file": rel, "function": function, "sample": True})

    def manifest(self) -> None:
        """Write MANIFEST.json, keeping entries recorded from akshare (sample: false) that we did not regenerate."""
        path = self.root / "MANIFEST.json"
        ours = {(e["dataset"], json.dumps(e["args"], sort_keys=True)) for e in self.entries}
        old = json.loads(path.read_text(encoding="utf-8"))["entries"] if path.is_file() else []
        kept = [e for e in old if not e.get("sample", True)
                and (e["dataset"], json.dumps(e.get("args", {}), sort_keys=True)) not in ours]
        about = ("Samples written by us for tests and the demo, not market data: company codes and names are "
                 "real, every number and every fund is illustrative. See README.md.")
        path.write_text(json.dumps({"about": about, "entries": self.entries + kept}, ensure_ascii=False, indent=1)
                        + "\n", encoding="utf-8")


def snapshot_rows(codes: list[str], seed: str) -> pd.DataFrame:
    gen, rows = rng("snap", seed), []
    for i, code in enumerate(codes, 1):
        price, pct = last_price(code), round(gen.normal(0.5, 2.5), 2)
        prev = round(price / (1 + pct / 100), 2)
        pe, pb = D.STOCKS[code][4], D.STOCKS[code][5]
        volume = round(gen.uniform(2e4, 6e5))
        rows.append({"序号": i, "代码": code, "名称": name_of(code), "最新价": price, "涨跌幅": pct,
                     "涨跌额": round(price - prev, 2), "成交量": volume, "成交额": round(volume * price * 100),
                     "振幅": round(abs(pct) + gen.uniform(0.5, 3), 2), "最高": round(max(price, prev) * 1.01, 2),
                     "最低": round(min(price, prev) * 0.99, 2), "今开": prev, "昨收": prev,
                     "换手率": round(gen.uniform(0.5, 8), 2), "市盈率-动态": pe, "市净率": pb})
    return pd.DataFrame(rows)


def board_list(boards: list[tuple[str, str, list[str]]], seed: str) -> pd.DataFrame:
    gen, rows = rng("boards", seed), []
    for rank, (name, code, members) in enumerate(boards, 1):
        leader = members[0] if members else None
        rows.append({"排名": rank, "板块名称": name, "板块代码": code, "最新价": round(gen.uniform(600, 2500), 2),
                     "涨跌额": round(gen.normal(5, 15), 2), "涨跌幅": round(gen.normal(0.3, 1.5), 2),
                     "总市值": round(gen.uniform(2e11, 6e12)), "换手率": round(gen.uniform(0.8, 5), 2),
                     "上涨家数": int(gen.integers(5, 80)), "下跌家数": int(gen.integers(0, 60)),
                     "领涨股票": name_of(leader) if leader else "", "领涨股票-涨跌幅": round(gen.uniform(2, 10), 2)})
    return pd.DataFrame(rows)


def write_boards(w: Writer) -> None:
    concepts = [(n, c, m) for n, (c, m) in D.CONCEPT_BOARDS.items()] + [(n, c, []) for n, c in D.OTHER_CONCEPT_BOARDS]
    w("concept_boards", "stock_board_concept_name_em", board_list(concepts, "concept"))
    for name, (_, members) in D.CONCEPT_BOARDS.items():
        w("concept_constituents", "stock_board_concept_cons_em", snapshot_rows(members, name), board=name)
    industries = [(n, c, m) for n, (c, m) in D.INDUSTRY_BOARDS.items()] + [(n, c, []) for n, c in
                                                                         D.OTHER_INDUSTRY_BOARDS]
    w("industry_boards_em", "stock_board_industry_name_em", board_list(industries, "industry"))
    for name, (_, members) in D.INDUSTRY_BOARDS.items():
        w("industry_constituents_em", "stock_board_industry_cons_em", snapshot_rows(members, name), board=name)
    w("industry_boards_sw", "sw_index_third_info", pd.DataFrame(
        [{"行业代码": code, "行业名称": name, "上级行业": parent, "成份个数": len(members) or 6, "静态市盈率": 35.2,
          "TTM(滚动)市盈率": 31.8, "市净率": 2.4, "静态股息率": 0.8} for code, name, parent, members in D.SW_L3]))
    for code, members in D.SW_L1_COMPONENTS.items():
        w("sw_index_components", "index_component_sw", pd.DataFrame(
            [{"序号": i, "证券代码": m, "证券名称": name_of(m), "最新权重": round(9.0 - i * 0.9, 2),
              "计入日期": "2021-12-13"} for i, m in enumerate(members, 1)]), code=code)
    code, name, parent, members = D.SW_L3[0]
    gen = rng("sw3", code)
    w("sw_third_constituents", "sw_index_third_cons", pd.DataFrame(
        [{"序号": i, "股票代码": f"{m}.{'SH' if m.startswith('6') else 'SZ'}", "股票简称": name_of(m),
          "纳入时间": "2021-07-30", "申万1级": "农林牧渔", "申万2级": parent, "申万3级": name,
          "价格": round(gen.uniform(8, 25), 2), "市盈率": round(gen.uniform(30, 120), 1),
          "市盈率ttm": round(gen.uniform(30, 120), 1), "市净率": round(gen.uniform(1.5, 4), 2),
          "股息率": f"{gen.uniform(0, 1.5):.2f}%", "市值": round(gen.uniform(30, 200), 1),
          # The site names these after the latest two report dates; the suffixes move every quarter.
          "归母净利润同比增长(03-31)": f"{gen.normal(5, 30):.2f}%", "归母净利润同比增长(12-31)": f"{gen.normal(5, 30):.2f}%",
          "营业收入同比增长(03-31)": f"{gen.normal(3, 15):.2f}%", "营业收入同比增长(12-31)": f"{gen.normal(3, 15):.2f}%"}
         for i, m in enumerate(members, 1)]), code=code)


def write_master_and_indexes(w: Writer) -> None:
    master = {**{c: v[0] for c, v in D.STOCKS.items()}, **D.MASTER_EXTRA}
    w("stock_master", "stock_info_a_code_name", pd.DataFrame({"code": list(master), "name": list(master.values())}))
    for code, (name, english, members) in D.INDEXES.items():
        w("index_weights", "index_stock_cons_weight_csindex", pd.DataFrame(
            [{"日期": "2025-06-30", "指数代码": code, "指数名称": name, "指数英文名称": english, "成分券代码": m,
              "成分券名称": name_of(m), "成分券英文名称": "",
              "交易所": "上海证券交易所" if m.startswith("6") else "深圳证券交易所",
              "交易所英文名称": "Shanghai Stock Exchange" if m.startswith("6") else "Shenzhen Stock Exchange",
              "权重": weight} for m, weight in members]), index_code=code)


if __name__ == "__main__":
    from sample_fixtures_funds import write_funds
    from sample_fixtures_series import write_series

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "tools" / "data" / "fixtures")
    out = parser.parse_args().out
    writer = Writer(out)
    write_master_and_indexes(writer)
    write_boards(writer)
    write_funds(writer)
    write_series(writer)
    writer.manifest()
    print(f"wrote {len(writer.entries)} sample fixtures to {out}")
