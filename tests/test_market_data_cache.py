"""Cache hit / miss / expiry / stale fallback and the typed missing-data error, through MarketData
with a fake fetcher (akshare itself is unreachable here) returning akshare-shaped frames."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest

from tools.market_data import MarketData, MarketDataUnavailable, SchemaDriftError
from tools.market_data.cache import TTL, MarketCache
from tools.market_data.schemas import SCHEMA_VERSION

T0 = datetime(2025, 6, 30, 8, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class FakeAkshare:
    """Answers like macro_china_pmi / fund_open_fund_info_em would; counts calls; can be made to fail."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.fail: Exception | None = None
        self.pmi_value = 49.7

    def __call__(self, dataset: str, args) -> pd.DataFrame:
        self.calls.append((dataset, dict(args)))
        if self.fail is not None:
            raise self.fail
        if dataset == "pmi":
            return pd.DataFrame({"月份": ["2025年06月份", "2025年05月份"], "制造业-指数": [self.pmi_value, 49.5],
                                 "制造业-同比增长": [0.8, 0.4], "非制造业-指数": [50.5, 50.3],
                                 "非制造业-同比增长": [-1.0, -0.6]})
        if dataset == "fund_nav":
            return pd.DataFrame({"净值日期": [pd.Timestamp("2025-06-27").date(), pd.Timestamp("2025-06-30").date()],
                                 "单位净值": [1.2345, 1.2401], "日增长率": [0.1, 0.45]})
        raise AssertionError(f"unexpected dataset {dataset}")


@pytest.fixture()
def setup(tmp_path):
    clock, fake = Clock(), FakeAkshare()
    md = MarketData(tmp_path / "market_cache", fetcher=fake, clock=clock, fixtures_dir=tmp_path / "no_fixtures")
    return md, fake, clock, tmp_path / "market_cache"


def test_miss_fetches_and_writes_parquet_with_metadata(setup):
    md, fake, clock, root = setup
    frame = md.fund_nav("1")
    assert fake.calls == [("fund_nav", {"code": "000001"})]
    assert frame["nav"].tolist() == [1.2345, 1.2401]
    assert frame.attrs["provenance"]["source"] == "akshare" and frame.attrs["provenance"]["stale"] is False
    meta_path = next((root / "fund_nav").glob("*.json"))
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["function"] == "fund_open_fund_info_em" and meta["arguments"] == {"code": "000001"}
    assert meta["rows"] == 2 and meta["schema_version"] == SCHEMA_VERSION
    assert meta["pandas_version"] == pd.__version__ and meta["akshare_version"]  # read from metadata, not import
    assert datetime.fromisoformat(meta["fetched_at"]) == T0
    assert meta_path.with_suffix(".parquet").is_file()


def test_hit_within_ttl_does_not_fetch_again(setup):
    md, fake, clock, _ = setup
    md.pmi()
    clock.advance(TTL["macro"] - timedelta(minutes=1))
    frame = md.pmi()
    assert len(fake.calls) == 1
    assert frame.attrs["provenance"]["source"] == "cache" and frame.attrs["provenance"]["stale"] is False
    assert frame["manufacturing"].tolist() == [49.5, 49.7]


def test_expired_entry_is_fetched_again(setup):
    md, fake, clock, _ = setup
    md.pmi()
    fake.pmi_value = 50.3
    clock.advance(TTL["macro"] + timedelta(minutes=1))
    frame = md.pmi()
    assert len(fake.calls) == 2
    assert frame.attrs["provenance"]["source"] == "akshare" and frame["manufacturing"].iloc[-1] == 50.3
    assert md.pmi().attrs["provenance"]["source"] == "cache"  # and cached again


def test_failure_falls_back_to_stale_cache_flagged_stale(setup):
    md, fake, clock, _ = setup
    md.pmi()
    clock.advance(TTL["macro"] * 3)
    fake.fail = ConnectionError("Max retries exceeded with url: datacenter-web.eastmoney.com")
    frame = md.pmi()
    prov = frame.attrs["provenance"]
    assert prov["source"] == "cache" and prov["stale"] is True
    assert "ConnectionError" in prov["failure"]
    assert frame["manufacturing"].tolist() == [49.5, 49.7]
    assert datetime.fromisoformat(prov["fetched_at"]) == T0


def test_failure_without_cache_raises_typed_error_saying_what_and_how(setup):
    md, fake, clock, _ = setup
    fake.fail = KeyError("infoCode")
    with pytest.raises(MarketDataUnavailable) as info:
        md.fund_nav("990001")
    err = info.value
    assert (err.dataset, err.arguments, err.function) == ("fund_nav", {"code": "990001"}, "fund_open_fund_info_em")
    message = str(err)
    assert "fund_nav(code=990001)" in message and "KeyError" in message
    assert "touyan data refresh fund_nav --code 990001" in message and "fixtures" in message


def test_schema_drift_from_the_source_is_raised_when_no_cache(setup):
    md, fake, clock, _ = setup
    fake.fail = None
    md._loader.fetcher = lambda dataset, args: pd.DataFrame({"日期": ["2025-06-30"], "净值": [1.0]})
    with pytest.raises(SchemaDriftError) as info:
        md.fund_nav("990001")
    assert info.value.missing == ["净值日期", "单位净值"]


def test_schema_drift_falls_back_to_cache(setup):
    md, fake, clock, _ = setup
    md.pmi()
    clock.advance(TTL["macro"] * 2)
    md._loader.fetcher = lambda dataset, args: pd.DataFrame({"月份": ["2025年07月份"], "PMI": [50.0]})
    frame = md.pmi()
    assert frame.attrs["provenance"]["stale"] is True and "SchemaDriftError" in frame.attrs["provenance"]["failure"]


def test_refresh_fetches_even_when_fresh_and_raises_instead_of_stale(setup):
    md, fake, clock, _ = setup
    md.pmi()
    md.refresh("pmi")
    assert len(fake.calls) == 2
    fake.fail = TimeoutError("read timed out")
    with pytest.raises(MarketDataUnavailable, match="TimeoutError"):
        md.refresh("pmi")


def test_offline_uses_stale_cache_without_fetching(setup, tmp_path):
    md, fake, clock, root = setup
    md.pmi()
    clock.advance(TTL["macro"] * 2)
    offline = MarketData(root, offline=True, fetcher=fake, clock=clock, fixtures_dir=tmp_path / "none")
    frame = offline.pmi()
    assert len(fake.calls) == 1
    assert frame.attrs["provenance"]["source"] == "cache" and frame.attrs["provenance"]["stale"] is True
    with pytest.raises(MarketDataUnavailable, match="离线模式"):
        offline.cpi()


def test_entries_of_another_schema_version_or_corrupt_are_misses(setup):
    md, fake, clock, root = setup
    md.pmi()
    cache = MarketCache(root)
    data_path, meta_path = cache.paths("pmi", {})
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps({**meta, "schema_version": SCHEMA_VERSION + 1}), encoding="utf-8")
    assert cache.read("pmi", {}) is None
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert cache.read("pmi", {}) is not None
    data_path.write_bytes(b"not parquet")
    assert cache.read("pmi", {}) is None
    md.pmi()
    assert len(fake.calls) == 2


def test_cache_entries_are_per_arguments(setup):
    md, fake, clock, root = setup
    md.fund_nav("990001")
    md.fund_nav("990002")
    md.fund_nav("990001")
    assert [args["code"] for _, args in fake.calls] == ["990001", "990002"]
    assert len(list((root / "fund_nav").glob("*.parquet"))) == 2


def test_mixed_type_columns_are_written_as_strings(setup):
    md, fake, clock, root = setup
    frame = pd.DataFrame({"item": ["总市值", "上市时间"], "value": [2.1e12, "20010827"]})
    entry = MarketCache(root).write("stock_news", {"keyword": "x"}, frame, function="f", fetched_at=T0)
    assert entry.frame["value"].tolist() == ["2100000000000.0", "20010827"]
    assert MarketCache(root).read("stock_news", {"keyword": "x"}).frame["value"].tolist() == ["2100000000000.0",
                                                                                            "20010827"]


def test_wrong_arguments_are_a_programming_error(setup):
    md, *_ = setup
    with pytest.raises(TypeError):
        md.load("fund_nav")


def test_unwritable_cache_still_returns_the_fetched_frame(tmp_path):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("a file where the cache folder should be")
    md = MarketData(blocker / "market_cache", fetcher=FakeAkshare(), clock=Clock(), fixtures_dir=tmp_path)
    frame = md.pmi()
    assert frame["manufacturing"].tolist() == [49.5, 49.7]
    assert frame.attrs["provenance"]["source"] == "akshare" and "缓存写入失败" in frame.attrs["provenance"]["failure"]
