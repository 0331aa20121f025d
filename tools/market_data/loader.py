"""Where a dataset comes from, in order: a fresh cache entry; akshare (then cached); on any
failure the cache even when stale (flagged stale=True); offline, a bundled fixture (flagged
source="fixture"); otherwise a typed MarketDataUnavailable saying what is missing and how to get it.

Every returned frame carries `.attrs["provenance"]`: dataset, args, function, source
(akshare | cache | fixture), fetched_at (ISO, UTC), stale, sample, and the failure when one occurred.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Mapping

import pandas as pd

from tools.market_data.cache import TTL, CacheEntry, MarketCache, canonical_args
from tools.market_data.errors import MarketDataUnavailable, SchemaDriftError
from tools.market_data.fixtures import Fixtures, read_raw
from tools.market_data.normalize import normalize
from tools.market_data.schemas import DATASETS, Dataset

Clock = Callable[[], datetime]
Fetcher = Callable[[str, Mapping[str, Any]], pd.DataFrame]
_REASON_CHARS = 300


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _describe(err: Exception) -> str:
    text = f"{type(err).__name__}: {err}"
    return text if len(text) <= _REASON_CHARS else text[:_REASON_CHARS] + "…"


def _stamp(frame: pd.DataFrame, spec: Dataset, args: dict[str, str], source: str, fetched_at: str | None,
           *, stale: bool = False, sample: bool = False, failure: str | None = None) -> pd.DataFrame:
    frame = frame.copy()
    frame.attrs["provenance"] = {
        "dataset": spec.name, "args": args, "function": spec.function, "source": source,
        "fetched_at": fetched_at, "stale": stale, "sample": sample, "failure": failure,
    }
    return frame


class DatasetLoader:
    def __init__(self, cache: MarketCache, *, offline: bool, fetcher: Fetcher | None, clock: Clock | None,
                 fixtures: Fixtures | None):
        self.cache = cache
        self.offline = offline
        self.fetcher = fetcher
        self.clock = clock or utc_now
        self.fixtures = fixtures

    def _fetcher(self) -> Fetcher:
        if self.fetcher is None:
            from tools.market_data.sources import fetch  # noqa: PLC0415 - only online sessions need it

            self.fetcher = fetch
        return self.fetcher

    def load(self, dataset: str, args: Mapping[str, Any] | None = None, *, refresh: bool = False) -> pd.DataFrame:
        spec = DATASETS[dataset]
        args = canonical_args(args or {})
        if set(args) != set(spec.args):
            raise TypeError(f"{dataset} takes arguments {spec.args}, got {tuple(args)}")
        now = _aware(self.clock())
        ttl = TTL[spec.ttl]
        entry = self.cache.read(dataset, args)
        if entry is not None and not refresh and not self._expired(entry, ttl, now):
            return _stamp(entry.frame, spec, args, "cache", entry.meta["fetched_at"])

        failure = "离线模式，不访问 akshare"
        drift: SchemaDriftError | None = None
        if not self.offline:
            try:
                frame = normalize(spec, self._fetcher()(dataset, args))
            except SchemaDriftError as err:
                drift, failure = err, _describe(err)
            except Exception as err:  # noqa: BLE001 - network errors and akshare's own failures alike
                failure = _describe(err)
            else:
                try:
                    written = self.cache.write(dataset, args, frame, function=spec.function, fetched_at=now)
                except OSError as err:  # an unwritable cache must not lose data we already have
                    return _stamp(frame, spec, args, "akshare", now.isoformat(), failure=f"缓存写入失败：{err}")
                return _stamp(written.frame, spec, args, "akshare", written.meta["fetched_at"])
        if refresh:  # an explicit refresh must not quietly answer from old data
            raise drift or self._unavailable(spec, args, failure, cached=entry is not None)

        if entry is not None:
            return _stamp(entry.frame, spec, args, "cache", entry.meta["fetched_at"],
                          stale=self._expired(entry, ttl, now), failure=None if self.offline else failure)
        if self.offline and self.fixtures is not None:
            fixture = self.fixtures.find(dataset, args)
            if fixture is not None:
                frame = normalize(spec, read_raw(fixture.path))
                return _stamp(frame, spec, args, "fixture", fixture.recorded_at, sample=fixture.sample)
        if drift is not None:
            raise drift
        raise self._unavailable(spec, args, failure)

    @staticmethod
    def _expired(entry: CacheEntry, ttl, now: datetime) -> bool:
        return now - _aware(entry.fetched_at) > ttl

    def _unavailable(self, spec: Dataset, args: dict[str, str], failure: str,
                     cached: bool = False) -> MarketDataUnavailable:
        reason = failure if cached else f"{failure}；缓存中没有"
        if self.offline and self.fixtures is not None:
            known = self.fixtures.available(spec.name)
            reason += f"；fixtures 中也没有（已有：{known}）" if known else "；fixtures 中也没有"
        where = str(self.fixtures.root) if self.fixtures is not None else None
        return MarketDataUnavailable(spec.name, args, spec.function, reason, where)
