"""Near-duplicate text: MinHash over character shingles of normalized text (pure, no I/O).

Two copies of one report rarely have the same bytes (a PDF and its Word original, a re-download with
another watermark or cover stamp), so identity by checksum misses them. Text is normalized first (NFKC,
lower case, whitespace and punctuation dropped: line breaks and full/half-width forms differ between
formats), cut into overlapping 5-character shingles, and the shingle sets are compared by Jaccard
similarity, estimated from 128 MinHash values. The threshold NEAR_DUPLICATE = 0.95 of issue 17 was
checked by benchmarks/near_duplicates.py (numbers in its docstring and in notes/17-library.md).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

SHINGLE = 5  # characters: long enough that two unrelated Chinese texts share few, short enough to survive edits
PERMUTATIONS = 128
BANDS = 32  # LSH: 32 bands of 4 values; a pair at Jaccard 0.95 shares a band with probability > 0.999999
NEAR_DUPLICATE = 0.95
_DROP = re.compile(r"[\W_]+", re.UNICODE)
_rng = np.random.default_rng(20261206)  # fixed: signatures stored in a catalog must stay comparable
_A = _rng.integers(0, 1 << 63, PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 1 << 63, PERMUTATIONS, dtype=np.uint64)


def normalize(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower())


def shingles(text: str) -> set[str]:
    flat = normalize(text)
    if len(flat) <= SHINGLE:
        return {flat} if flat else set()
    return {flat[i:i + SHINGLE] for i in range(len(flat) - SHINGLE + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _hashes(items: set[str]) -> np.ndarray:
    return np.fromiter((int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little")
                        for s in items), dtype=np.uint64, count=len(items))


def signature(items: set[str] | frozenset[str]) -> np.ndarray | None:
    """128 MinHash values (uint64) of a shingle set; None for a text too short to compare."""
    if len(items) < 50:  # a few words: every short note would look like every other
        return None
    h = _hashes(items)
    # multiply-shift hashing (Dietzfelbinger): (a*h + b) mod 2^64, top 32 bits; uint64 arithmetic wraps
    with np.errstate(over="ignore"):
        values = (np.outer(_A, h) + _B[:, None]) >> np.uint64(32)
    return values.min(axis=1)


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.mean(a == b))


def bands(sig: np.ndarray) -> list[str]:
    """LSH band keys: texts sharing any key are candidates, checked with estimate()."""
    rows = PERMUTATIONS // BANDS
    return [f"{i}:{hashlib.blake2b(sig[i * rows:(i + 1) * rows].tobytes(), digest_size=8).hexdigest()}"
            for i in range(BANDS)]


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)
