"""Duplicate signature of a ticket: four MinHash band keys packed into one bigint.

    sig = signature(title + " " + description)   # int, -2**63 ≤ sig < 2**63 (PostgreSQL bigint)
    b0, b1, b2, b3 = band_keys(sig)              # each 0 … 65535 (integer columns, each indexed)
    shared_bands(sig_a, sig_b)                   # 0 … 4
    similarity(text_a, text_b)                   # Jaccard of the character-bigram sets, 0 … 1

Method. The text is normalised (text.normalise) and cut into its overlapping character
bigrams (汉字 carry meaning in pairs; every edit of one character touches at most two of them).
Twelve hash functions h_k(g) = a_k·g + b_k (mod 2**64, odd random a_k: multiply-add hashing,
numpy uint64 arithmetic) give twelve minima over the bigrams — a MinHash of the bigram set:
for two texts, each minimum agrees with probability equal to their Jaccard similarity J.
The minima are taken in four bands of three; each band is mixed (SplitMix64 finaliser) into a
16-bit key. Two tickets share a band key when their three minima agree, so they share at least
one of the four keys with probability 1 − (1 − J³)⁴ (J = 0.9: 99.6 %, 0.8: 95 %, 0.7: 81 %,
0.5: 41 %, 0.3: 10 %), plus a chance collision of 16-bit keys (4 / 65,536 per pair).
Identical normalised texts always share all four.

Why MinHash and not a 64-bit SimHash split into 4 × 16-bit bands: both fit the same four
integer columns and give about the same number of chance candidates, but SimHash's pigeonhole
guarantee covers only a Hamming distance ≤ 3, which a changed title or a few edits already
exceed. Measured on hotline_messages_with_votes.csv (title + detail, 4,326 messages;
bench/hotline_topics.py, RESULTS.md):

    pairs found by one shared band key           MinHash 4×3, bigrams   SimHash 64, 3-grams
    same 留言详情 (121 pairs of the 100 groups)        121 / 121              101 / 121
      … of them with a different 留言主题 (56)           56 / 56                36 / 56
    a message and a copy with 2 random edits           99.7 %                 79.7 %
                              … with 5 edits           98.7 %                 61.0 %
                              … with 10 edits          96.0 %                 41.7 %
    chance pairs (unrelated: bigram Jaccard < 0.5)     8.5e-5 of all pairs    6.6e-5

(the chance rate is mostly the 16-bit key collisions, 4 / 65,536 = 6.1e-5). At 5,000,000 stored
tickets over three years a 30-day window holds ≈ 137,000: ≈ 12 chance candidates per new
ticket besides its true near copies — four index lookups, not a scan.

Deterministic: the hash constants are fixed in this file; no Python hash(), no random state.
Speed: one numpy pass over the bigrams; 0.07 ms for a ticket of 150–250 characters (bench, one core).
"""

from __future__ import annotations

import numpy as np

from .text import codes

BANDS = 4
ROWS = 3
MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def _mix(x: int) -> int:
    """SplitMix64 finaliser on a Python int (0 ≤ x < 2**64)."""
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK64
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


_A = np.array([_mix((k + 1) * _GOLDEN & MASK64) | 1 for k in range(BANDS * ROWS)], dtype=np.uint64)
_B = np.array([_mix((k + 101) * _GOLDEN & MASK64) for k in range(BANDS * ROWS)], dtype=np.uint64)
_ROW_MULT = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)
_SHIFT21 = np.uint64(21)


def bigram_codes(c: np.ndarray) -> np.ndarray:
    """Each overlapping pair of code points as one uint64 (first << 21 | second: exact, code
    points are < 2**21). A one-character text gives its single code point."""
    c = c.astype(np.uint64)
    if c.size < 2:
        return c
    return (c[:-1] << _SHIFT21) | c[1:]


def signature(text: str | None) -> int:
    """The four 16-bit MinHash band keys of the text's bigrams packed into one signed 64-bit int
    (band k in bits 16k … 16k+15). 0 for a text with no letters or digits (do not look it up)."""
    grams = bigram_codes(codes(text))
    if grams.size == 0:
        return 0
    minima = (grams[:, None] * _A + _B).min(axis=0).tolist()
    value = 0
    for band in range(BANDS):
        m = minima[band * ROWS:(band + 1) * ROWS]
        key = _mix((m[0] * _ROW_MULT[0] + m[1] * _ROW_MULT[1] + m[2] * _ROW_MULT[2] + band) & MASK64) >> 48
        value |= key << (16 * band)
    return value - (1 << 64) if value >= 1 << 63 else value


def band_keys(sig: int) -> tuple[int, int, int, int]:
    """The four band keys (each 0 … 65535) of a signature, for four indexed integer columns."""
    value = sig & MASK64
    return (value & 0xFFFF, (value >> 16) & 0xFFFF, (value >> 32) & 0xFFFF, (value >> 48) & 0xFFFF)


def shared_bands(sig_a: int | None, sig_b: int | None) -> int:
    """How many of the four band keys two signatures share (0 when either is missing or 0)."""
    if not sig_a or not sig_b:
        return 0
    return sum(x == y for x, y in zip(band_keys(sig_a), band_keys(sig_b), strict=True))


def bigram_set(text: str | None) -> np.ndarray:
    """The distinct bigrams of the normalised text, sorted (uint64)."""
    return np.unique(bigram_codes(codes(text)))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted unique arrays (bigram_set)."""
    if a.size == 0 or b.size == 0:
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (a.size + b.size - common)


def similarity(text_a: str | None, text_b: str | None) -> float:
    """Jaccard similarity of the two texts' character-bigram sets after normalisation: 1.0 for
    the same text (whitespace, punctuation, full/half width aside), 0.0 when nothing is shared
    or a text is empty."""
    return jaccard(bigram_set(text_a), bigram_set(text_b))
