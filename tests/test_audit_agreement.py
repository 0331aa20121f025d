"""The audit's agreement script picks annotated cases by id range, so each audit's numbers stay reproducible."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "evals" / "labelled" / "audit" / "agreement.py"
spec = importlib.util.spec_from_file_location("audit_agreement", SCRIPT)
agreement = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = agreement  # dataclasses look their module up there
spec.loader.exec_module(agreement)


def test_default_range_is_the_first_audits_twenty_cases():
    numbers = [r.number for r in agreement.load()]
    assert len(numbers) == 20 and max(numbers) <= 58


def test_second_audit_range_holds_its_sixteen_cases():
    assert [r.number for r in agreement.load(83, 98)] == list(range(83, 99))


def test_summary_lists_only_the_id_ranges_the_audit_sampled():
    table = agreement.summary(agreement.load(83, 98))
    assert "ids 83-98" in table and "ids 1-38" not in table
    assert table["overall"]["cases"] == 16


def test_third_audit_range_holds_its_sixteen_cases_and_only_its_range():
    results = agreement.load(99, 114)
    assert sorted(r.number for r in results) == list(range(99, 115))
    table = agreement.summary(results)
    assert "ids 99-114" in table and "ids 83-98" not in table
