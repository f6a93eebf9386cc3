"""Text normalisation shared by the signature, the similarity and the clustering.

A ticket's text is reduced to the characters that carry content: letters (汉字, Latin, …) and
digits. Everything else — whitespace, tabs, punctuation, symbols, emoji — is dropped, so
"留言详情" with leading tabs, a full stop more or less, or a full-width comma instead of a
half-width one give the same normalised text. Each remaining character is folded by its NFKC
form when that is a single character (full-width Ａ１ → a1, ① → 1, compatibility 汉字 →
their unified form) and lower-cased.

The folding is done by two lookup tables over the Basic Multilingual Plane, built once per
process from `unicodedata` (about 0.1–0.2 s, on first use), and applied with numpy to the
text's code points: no regular expression, no per-character Python loop. Characters above
the BMP are kept only in the CJK extension planes (U+20000–U+323AF); the rest (emoji) drop.

    normalise("  A市Ａ５区，\t井盖丢失！ ") == "a市a5区井盖丢失"
    codes(text)  -> numpy uint32 array of the normalised code points
    corpus_codes(texts, max_chars) -> (code points of all texts, document index of each)

Deterministic: the tables depend only on the Unicode database of the Python in use (the
same minor version gives the same result on every machine and in every process).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

CJK_EXT = (0x20000, 0x323B0)  # CJK Unified Ideographs Extension B … H


@lru_cache(maxsize=1)
def tables() -> tuple[np.ndarray, np.ndarray]:
    """(fold, keep) over U+0000–U+FFFF: fold[c] is the folded code point, keep[c] whether the
    folded character is a letter or a digit (Unicode categories L* and N*)."""
    fold = np.arange(0x10000, dtype=np.uint32)
    keep = np.zeros(0x10000, dtype=bool)
    for c in range(0x10000):
        if 0xD800 <= c < 0xE000:  # surrogates
            continue
        ch = chr(c)
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1:
            lower = folded.lower()
            folded = lower if len(lower) == 1 else folded
            fold[c] = ord(folded)
        else:
            folded = ch
        keep[c] = unicodedata.category(chr(fold[c]))[0] in "LN"
    fold.setflags(write=False)
    keep.setflags(write=False)
    return fold, keep


def _fold(cp: np.ndarray) -> np.ndarray:
    fold, keep = tables()
    if cp.size == 0 or int(cp.max()) < 0x10000:
        return fold[cp][keep[cp]]
    bmp = cp < 0x10000
    out = cp.copy()
    out[bmp] = fold[cp[bmp]]
    mask = np.zeros(cp.size, dtype=bool)
    mask[bmp] = keep[cp[bmp]]
    high = ~bmp
    mask[high] = (cp[high] >= CJK_EXT[0]) & (cp[high] < CJK_EXT[1])
    return out[mask]


def codes(text: str | None) -> np.ndarray:
    """The normalised text as a numpy array of code points (uint32); empty for None or ""."""
    if not text:
        return np.zeros(0, dtype=np.uint32)
    return _fold(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))


def normalise(text: str | None) -> str:
    """Letters and digits only, NFKC-folded and lower-cased (see the module docstring)."""
    c = codes(text)
    return c.tobytes().decode("utf-32-le") if c.size else ""


def corpus_codes(texts: list[str], max_chars: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """All texts normalised at once: (code points, index of the text each belongs to), the texts
    one after the other. With max_chars, only the first max_chars normalised characters of each
    text are kept. Vectorised over the whole corpus (one encode, one table lookup)."""
    if not texts:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    joined = "\x00".join(t or "" for t in texts)  # NUL is dropped by the tables, marks the ends
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    doc = np.cumsum(cp == 0)
    fold, keep = tables()
    if int(cp.max()) < 0x10000:
        mask = keep[cp]
        out = fold[cp][mask]
    else:
        bmp = cp < 0x10000
        folded = cp.copy()
        folded[bmp] = fold[cp[bmp]]
        mask = np.zeros(cp.size, dtype=bool)
        mask[bmp] = keep[cp[bmp]]
        high = ~bmp
        mask[high] = (cp[high] >= CJK_EXT[0]) & (cp[high] < CJK_EXT[1])
        out = folded[mask]
    doc = doc[mask]
    if max_chars is not None and out.size:
        starts = np.searchsorted(doc, np.arange(len(texts)))
        position = np.arange(out.size) - starts[doc]
        inside = position < max_chars
        out, doc = out[inside], doc[inside]
    return out, doc.astype(np.int64)
