"""Write the SAMPLE fixtures in tools/data/fixtures/: frames with akshare's raw column names and
invented numbers, for tests and the offline demo (not market data). Deterministic: running it twice
gives identical files. Tables live in scripts/sample_fixture_data.py, the shared generators (seeded
random walks, trading days, the writer) in scripts/sample_fixture_kit.py.

    .venv/bin/python scripts/sample_fixtures.py [--out tools/data/fixtures]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_fixture_data as D  # noqa: E402
from sample_fixture_kit import Writer, last_price, name_of, rng  # noqa: E402
from sample_fixtures_funds import write_funds  # noqa: E402
from sample_fixtures_series import write_series  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
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
