"""Claims tied by the meaning of their sentences (agents.consensus.claim_similarity, compare.conflict's `tied`)."""

import numpy as np
import pytest

from agents.consensus.claim_similarity import (COUNTERPART, MARGIN, SIMILAR, sentence_vectors,
                                               ties_by_meaning)
from agents.consensus.claim_views import claim_divergences
from tools.claims.compare import conflict, may_tie
from tools.claims.extract import claim_from_text
from tools.claims.facets import own_metric

# Two names for one quantity that no metric rule ties: tonnage profit (吨净利 / 每吨利润).
TON_A = "我们预计2026年公司吨净利约800元。"
TON_B = "预计2026年公司每吨利润有望达到1,000元。"


def test_rules_alone_do_not_tie_the_two_names():
    a, b = claim_from_text(TON_A, 1, 2025), claim_from_text(TON_B, 1, 2025)
    assert conflict(a, b, company_report=True) == []


def test_a_tie_by_meaning_compares_their_figures():
    a, b = claim_from_text(TON_A, 1, 2025), claim_from_text(TON_B, 1, 2025)
    assert conflict(a, b, company_report=True, tied=True) == ["value"]


def test_a_tie_does_not_pair_figures_of_two_periods():
    a = claim_from_text(TON_A, 1, 2025)
    b = claim_from_text("预计2027年公司每吨利润有望达到1,000元。", 1, 2025)
    assert conflict(a, b, company_report=True, tied=True) == []


def _fixed(vectors: dict[str, list[float]]):
    def encode(texts: list[str]) -> np.ndarray:
        rows = np.array([vectors[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return encode


def test_claim_divergences_ties_only_sentences_at_the_thresholds():
    # each the other's only claim: a counterpart at ≥ COUNTERPART, never below it
    claims = [("华泰证券", "r1", claim_from_text(TON_A, 1, 2025)), ("中信证券", "r2", claim_from_text(TON_B, 1, 2025))]
    near = _fixed({TON_A: [1.0, 0.0], TON_B: [COUNTERPART + 0.02, (1 - (COUNTERPART + 0.02) ** 2) ** 0.5]})
    far = _fixed({TON_A: [1.0, 0.0], TON_B: [COUNTERPART - 0.02, (1 - (COUNTERPART - 0.02) ** 2) ** 0.5]})
    assert [d.types for d in claim_divergences(claims, company_report=True, encode=near)] == [["value"]]
    assert claim_divergences(claims, company_report=True, encode=far) == []
    assert claim_divergences(claims, company_report=True) == []  # no encoder: the rules alone


def test_no_encoder_ties_nothing():
    assert ties_by_meaning(["甲", "乙"], ["r1", "r2"], None, lambda i, j: True)(0, 1) is False


@pytest.mark.slow
def test_the_shipped_encoder_separates_a_paraphrase_from_another_subject():
    same = sentence_vectors(["我们预计2026年公司光伏玻璃出货量约5.2亿平方米。", "预计2026年光伏玻璃销量有望达到6.5亿平方米。"])
    other = sentence_vectors(["我们预计2026年公司毛利率约为25%。", "公司董事长增持股份彰显信心。"])
    assert float(same[0] @ same[1]) >= SIMILAR > float(other[0] @ other[1])


@pytest.mark.slow
def test_vectors_are_kept_per_text():
    from agents.consensus import claim_similarity

    first = sentence_vectors(["公司毛利率有望提升。", "公司毛利率有望提升。"])
    assert "公司毛利率有望提升。" in claim_similarity._vectors
    assert np.allclose(first[0], first[1]) and np.allclose(sentence_vectors(["公司毛利率有望提升。"])[0], first[0])


def test_a_tie_by_meaning_does_not_overrule_two_named_quantities():
    # Two forecast sentences alike in form, one on revenue and one on profit: the encoder may place them close,
    # but 营业收入 and 归母净利润 are two quantities the rules know apart.
    a = claim_from_text("我们预计公司2026年营业收入约120亿元。", 1, 2025)
    b = claim_from_text("我们预计公司2026年归母净利润约15亿元。", 1, 2025)
    assert conflict(a, b, company_report=True, tied=True) == []


# Relative ties: a claim's counterpart in another report is its clear best match there, and it is theirs.
def _at(cosines: list[float]) -> list[float]:
    """A unit vector at the given cosines to the first three axes' unit vectors (the rest of its length on a fourth)."""
    return [*cosines, (1 - sum(c * c for c in cosines)) ** 0.5]


def _ties(vectors: list[list[float]], reports: list[str], compatible=lambda i, j: True):
    texts = [f"句{i}" for i in range(len(vectors))]
    return ties_by_meaning(texts, reports, _fixed(dict(zip(texts, vectors))), compatible)


def test_mutual_best_matches_tie_under_the_fixed_threshold():
    low = COUNTERPART + 0.03
    assert low < SIMILAR
    tied = _ties([[1, 0, 0, 0], _at([low, 0.1, 0]), _at([0.1, 0.2, 0])], ["r1", "r2", "r2"])
    assert tied(0, 1) and tied(1, 0) and not tied(0, 2)


def test_no_tie_when_the_best_match_is_not_clearly_ahead():
    low = COUNTERPART + 0.03
    tied = _ties([[1, 0, 0, 0], _at([low, 0, 0]), _at([low - MARGIN / 2, 0.5, 0])], ["r1", "r2", "r2"])
    assert not tied(0, 1)


def test_no_tie_when_the_other_claim_has_a_better_match():
    # claim 1's best match in r1 is claim 2, not claim 0
    tied = _ties([[1, 0, 0, 0], _at([0.55, 0.8, 0]), [0, 1, 0, 0]], ["r1", "r2", "r1"])
    assert not tied(0, 1) and tied(1, 2)


def test_incompatible_claims_are_no_rivals():
    vectors = [[1, 0, 0, 0], _at([0.55, 0, 0]), _at([0.6, 0.3, 0])]
    assert not _ties(vectors, ["r1", "r2", "r2"])(0, 1)
    assert _ties(vectors, ["r1", "r2", "r2"], lambda i, j: 2 not in (i, j))(0, 1)


def test_a_tie_by_meaning_needs_a_compatible_pair():
    ton, ton_2027 = claim_from_text(TON_A, 1, 2025), claim_from_text("预计2027年公司每吨利润有望达到1,000元。", 1, 2025)
    margin = claim_from_text("我们预计2026年公司毛利率约为25%。", 1, 2025)
    segment = claim_from_text("预计2026年储能业务毛利率约为18%。", 1, 2025)
    assert may_tie(ton, claim_from_text(TON_B, 1, 2025), own_metric(ton), "公司每吨利润")
    assert not may_tie(ton, ton_2027, own_metric(ton), own_metric(ton_2027))  # two periods
    assert not may_tie(ton, margin, own_metric(ton), own_metric(margin))  # a level and a rate
    assert not may_tie(margin, segment, own_metric(margin), own_metric(segment))  # one word, qualifiers judged apart


def test_claim_divergences_pair_counterparts_below_the_threshold():
    other = "公司董事长增持股份彰显信心。"
    claims = [("华泰证券", "r1", claim_from_text(TON_A, 1, 2025)), ("中信证券", "r2", claim_from_text(TON_B, 1, 2025)),
              ("中信证券", "r2", claim_from_text(other, 1, 2025))]
    encode = _fixed({TON_A: [1, 0, 0, 0], TON_B: _at([SIMILAR - 0.06, 0, 0]), other: _at([0.1, 0.9, 0])})
    assert [d.types for d in claim_divergences(claims, company_report=True, encode=encode)] == [["value"]]
