"""Shared pieces of the sample-fixture scripts: the calendar, seeded random walks, prices and the
writer that records MANIFEST.json. Imported by sample_fixtures.py, sample_fixtures_funds.py and
sample_fixtures_series.py, and importing none of them."""

from __future__ import annotations

import json
import math
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

import sample_fixture_data as D

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
