"""Number fidelity: rating, target price and EPS forecasts against the reference, field by field.

A field is correct, missing (not stated) or wrong (stated with another value). Wrong is worse than
missing for a researcher, so `exact` (no wrong field at all) is reported beside the share correct.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from agents.consensus.aggregate import rating_bucket


@dataclass(frozen=True)
class NumberCheck:
    correct: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # "target_price: 350 ≠ 320"

    @property
    def fidelity(self) -> float | None:
        total = len(self.correct) + len(self.missing) + len(self.wrong)
        return len(self.correct) / total if total else None

    @property
    def exact(self) -> float:
        return 0.0 if self.wrong else 1.0


def same_number(a: float | None, b: float | None, rel_tol: float = 0.005) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= rel_tol * max(abs(a), abs(b), 1e-9)


def same_rating(predicted: str | None, expected: str | None) -> bool:
    """Ratings compare by bucket: "买入（维持）" is 买入; an unknown word only equals itself."""
    if predicted is None or expected is None:
        return predicted is expected
    return (rating_bucket(predicted) or predicted.strip()) == (rating_bucket(expected) or expected.strip())


def _year(label: str) -> str:
    return label.strip().upper()


def check_numbers(views: Mapping, reference: Mapping, *, rel_tol: float = 0.005) -> NumberCheck:
    """`views` as ReportViews.model_dump(); reference keys used: rating, target_price, eps {year: value}.

    A reference key that is present with None means "the report gives none": stating one is wrong.
    """
    check = NumberCheck()
    if "rating" in reference:
        expected, got = reference["rating"], views.get("rating")
        _file(check, "rating", got, expected, same_rating(got, expected))
    if "target_price" in reference:
        expected, got = reference["target_price"], views.get("target_price")
        _file(check, "target_price", got, expected, same_number(got, expected, rel_tol))
    if "eps" in reference:
        expected_eps = {_year(y): v for y, v in (reference["eps"] or {}).items()}
        stated = {_year(row.get("year", "")): row.get("eps") for row in views.get("eps_forecasts") or []
                  if row.get("eps") is not None}
        for year, value in expected_eps.items():
            _file(check, f"eps {year}", stated.get(year), value, same_number(stated.get(year), value, rel_tol))
        for year in sorted(set(stated) - set(expected_eps)):
            check.wrong.append(f"eps {year}: {stated[year]:g}（研报未给出该年度）")
    return check


def _file(check: NumberCheck, name: str, got, expected, ok: bool) -> None:
    if ok:
        check.correct.append(name)
    elif got is None:
        check.missing.append(name)
    else:
        check.wrong.append(f"{name}: {got} ≠ {expected}")
