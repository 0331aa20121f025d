"""Turn a frame shaped as akshare returns it into the stable, typed frame of its dataset (see schemas.py).

Tolerated drift: a renamed column (aliases), whitespace and full-width variants of a name, columns
whose names carry a year or date (mapped by relative position), mixed-type object columns (cast to
str, which also keeps parquet happy), codes that lost their leading zeros. A required column that
is missing raises SchemaDriftError naming the dataset, the column and the columns seen.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from tools.market_data.codes import canonical_stock_code, pad6
from tools.market_data.errors import SchemaDriftError
from tools.market_data.schemas import DATASETS, Column, Dataset, DatedColumns

_SPACES = re.compile(r"\s+")
_MONTH = re.compile(r"(\d{4})\D{0,3}?(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})年\s*(\d)\s*季度")
_DATE_KINDS = ("date", "datetime", "month")


def column_key(name: object) -> str:
    """What two column names must share to be the same column: NFKC form, no whitespace."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(name)))


def _as_text(series: pd.Series) -> pd.Series:
    return series.map(lambda v: v if pd.isna(v) else str(v).strip()).astype("str")


def _as_name(series: pd.Series) -> pd.Series:
    clean = lambda v: v if pd.isna(v) else _SPACES.sub("", unicodedata.normalize("NFKC", str(v)))  # noqa: E731
    return series.map(clean).astype("str")


def _as_float(series: pd.Series) -> pd.Series:
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        series = series.map(lambda v: v if pd.isna(v) else str(v).replace(",", "").strip().rstrip("%"))
    return pd.to_numeric(series, errors="coerce").astype("float64")


def _as_date(series: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.astype("datetime64[ns]")
    text = series.map(lambda v: v if pd.isna(v) else str(v).strip())
    return pd.to_datetime(text, errors="coerce", format="mixed").astype("datetime64[ns]")


def _as_month(series: pd.Series) -> pd.Series:
    parts = series.astype("str").str.extract(_MONTH)
    year = pd.to_numeric(parts[0], errors="coerce")
    month = pd.to_numeric(parts[1], errors="coerce").where(lambda m: m.between(1, 12))
    frame = pd.DataFrame({"year": year, "month": month, "day": 1})
    return pd.to_datetime(frame, errors="coerce").astype("datetime64[ns]")


def convert(series: pd.Series, kind: str) -> pd.Series:
    if kind == "str":
        return _as_text(series)
    if kind == "name":
        return _as_name(series)
    if kind == "stock":
        return series.map(canonical_stock_code).astype("str")
    if kind == "code6":
        return series.map(pad6).astype("str")
    if kind in ("float", "pct"):
        return _as_float(series)
    if kind == "int":
        return _as_float(series).round().astype("Int64")
    if kind in ("date", "datetime"):
        return _as_date(series)
    if kind == "month":
        return _as_month(series)
    raise ValueError(f"unknown column kind {kind!r}")


def empty_column(kind: str, length: int) -> pd.Series:
    if kind in _DATE_KINDS:
        return pd.Series([pd.NaT] * length, dtype="datetime64[ns]")
    if kind == "int":
        return pd.Series([pd.NA] * length, dtype="Int64")
    if kind in ("float", "pct"):
        return pd.Series([float("nan")] * length, dtype="float64")
    return pd.Series([float("nan")] * length, dtype="str")


def _find(raw_by_key: dict[str, object], column: Column) -> object | None:
    for source in column.sources:
        if (key := column_key(source)) in raw_by_key:
            return raw_by_key[key]
    return None


def _dated(raw: pd.DataFrame, dated: DatedColumns) -> dict[str, pd.Series]:
    found = [(name, match.group(1)) for name in raw.columns if (match := dated.pattern.match(column_key(name)))]
    if dated.order == "year":
        found.sort(key=lambda pair: pair[1])
    out = {target: empty_column(dated.kind, len(raw)) for target in dated.targets}
    for target, (name, _) in zip(dated.targets, found):
        out[target] = convert(raw[name].reset_index(drop=True), dated.kind)
    if dated.year_column:
        first = int(found[0][1]) if found and dated.order == "year" else pd.NA
        out[dated.year_column] = pd.Series([first] * len(raw), dtype="Int64")
    return out


def _stock_master(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["code"].notna() & frame["code"].str.contains(r"\.", regex=True)]
    frame = frame.drop_duplicates("code").reset_index(drop=True)
    parts = frame["code"].str.split(".", n=1)
    frame["symbol"] = parts.str[0].astype("str")
    frame["exchange"] = frame["exchange"].fillna(parts.str[1]).astype("str")
    # Former names: cleaned like names, without the current name (a company may rename back).
    formers = [[f for f in (_SPACES.sub("", unicodedata.normalize("NFKC", x)) for x in str(names).split("|"))
                if f and f != name] for names, name in zip(frame["former_names"].fillna(""), frame["name"])]
    frame["former_names"] = pd.Series(["|".join(dict.fromkeys(f)) for f in formers], index=frame.index, dtype="str")
    frame["status"] = frame["status"].where(frame["status"].isin(["listed", "delisted"]), "listed").astype("str")
    return frame[["code", "symbol", "name", "name_raw", "exchange", "former_names", "list_date", "status"]]


def _us_listings(frame: pd.DataFrame) -> pd.DataFrame:
    """105.AAPL → AAPL.US: the market number eastmoney prefixes is not part of the ticker."""
    if not len(frame):
        return frame
    tickers = frame["code"].str.rpartition(".")[2].str.upper().str.replace("_", ".", regex=False)
    frame["code"] = (tickers + ".US").astype("str")
    return frame[tickers.str.fullmatch(r"[A-Z][A-Z.]{0,6}")].reset_index(drop=True)


def _fund_holdings(frame: pd.DataFrame) -> pd.DataFrame:
    parts = frame["quarter_label"].str.extract(_QUARTER)
    year, quarter = pd.to_numeric(parts[0], errors="coerce"), pd.to_numeric(parts[1], errors="coerce")
    frame["quarter"] = (year.astype("Int64").astype("str") + "Q" + quarter.astype("Int64").astype("str"))
    frame.loc[year.isna() | quarter.isna(), "quarter"] = float("nan")
    start = pd.to_datetime(pd.DataFrame({"year": year, "month": quarter * 3 - 2, "day": 1}), errors="coerce")
    frame["period_end"] = (start + pd.offsets.QuarterEnd(0)).astype("datetime64[ns]")
    return frame


# Dataset-specific columns derived from the normalized ones.
_POST = {"stock_master": _stock_master, "fund_holdings": _fund_holdings, "us_listings": _us_listings}


def target_columns(spec: Dataset) -> list[str]:
    names = [column.name for column in spec.columns]
    for dated in spec.dated:
        names += list(dated.targets) + ([dated.year_column] if dated.year_column else [])
    return names


def normalize(dataset: str | Dataset, raw: pd.DataFrame) -> pd.DataFrame:
    """The normalized frame of `dataset` from `raw` (a frame with akshare's column names)."""
    spec = DATASETS[dataset] if isinstance(dataset, str) else dataset
    raw = raw.reset_index(drop=True)
    raw_by_key: dict[str, object] = {}
    for name in raw.columns:
        raw_by_key.setdefault(column_key(name), name)
    if raw.shape[1] == 0:  # akshare's "no data" answer is a frame without columns
        raw_by_key = {}
    out: dict[str, pd.Series] = {}
    missing = []
    for column in spec.columns:
        source = _find(raw_by_key, column)
        if source is None:
            if column.required and raw.shape[1] > 0:
                missing.append(column.sources[0])
            out[column.name] = empty_column(column.kind, len(raw))
        else:
            out[column.name] = convert(raw[source], column.kind)
    if missing:
        raise SchemaDriftError(spec.name, missing, list(raw.columns))
    for dated in spec.dated:
        out.update(_dated(raw, dated))
    frame = pd.DataFrame(out)
    if spec.name in _POST:
        frame = _POST[spec.name](frame)
    if spec.sort_by and len(frame):
        frame = frame.sort_values(list(spec.sort_by), kind="stable", na_position="last")
    return frame.reset_index(drop=True)
