"""The golden sets: schema, manifest, and every reference checked against the sample corpus itself."""

from __future__ import annotations

import csv
import json
from functools import lru_cache

import pytest

from tools.tickers import normalize_code
from evals.items import DATASETS_DIR, DatasetError, EvalItem, load_items, load_suite
from evals.manifest import problems
from evals.solvers import SOLVERS
from tests.conftest import SAMPLES
from tools.citations import extract_figures, figure_on_page
from tools.documents import load_document
from tools.tickers import StockMaster


@lru_cache(maxsize=None)
def raw_pages(name: str) -> dict[int, str]:
    return {p.number: p.text for p in load_document(SAMPLES / name).pages}


def page_texts(name: str) -> dict[int, str]:
    """Pages without whitespace: PDF text breaks lines inside words and names."""
    return {n: "".join(t.split()) for n, t in raw_pages(name).items()}


@pytest.fixture(scope="module")
def items() -> dict[str, list[EvalItem]]:
    # The datasets themselves (the suite named `concept` is the labelled set: concept_labelled.jsonl).
    return {task: load_items(DATASETS_DIR / f"{task}.jsonl") for task in ("summary", "aggregation", "concept")}


def test_manifest_matches_the_datasets():
    assert problems() == []


def test_sizes_and_tasks(items):
    assert len(items["summary"]) >= 20 and len(items["concept"]) >= 20 and items["aggregation"]
    # The CI suite covers every registered task but the labelled consensus set, which has a suite of its own
    # until its claim rules reach the issue-13 floors (evals/suites.yaml).
    assert {i.task for i in load_suite("replay")} | {i.task for i in load_suite("aggregation-labelled")} == set(SOLVERS)
    assert {i.task for task in items.values() for i in task} <= set(SOLVERS)
    tags = {t for i in items["summary"] for t in i.metadata.get("tags", [])}
    assert {"injection", "contradiction"} <= tags
    assert any(i.reference.get("absent") == ["688999.SH"] for i in items["concept"])
    assert any(i.metadata.get("tags") == ["misspelling"] for i in items["concept"])


def test_summary_references_are_what_the_reports_say(items):
    manifest = {m["file"]: m for m in json.loads((SAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))}
    for item in items["summary"]:
        name, ref = item.input["report"], item.reference
        pages, raw = page_texts(name), raw_pages(name)
        assert ref["rating"] == manifest[name]["rating"] and ref["target_price"] == manifest[name]["target_price"]
        for year, eps in ref.get("eps", {}).items():
            assert figure_on_page(eps, raw[0]) and year in pages[0], (item.id, year)
        for fact in ref["key_facts"]:
            assert any(all(f in extract_figures(raw[p]) for v in fact["figures"] for f in extract_figures(str(v)))
                       and all(t in pages[p] for t in fact["terms"]) for p in fact["pages"]), (item.id, fact)
        assert "".join(ref["summary"].split())[:40] in pages[0]  # the cover's 投资要点, verbatim
        if "forbidden" in ref:
            assert manifest[name]["injection"]["text"].startswith("忽略之前")


def test_concept_references_name_companies_the_corpus_names(items):
    master = StockMaster.bundled()
    corpus = "".join(t for name in manifest_files() for t in page_texts(name).values())
    for item in items["concept"]:
        ref = item.reference
        for code in ref.get("codes", []):
            assert master.exists(code), (item.id, code)
            assert master.name_of(code) in corpus and code[:6] in corpus, (item.id, code)
        for level, codes in ref.get("levels", {}).items():
            assert set(codes) <= set(ref["codes"]), (item.id, level)
        for node in ref.get("nodes", []):
            assert set(node["codes"]) <= set(ref["codes"]), (item.id, node["name"])
        for code in ref.get("absent", []):
            assert not master.exists(code) and code[:6] in corpus  # the decoy: written in a report, not listed
        for code in ref.get("unverifiable", []):  # HK/US listings are now checked against the bundled HK/US list
            assert normalize_code(code).endswith((".HK", ".US")) or not master.exists(code)


def manifest_files() -> list[str]:
    return [m["file"] for m in json.loads((SAMPLES / "MANIFEST.json").read_text(encoding="utf-8"))]


def test_aggregation_items_name_real_files(items):
    for item in items["aggregation"]:
        assert all((SAMPLES / name).is_file() for name in item.input["reports"] + item.reference.get("excluded", []))


def test_bad_lines_are_reported_with_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "task": "summary", "input": {}}\n{"id": "a", "task": "summary", "input": {}}\n',
                    encoding="utf-8")
    with pytest.raises(DatasetError, match="bad.jsonl:2: duplicate"):
        load_items(path)
    path.write_text('{"id": "a", "task": "summary"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="bad.jsonl:1"):
        load_items(path)


def test_converter_example_makes_a_dataset_that_plugs_in(tmp_path):
    from evals.converters.ratings_csv import convert

    table = tmp_path / "ratings.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "rating", "target_price", "eps_2025E"])
        writer.writerow(["20250401_国金证券_贵州茅台2024年报点评稳健增长穿越周期.pdf", "买入", "1870", "74.84"])
        writer.writerow(["20250310_申万宏源_光伏行业供给侧改革跟踪.md", "中性", "", ""])
    out = convert(table, tmp_path / "external.jsonl", source="研究员手工整理")
    loaded = load_suite(str(out))
    assert [i.task for i in loaded] == ["summary", "summary"]
    assert loaded[0].reference == {"rating": "买入", "target_price": 1870.0, "eps": {"2025E": 74.84}}
    assert loaded[1].reference == {"rating": "中性", "target_price": None}
    assert loaded[0].metadata["source"] == "研究员手工整理"


def test_fund_and_fof_references_follow_the_sample_data_design():
    import pandas as pd

    from agents.supervisor.models import TOOLS
    from tools.market_data.fixtures import BUNDLED_FIXTURES

    funds = set(pd.read_csv(BUNDLED_FIXTURES / "fund_list.csv", dtype=str).iloc[:, 0])
    for item in load_suite("fund_style"):
        assert item.input["code"] in funds
    fof = load_suite("fof_commentary")
    commentary = SAMPLES.parent / "commentary"
    for item in fof:
        assert (commentary / f"{item.input['code']}_{item.input['period']}.txt").is_file(), item.id
    # data/samples/commentary/README.md: by construction 4/6, 3/6 and 2/6 texts stress fund selection.
    by_period = {}
    for item in fof:
        by_period.setdefault(item.input["period"], []).append(item.reference["stresses_fund_selection"])
    assert {p: (sum(v), len(v)) for p, v in by_period.items()} == {"2024Q3": (4, 6), "2024Q4": (3, 6),
                                                                   "2025Q1": (2, 6)}
    for item in load_suite("strategy"):
        assert set(item.input.get("fund_codes", [])) <= funds
        assert set(item.reference.get("core_funds", [])) <= set(item.input.get("fund_codes", []))
    for item in load_suite("routing"):
        schema = TOOLS[item.reference["tool"]]
        assert set(item.reference.get("args", {})) <= set(schema.model_fields), item.id
