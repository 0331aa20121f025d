"""`touyan data refresh` against akshare answers kept in tests/fixtures/akshare_refresh (a fake `akshare`
module serves them, so the real call code in tools/market_data/sources.py runs), and the stock master
that later runs load from the refreshed files."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tools.tickers.snapshot import A_FILE, FOREIGN_FILE, load_master, read_meta, snapshot_dir
from touyan.cli import app

ANSWERS = Path(__file__).parent / "fixtures" / "akshare_refresh"


def fake_akshare(fail: set[str] = frozenset()) -> types.ModuleType:
    """An `akshare` module whose functions answer from the fixture files, and record how they were called."""
    spec = json.loads((ANSWERS / "calls.json").read_text(encoding="utf-8"))
    module = types.ModuleType("akshare")
    module.calls = []

    def make(name: str):
        def function(*args, **kwargs):
            module.calls.append((name, args, kwargs))
            if name in fail:
                raise ConnectionError(f"{name}: 网络不可达")
            wanted = dict(kwargs) or ({"symbol": args[0]} if args else {})
            for call in spec["calls"]:
                if call["function"] == name and call["args"] == wanted:
                    return pd.read_csv(ANSWERS / call["file"], dtype=str, keep_default_na=False)
            raise KeyError(f"no recorded answer for {name}({wanted})")
        return function

    for name in {c["function"] for c in spec["calls"]}:
        setattr(module, name, make(name))
    return module


@pytest.fixture()
def akshare(monkeypatch):
    module = fake_akshare()
    monkeypatch.setitem(sys.modules, "akshare", module)
    return module


def run(home: Path, *args: str):
    return CliRunner().invoke(app, ["--data-dir", str(home), "data", *args])


def test_refresh_writes_the_lists_later_runs_use(tmp_path, akshare):
    home = tmp_path / "home"
    result = run(home, "refresh", "--hk", "--us", "--force")
    assert result.exit_code == 0, result.output
    assert "A股股票列表：" in result.output and "港股、美股名录" in result.output
    assert "概念板块“人形机器人”成分股" in result.output and "概念板块“固态电池”成分股" in result.output
    called = {(name, tuple(sorted(kw.items()))) for name, _, kw in akshare.calls}
    assert ("stock_info_sh_name_code", (("symbol", "科创板"),)) in called
    assert ("stock_info_sz_delist", (("symbol", "终止上市公司"),)) in called
    meta = read_meta(snapshot_dir(home) / A_FILE)
    assert meta["source"]["package"] == "akshare" and meta["data_date"] and meta["st"] == 1 and meta["delisted"] == 2

    master = load_master(home)
    assert master.resolve("688411").name == "海博思创"  # listed 2025: unknown to the bundled 2023 snapshot
    assert master.resolve("600146").st and master.resolve("600087").delisted
    assert master.resolve("三花股份").code == "002050.SZ"  # SZSE's former short name
    assert master.resolve("HK09868").name == "小鹏汽车" and master.resolve("EH.O").name == "亿航智能"
    assert master.resolve("HSAI.US").exchange == "US"
    assert master.data_date == meta["data_date"]
    foreign = pd.read_csv(snapshot_dir(home) / FOREIGN_FILE, dtype=str)
    assert set(foreign["code"]) >= {"0700.HK", "9868.HK", "2498.HK", "EH.US", "NVDA.US"}

    status = run(home, "status")
    assert status.exit_code == 0 and "已刷新" in status.output


def test_bundled_master_names_the_snapshot_date_for_a_newer_code():
    with pytest.raises(Exception, match="688411.SH 不在 2023-10-19 的股票列表中，运行 touyan data refresh 更新"):
        load_master(None).resolve("688411")


def test_a_short_answer_does_not_replace_the_list_in_use(tmp_path, akshare):
    home = tmp_path / "home"
    result = run(home, "refresh")
    assert result.exit_code == 1
    assert "疑似数据源出错，未替换" in result.output and "--force" in result.output
    assert not (snapshot_dir(home) / A_FILE).exists()
    assert load_master(home).data_date == "2023-10-19"  # still the bundled snapshot


def test_a_failing_source_says_so_in_one_line_and_keeps_the_old_list(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setitem(sys.modules, "akshare", fake_akshare())
    assert run(home, "refresh", "--force").exit_code == 0
    before = (snapshot_dir(home) / A_FILE).read_bytes()
    monkeypatch.setitem(sys.modules, "akshare", fake_akshare(fail={"stock_info_sz_name_code"}))
    result = run(home, "refresh", "--force")
    assert result.exit_code == 1 and "刷新未完成" in result.output and "Traceback" not in result.output
    assert (snapshot_dir(home) / A_FILE).read_bytes() == before


def test_one_dataset_with_its_arguments(tmp_path, akshare):
    result = run(tmp_path / "home", "refresh", "concept_constituents", "--board", "固态电池")
    assert result.exit_code == 0 and "concept_constituents：2 行" in result.output  # what MarketDataUnavailable suggests
    assert run(tmp_path / "home", "refresh", "fund_nav").exit_code == 2  # its --code is missing
    result = run(tmp_path / "home", "refresh", "concept_boards")
    assert result.exit_code == 0 and "concept_boards：3 行" in result.output
