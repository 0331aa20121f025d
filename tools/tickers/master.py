"""Stock master and ticker resolution: any spelling of a code or name → one validated security.

The bundled master (tools/data/stock_master.csv, provenance in stock_master.meta.json) is an
A-share snapshot; the market-data adapter refreshes it through `StockMaster.from_frame`. Spellings
are normalized in tools/tickers/normalize.py; here is the check that a code exists, and names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

from tools.tickers.lists import A_FILE, FOREIGN_FILE, describe, pick_list, read_meta, read_rows
from tools.tickers.mentions import find_mentions, mention_table
from tools.tickers.normalize import ALIASES, derived_keys, normalize_code, normalize_name

if TYPE_CHECKING:
    import pandas

MASTER_CSV = Path(__file__).resolve().parents[1] / "data" / "stock_master.csv"
COLUMNS = ("code", "symbol", "name", "name_raw", "exchange", "former_names", "list_date", "status")
A_EXCHANGES = frozenset({"SH", "SZ", "BJ"})

_CODE_LIKE = re.compile(r"(?:[A-Za-z]{2}\.?)?\d{6}(?:\.[A-Za-z]{2,4})?")
_NAME_WITH_CODE = re.compile(r"^(.+?)\s*[（(]\s*([^()（）]+?)\s*[)）]$")
_ST = re.compile(r"^(?:S?\*?ST)")
# HK/US share-class markers in exchange short names: 小鹏汽车-W (weighted voting), 京东集团-SW, 科伦博泰生物-B, 谷歌-A.
_CLASS_MARK = re.compile(r"-(?:W|SW|S|B|A|C|WR|R|U)$")


@dataclass(frozen=True)
class Security:
    code: str
    name: str | None  # None only for an unverified HK/US code accepted with allow_foreign=True
    exchange: str
    former_names: tuple[str, ...] = ()
    delisted: bool = False

    @property
    def symbol(self) -> str:
        return self.code.rpartition(".")[0]

    @property
    def st(self) -> bool:
        """Under risk warning (ST, *ST, S*ST): still listed, flagged."""
        return bool(self.name and _ST.match(self.name))

    def __str__(self) -> str:
        return f"{self.name or '?'}({self.code})"


class TickerError(ValueError):
    """A query that names no single existing security; `candidates` are close matches, if any."""

    def __init__(self, query: str, reason: str, candidates: Iterable[Security] = ()):
        self.query, self.reason, self.candidates = query, reason, tuple(candidates)
        hint = "；可能是：" + "、".join(map(str, self.candidates)) if self.candidates else ""
        super().__init__(f"「{query}」{reason}{hint}")


def master_frame(df: pandas.DataFrame) -> pandas.DataFrame:
    """A frame with `code` (any spelling) and `name` → the master's COLUMNS, validated.

    Takes akshare's `stock_info_a_code_name()` as it is; optional columns: name_raw,
    former_names (`|`-separated), list_date, status (listed/delisted).
    """
    import pandas as pd

    if not {"code", "name"} <= set(df.columns):
        raise ValueError(f"stock master needs code and name columns, got {list(df.columns)}")
    text = df.astype("string").fillna("")
    blank = pd.Series("", index=text.index, dtype="string")
    column = lambda name: text[name] if name in text else blank  # noqa: E731
    codes = text["code"].map(normalize_code)
    if codes.isna().any():
        raise ValueError(f"unrecognized codes: {text['code'][codes.isna()].head(5).tolist()}")
    raw = column("name_raw").where(column("name_raw") != "", text["name"]).str.strip()
    foreign = codes.str.endswith((".HK", ".US"))
    names = raw.map(normalize_name).where(~foreign, raw.map(lambda n: _CLASS_MARK.sub("", normalize_name(n))))
    out = pd.DataFrame({
        "code": codes, "symbol": codes.str.rpartition(".")[0], "name": names,
        "name_raw": raw.where(raw != names, ""), "exchange": codes.str.rpartition(".")[2],
        "former_names": column("former_names").map(_former_names),
        "list_date": column("list_date"), "status": column("status").replace("", "listed"),
    })
    if out["code"].duplicated().any():
        raise ValueError(f"duplicate codes: {out['code'][out['code'].duplicated()].head(5).tolist()}")
    return out.sort_values("code", ignore_index=True)


def _former_names(joined: str) -> str:
    return "|".join(normalize_name(part) for part in joined.split("|") if part.strip())


class StockMaster:
    """Codes and names of existing securities: resolution, verification, search, mentions."""

    _bundled: StockMaster | None = None

    def __init__(self, rows: Iterable[Mapping[str, str]], *, source: str, data_date: str | None = None,
                 foreign_date: str | None = None):
        self.source = source
        self.data_date = data_date  # of the A-share list: named in every "unknown code" message
        self.foreign_date = foreign_date  # of the HK/US list, when the master holds one
        self._by_code: dict[str, Security] = {}
        for row in rows:
            former = tuple(p for p in (row.get("former_names") or "").split("|") if p)
            sec = Security(row["code"], row["name"], row["exchange"], former, row.get("status") == "delisted")
            self._by_code[sec.code] = sec
        # A company listed in more than one market is named by its first listing in A → HK → US order
        # (宁德时代 is 300750.SZ, 小鹏汽车 9868.HK): the other listings are found by code only.
        rank = {ex: i for i, ex in enumerate(("A", "HK", "US"))}
        market = lambda sec: "A" if sec.exchange in A_EXCHANGES else sec.exchange  # noqa: E731
        first: dict[str, int] = {}
        for sec in self._by_code.values():
            first[sec.name] = min(first.get(sec.name, 9), rank.get(market(sec), 9))
        named = [s for s in self._by_code.values() if rank.get(market(s), 9) == first[s.name]]
        self._listed = [s for s in named if not s.delisted]
        self._by_name: dict[str, list[Security]] = {}  # listed first: a reused name means the listed one
        for sec in sorted(named, key=lambda s: s.delisted):
            self._by_name.setdefault(sec.name, []).append(sec)
        self._by_former: dict[str, list[Security]] = {}
        self._derived: dict[str, list[Security]] = {}
        for sec in self._listed:
            for old in sec.former_names:
                self._by_former.setdefault(old, []).append(sec)
            for key in derived_keys(sec.name):
                self._derived.setdefault(key, []).append(sec)
        self._aliases = {k: (self._by_code[c], t) for k, (c, t) in ALIASES.items() if c in self._by_code}
        self._markets = {sec.exchange for sec in self._by_code.values()}
        self._mention_table: dict[str, list[Security]] | None = None

    @classmethod
    def bundled(cls) -> StockMaster:
        """The snapshots shipped in tools/data (A shares; the partial HK/US list), loaded once per process."""
        if cls._bundled is None:
            cls._bundled = cls.from_lists(pick_list(None, A_FILE), pick_list(None, FOREIGN_FILE))
        return cls._bundled

    @classmethod
    def from_lists(cls, a_path: Path | None, foreign_path: Path | None) -> StockMaster:
        """A master from list files (tools/tickers/lists.py): the A-share list and the HK/US list."""
        rows = [row for path in (a_path, foreign_path) if path is not None for row in read_rows(path)]
        a_meta = read_meta(a_path) if a_path else {}
        foreign_meta = read_meta(foreign_path) if foreign_path else {}
        return cls(rows, source=describe(a_meta), data_date=a_meta.get("data_date"),
                   foreign_date=foreign_meta.get("data_date"))

    @classmethod
    def from_frame(cls, df: pandas.DataFrame, *, source: str, data_date: str | None = None) -> StockMaster:
        return cls(master_frame(df).to_dict("records"), source=source, data_date=data_date)

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.exists(code)

    def __iter__(self) -> Iterator[Security]:
        return iter(self._by_code.values())

    def exists(self, code: str) -> bool:
        return (normalize_code(code) or "") in self._by_code

    def name_of(self, code: str) -> str | None:
        sec = self._by_code.get(normalize_code(code) or "")
        return sec.name if sec else None

    def code_of(self, query: str | None) -> str | None:
        """The code a filter should use: any code spelling, normalized (existing or not), else the code of
        the company `query` names; None when it names nothing."""
        if not query:
            return None
        code = normalize_code(query)
        if code is None and (found := self.lookup(query)) is not None:
            code = found.code
        return code

    def lookup(self, query: str) -> Security | None:
        try:
            return self.resolve(query)
        except TickerError:
            return None

    def resolve(self, query: str, *, allow_foreign: bool = False) -> Security:
        """A code in any spelling, a name, former name, short name or `名称(代码)`; else TickerError.

        Delisted securities resolve (check `.delisted`). HK/US codes are checked only when the
        master holds that market; else rejected, or with allow_foreign=True returned unverified.
        """
        text = str(query).strip()
        if not text:
            raise TickerError(text, "为空，无法识别股票")
        paired = _NAME_WITH_CODE.match(text)
        if paired and normalize_code(paired.group(2)):
            return self.verify(paired.group(2), paired.group(1), allow_foreign=allow_foreign)
        code = normalize_code(text)
        if code:
            return self._resolve_code(text, code, allow_foreign)
        if _CODE_LIKE.fullmatch(normalize_name(text)):
            raise TickerError(text, "不是有效的A股代码（代码段或交易所后缀不符）")
        return self._resolve_name(text)

    def _resolve_code(self, query: str, code: str, allow_foreign: bool) -> Security:
        if code in self._by_code:
            return self._by_code[code]
        exchange = code.rpartition(".")[2]
        if exchange not in A_EXCHANGES and allow_foreign:
            return Security(code, None, exchange)
        raise TickerError(query, self.unknown_code(code))

    def unknown_code(self, code: str) -> str:
        """Why `code` is not in the master, with the list's date: a code may simply be newer than the list."""
        if code.rpartition(".")[2] in A_EXCHANGES:
            when = f" {self.data_date} 的" if self.data_date else "当前的"
            return f"{code} 不在{when}股票列表中，运行 touyan data refresh 更新"
        if code.rpartition(".")[2] in self._markets:
            when = f" {self.foreign_date} 的" if self.foreign_date else "当前的"
            return f"{code} 不在{when}港股/美股名录中，运行 touyan data refresh --hk --us 更新"
        return f"无法校验：{code} 是港股/美股代码，股票主表中没有港股/美股名录（运行 touyan data refresh --hk --us）"

    def _resolve_name(self, query: str) -> Security:
        name = normalize_name(query)
        for table in (self._by_name, self._by_former):
            if name in table:
                return self._one(query, table[name])
        if name in self._aliases:
            return self._aliases[name][0]
        for key in (name, *derived_keys(name)):
            if key in self._derived:
                return self._one(query, self._derived[key])
        hits = [s for s in self._listed if name in s.name] if len(name) >= 2 else []
        if hits:
            return self._one(query, hits)
        pool = [s.name for s in self._listed if set(s.name) & set(name)]
        close = difflib.get_close_matches(name, pool, n=5, cutoff=0.5)
        raise TickerError(query, "未找到对应的股票", [self._by_name[n][0] for n in close])

    @staticmethod
    def _one(query: str, hits: list[Security]) -> Security:
        listed = [s for s in hits if not s.delisted] or hits
        if len(listed) == 1:
            return listed[0]
        raise TickerError(query, "对应多只股票，请写全称或代码", listed[:10])

    def verify(self, code: str, name: str, *, allow_foreign: bool = False) -> Security:
        """The security if `code` exists and `name` (any spelling resolve takes) names it."""
        sec = self.resolve(code, allow_foreign=allow_foreign)
        if sec.name is None or normalize_name(name) in (sec.name, *sec.former_names):
            return sec  # an unverified foreign code has no name to compare
        if self.lookup(name) == sec:
            return sec
        raise TickerError(f"{name}({code})", f"代码与名称不符：{sec.code} 是「{sec.name}」", [sec])

    def search(self, text: str, limit: int = 10) -> list[Security]:
        """Codes by prefix, then names by prefix, then names containing it; listed first."""
        query = normalize_name(text).upper()
        ranked = []
        for sec in self._by_code.values() if query else ():
            name = sec.name.upper()
            ranks = (sec.code.startswith(query), name.startswith(query), query in name)
            if any(ranks):
                ranked.append((sec.delisted, ranks.index(True), sec.code, sec))
        return [hit[-1] for hit in sorted(ranked, key=lambda hit: hit[:3])[:limit]]

    def find_mentions(self, text: str) -> list[tuple[Security, int, int]]:
        """Listed companies named in `text`, leftmost-longest, as (security, start, end) spans
        (rules in tools/tickers/mentions.py)."""
        if self._mention_table is None:
            self._mention_table = mention_table(self._listed, self._aliases)
        return find_mentions(self._mention_table, text)
