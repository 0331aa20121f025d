"""MarketData: the one object agents use for market data. Each method returns a normalized DataFrame
(stable English column names, typed) with `.attrs["provenance"]` (see loader.py).

    md = MarketData(data_dir / "market_cache", offline=True)
    md.concept_constituents("自动驾驶")   # resolved to the board 无人驾驶
    md.fund_holdings("990001", 2024)

offline=True never imports akshare: cache, then bundled fixtures (source="fixture", sample), then
MarketDataUnavailable. `fetcher(dataset, args)` replaces akshare (tests use fakes of its shapes).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from tools.market_data.boards import resolve_board
from tools.market_data.cache import MarketCache
from tools.market_data.codes import canonical_stock_code, pad6, symbol_of
from tools.market_data.fixtures import BUNDLED_FIXTURES, Fixtures
from tools.market_data.loader import Clock, DatasetLoader, Fetcher

DateLike = str | date | datetime | None

# Index names researchers use -> CSI/CNI index codes (A500 is 000510).
INDEX_CODES = {
    "沪深300": "000300", "中证500": "000905", "中证1000": "000852", "中证A500": "000510", "A500": "000510",
    "上证指数": "000001", "上证50": "000016", "科创50": "000688", "深证成指": "399001", "创业板指": "399006",
    "国证成长": "399370", "国证价值": "399371",
}


def _index_code(index: str) -> str:
    index = index.strip()
    return INDEX_CODES.get(index) or INDEX_CODES.get(index.upper()) or pad6(re.sub(r"^(sh|sz|csi)|\.\w+$", "",
                                                                                   index, flags=re.I))


def _index_symbol(index: str) -> str:
    """stock_zh_index_daily_em's form: sh000300, sz399370, csi931151."""
    if re.fullmatch(r"(sh|sz|csi)\d{6}", index.strip(), flags=re.I):
        return index.strip().lower()
    code = _index_code(index)
    if code.startswith("399"):
        return f"sz{code}"
    if code.startswith("93"):
        return f"csi{code}"
    return f"sh{code}"


def _stock_symbol(symbol: str) -> str:
    return symbol_of(canonical_stock_code(symbol) or symbol)


def _between(frame: pd.DataFrame, column: str, start: DateLike, end: DateLike) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    if start is not None:
        mask &= frame[column] >= pd.Timestamp(start)
    if end is not None:
        mask &= frame[column] <= pd.Timestamp(end)
    out = frame[mask].reset_index(drop=True)
    out.attrs = dict(frame.attrs)
    return out


def _with_provenance(frame: pd.DataFrame, **extra: Any) -> pd.DataFrame:
    frame.attrs["provenance"] = {**frame.attrs.get("provenance", {}), **extra}
    return frame


class MarketData:
    def __init__(self, cache_dir: str | Path, *, offline: bool = False, fetcher: Fetcher | None = None,
                 clock: Clock | None = None, fixtures_dir: str | Path | None = None):
        self.cache = MarketCache(cache_dir)
        self.fixtures = Fixtures(fixtures_dir or BUNDLED_FIXTURES)
        self.offline = offline
        self._loader = DatasetLoader(self.cache, offline=offline, fetcher=fetcher, clock=clock,
                                     fixtures=self.fixtures)

    # Generic access (the CLI's `touyan data refresh DATASET --arg value`).
    def load(self, dataset: str, **args: Any) -> pd.DataFrame:
        return self._loader.load(dataset, args)

    def refresh(self, dataset: str, **args: Any) -> pd.DataFrame:
        """Fetch from akshare now and cache; raises instead of falling back to old data."""
        return self._loader.load(dataset, args, refresh=True)

    # Stocks and boards
    def stock_master(self) -> pd.DataFrame:
        """code (600519.SH), symbol, name (cleaned: 万科A), name_raw (the exchange's spelling: 万  科Ａ),
        exchange, former_names ('|'-joined, SZSE only): what tools.tickers.StockMaster.from_frame takes."""
        return self.load("stock_master")

    def concept_boards(self) -> pd.DataFrame:
        return self.load("concept_boards")

    def resolve_concept(self, name: str) -> str:
        """The eastmoney concept board `name` means (自动驾驶 -> 无人驾驶); UnknownBoard when none."""
        return resolve_board(name, self.concept_boards()["name"].dropna().tolist())

    def concept_constituents(self, board: str) -> pd.DataFrame:
        """Constituents of the board `board` means (provenance carries `requested` and the resolved `board`)."""
        resolved = self.resolve_concept(board)
        return _with_provenance(self.load("concept_constituents", board=resolved), requested=board, board=resolved)

    def concept_constituents_for(self, concept: str) -> tuple[str, pd.DataFrame]:
        """(resolved board name, constituents): for callers that show which board they checked against."""
        members = self.concept_constituents(concept)
        return members.attrs["provenance"]["board"], members

    def industry_boards(self, source: Literal["em", "sw"] = "em") -> pd.DataFrame:
        return self.load("industry_boards_sw" if source == "sw" else "industry_boards_em")

    def industry_constituents(self, board: str, source: Literal["em", "sw"] = "em") -> pd.DataFrame:
        """em: an eastmoney industry board by name. sw: a Shenwan code (801080 -> index_component_sw,
        850111.SI -> sw_index_third_cons) or a Shenwan level-3 industry name."""
        if source == "em":
            resolved = resolve_board(board, self.industry_boards("em")["name"].dropna().tolist(), aliases={},
                                     kind="行业")
            frame = self.load("industry_constituents_em", board=resolved)
        elif re.fullmatch(r"\d{6}\.SI", board.strip(), flags=re.I):
            resolved = board.strip().upper()
            frame = self.load("sw_third_constituents", code=resolved)
        elif re.fullmatch(r"\d{6}", board.strip()):
            resolved = board.strip()
            frame = self.load("sw_index_components", code=resolved)
        else:
            boards = self.industry_boards("sw")
            name = resolve_board(board, boards["name"].dropna().tolist(), aliases={}, kind="申万行业")
            resolved = str(boards.loc[boards["name"] == name, "board_code"].iloc[0])
            frame = self.load("sw_third_constituents", code=resolved)
        return _with_provenance(frame, requested=board, board=resolved)

    def index_weights(self, index_code: str) -> pd.DataFrame:
        """Latest month-end constituents and weights of a CSI index (000300, 000905, 000852, A500=000510)."""
        return self.load("index_weights", index_code=_index_code(index_code))

    def research_reports(self, symbol: str) -> pd.DataFrame:
        return self.load("research_reports", symbol=_stock_symbol(symbol))

    def stock_history(self, symbol: str, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
        """Unadjusted daily bars."""
        return _between(self.load("stock_history", symbol=_stock_symbol(symbol)), "date", start, end)

    def stock_valuation(self, symbol: str) -> pd.DataFrame:
        """Daily close, market cap, PE(TTM), PB, PEG… (stock_value_em)."""
        return self.load("stock_valuation", symbol=_stock_symbol(symbol))

    def stock_financials(self, report_date: DateLike) -> pd.DataFrame:
        """All stocks' results for a report date (2024-03-31): revenue and profit growth, ROE…"""
        return self.load("stock_financials", report_date=pd.Timestamp(report_date).strftime("%Y%m%d"))

    # Funds and ETFs
    def fund_list(self) -> pd.DataFrame:
        return self.load("fund_list")

    def fund_managers(self) -> pd.DataFrame:
        return self.load("fund_managers")

    def fund_holdings(self, code: str, year: int | str) -> pd.DataFrame:
        """Stock holdings of one fund in every quarter of `year` (Q1/Q3 list the top ten only).
        An empty frame means no stock holdings (bond, money and FOF funds)."""
        frame = self.load("fund_holdings", code=pad6(code), year=str(year))
        frame.insert(0, "fund_code", pd.Series([pad6(code)] * len(frame), dtype="str"))
        return frame

    def fund_nav(self, code: str) -> pd.DataFrame:
        return self.load("fund_nav", code=pad6(code))

    def fund_announcements(self, code: str) -> pd.DataFrame:
        return self.load("fund_announcements", code=pad6(code))

    def etf_list(self) -> pd.DataFrame:
        return self.load("etf_list")

    def etf_history(self, code: str, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
        return _between(self.load("etf_history", code=pad6(code)), "date", start, end)

    def index_history(self, symbol: str, start: DateLike = None, end: DateLike = None) -> pd.DataFrame:
        """Daily index bars; `symbol` as sh000300, 000300, 399370.SZ or a name such as 沪深300."""
        return _between(self.load("index_history", symbol=_index_symbol(symbol)), "date", start, end)

    # Macro
    def money_supply(self) -> pd.DataFrame:
        """Monthly M0/M1/M2 levels and growth, oldest first (M1's definition changed in Jan 2025)."""
        return self.load("money_supply")

    def pmi(self) -> pd.DataFrame:
        return self.load("pmi")

    def cpi(self) -> pd.DataFrame:
        return self.load("cpi")

    def ppi(self) -> pd.DataFrame:
        return self.load("ppi")

    def treasury_yields(self) -> pd.DataFrame:
        """Daily China and US government bond yields (%), oldest first."""
        return self.load("treasury_yields")

    def us_treasury_10y(self) -> pd.DataFrame:
        """date, us_10y (%): the days on which the US 10-year yield is known."""
        yields = self.treasury_yields()
        out = yields.loc[yields["us_10y"].notna(), ["date", "us_10y"]].reset_index(drop=True)
        out.attrs = dict(yields.attrs)
        return out

    # News
    def stock_news(self, keyword: str) -> pd.DataFrame:
        """Latest eastmoney news for a stock code or keyword (about ten items)."""
        return self.load("stock_news", keyword=keyword.strip())
