"""Comparing every claim with every other broker's: the per-claim readings cached, against reading them afresh.

    python -m benchmarks.consensus_pairs [--rounds 3]

A consensus compares each claim with each claim of every other report (tools.claims.compare.conflict), so its
cost grows with the square of the claims: 15 reports of 40 claims are ≈ 180,000 pairs. Each comparison reads
both claims' own metric (facets.own_metric), the quantities they name (quantity.metrics_in) and their unquoted
text (clauses.unquoted) — readings of one claim, not of the pair, now cached per text. Baseline in the same
process: the same pairs with those three caches cleared before each comparison, i.e. each pair reading its two
claims once (the code before the caches read them several times per pair, so the ratio understates the gain).
Claims: extracted from the 13 sample reports' source texts (data/samples/source), one report per file.
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "data" / "samples" / "source"


def sample_claims() -> list[tuple[str, object]]:
    """(report, claim) for every claim the extraction keeps from each sample source, its paragraphs as pages."""
    from tools.claims.extract import extract_claims

    claims = []
    for path in sorted(SOURCES.glob("*.txt")):
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        claims += [(path.stem, c) for c in extract_claims(list(enumerate(paragraphs)), report_year=2025)]
    return claims


def _clear() -> None:
    from tools.claims.facets import _own_metric
    from tools.claims.quantity import _metrics_in
    from tools.claims.clauses import unquoted

    for cached in (_own_metric, _metrics_in, unquoted):
        cached.cache_clear()


def compare_all(claims: list[tuple[str, object]], *, afresh: bool) -> tuple[float, int]:
    """Seconds to compare every cross-report pair, and how many pairs conflict."""
    from tools.claims.compare import conflict

    _clear()
    found, start = 0, time.perf_counter()
    for (ra, a), (rb, b) in itertools.combinations(claims, 2):
        if ra != rb:
            if afresh:
                _clear()
            found += bool(conflict(a, b))
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    claims = sample_claims()
    pairs = sum(1 for (ra, _), (rb, _) in itertools.combinations(claims, 2) if ra != rb)
    print(f"{len(claims)} claims of {len({r for r, _ in claims})} reports, {pairs} cross-report pairs")
    for round_ in range(1, args.rounds + 1):
        afresh, found_afresh = compare_all(claims, afresh=True)
        cached, found_cached = compare_all(claims, afresh=False)
        assert found_afresh == found_cached, "the caches changed a comparison"
        print(f"round {round_}: afresh {afresh:.2f} s ({afresh / pairs * 1e6:.0f} µs/pair), cached {cached:.2f} s "
              f"({cached / pairs * 1e6:.0f} µs/pair), ratio {afresh / cached:.1f}×, {found_cached} conflicting pairs")


if __name__ == "__main__":
    main()
