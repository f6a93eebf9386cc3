"""Character n-gram TF-IDF features, computed with numpy on a whole batch at once.

A ticket's features are its character n-grams of each order (1, 2, 3 by default), one TF-IDF
block per order: sublinear term frequency (1 + ln tf), smooth idf (ln((1+n)/(1+df)) + 1, as
scikit-learn's TfidfVectorizer), each block L2-normalised and scaled by its weight. This is what
scikit-learn's `TfidfVectorizer(analyzer="char", sublinear_tf=True)` computes, but without a
Python loop over characters: a batch is joined into one array of character ids, the n-grams
become 64-bit keys by shifting and or-ing the ids, and the vocabulary is a sorted key array
searched with `np.searchsorted`. That is what makes ≥2,000 tickets per second on one core
possible (jieba's word cutting alone manages a few hundred long tickets per second).

Everything fitted is a plain numpy array (`state()` / `from_state()`), so a model file needs no
pickle.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

_SEP = 0       # between two texts of a batch
_UNKNOWN = 1   # a character not in the fitted alphabet
_FIRST = 2     # ids of known characters start here
_DIGITS = str.maketrans("0123456789", "0000000000")


def _fold(joined: str, fold_digits: bool) -> np.ndarray:
    if fold_digits:
        joined = joined.translate(_DIGITS)
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)


def _char_table(alphabet: np.ndarray) -> np.ndarray:
    """code point → id, for every code point up to the largest one in the alphabet."""
    top = int(alphabet[-1]) if len(alphabet) else 0
    table = np.full(top + 2, _UNKNOWN, dtype=np.uint64)
    table[alphabet] = np.arange(_FIRST, _FIRST + len(alphabet), dtype=np.uint64)
    table[0] = _SEP
    return table


def _ids(texts: list[str], table: np.ndarray, fold_digits: bool) -> np.ndarray:
    """One uint64 array: the character ids of every text, texts separated by _SEP."""
    codes = _fold("\x00".join(texts), fold_digits)
    codes = np.minimum(codes, np.uint32(len(table) - 1))   # beyond the alphabet: the last entry, unknown
    return table[codes]


class KeyIndex:
    """A hash table (open addressing, linear probing) from uint64 keys to their positions, built
    and searched with whole-array numpy operations; a little faster than np.searchsorted."""

    _MULT = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray):
        keys = np.asarray(keys, dtype=np.uint64)
        n = len(keys)
        bits = max(4, (2 * n).bit_length())          # load factor ≤ 1/2
        self.mask = np.uint64((1 << bits) - 1)
        self.shift = np.uint64(64 - bits)
        self.keys = np.zeros(1 << bits, np.uint64)
        self.pos = np.full(1 << bits, -1, np.int32)
        slot = self._hash(keys)
        pending = np.arange(n)
        placed = np.zeros(n, bool)
        while len(pending):
            s = slot[pending]
            free = self.pos[s] < 0
            cand, cand_slot = pending[free], s[free]
            _, first = np.unique(cand_slot, return_index=True)
            won, won_slot = cand[first], cand_slot[first]
            self.keys[won_slot] = keys[won]
            self.pos[won_slot] = won
            placed[won] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + np.uint64(1)) & self.mask

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return (keys * self._MULT) >> self.shift

    def find(self, queries: np.ndarray) -> np.ndarray:
        """The position of each query key, -1 where absent."""
        out = np.full(len(queries), -1, np.int64)
        idx = np.arange(len(queries))
        slot = self._hash(queries)
        while len(idx):
            pos = self.pos[slot]
            hit = (pos >= 0) & (self.keys[slot] == queries)
            out[idx[hit]] = pos[hit]
            going = (pos >= 0) & ~hit
            idx, slot, queries = idx[going], (slot[going] + np.uint64(1)) & self.mask, queries[going]
        return out


def _windows(ids: np.ndarray, order: int, bits: int, cumulative=None):
    """(keys, doc) of every n-gram of `order` made only of known characters. `cumulative` is
    _cumulative(ids), passed in when several orders are taken from the same ids."""
    n = len(ids) - order + 1
    if n <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    bad, doc = cumulative if cumulative is not None else _cumulative(ids)
    ok = (bad[order:order + n] - bad[:n]) == 0
    keys = ids[:n].copy()
    for j in range(1, order):
        keys <<= np.uint64(bits)
        keys |= ids[j:j + n]
    return keys[ok], doc[:n][ok]


def _cumulative(ids: np.ndarray):
    """(count of non-characters before each position, 0 first; the text of each position)."""
    bad = np.zeros(len(ids) + 1, np.int32)
    np.cumsum(ids < _FIRST, out=bad[1:])
    return bad, np.cumsum(ids == _SEP, dtype=np.int32)


class CharNgrams:
    """Fit on training texts, then `transform(texts)` → scipy CSR matrix (float32)."""

    def __init__(self, orders=(1, 2, 3), *, min_df: int = 2, max_df: float = 1.0, max_features: int | None = None,
                 weights=None, fold_digits: bool = False):
        self.orders = tuple(int(o) for o in orders)
        if not self.orders or min(self.orders) < 1 or max(self.orders) > 8:
            raise ValueError("n-gram orders must be between 1 and 8")
        self.min_df = int(min_df)
        self.max_df = float(max_df)
        self.max_features = max_features
        self.weights = tuple(float(w) for w in (weights or [1.0] * len(self.orders)))
        self.fold_digits = bool(fold_digits)
        self.alphabet = np.empty(0, np.uint32)
        self.bits = 1
        self.vocab: list[np.ndarray] = []   # per order: sorted uint64 keys
        self.idf: list[np.ndarray] = []     # per order: float32

    # fitting ------------------------------------------------------------------------------
    def fit(self, texts: list[str]) -> CharNgrams:
        codes = _fold("\x00".join(texts), self.fold_digits)
        chars, counts = np.unique(codes[codes != 0], return_counts=True)
        room = (1 << (64 // max(self.orders))) - _FIRST   # ids must fit `bits` bits
        if len(chars) > room:  # keep the most frequent characters; the rest are unknown
            chars = np.sort(chars[np.argsort(-counts, kind="stable")[:room]])
        self.alphabet = chars.astype(np.uint32)
        self.bits = max(1, math.ceil(math.log2(len(chars) + _FIRST)))
        self._lookups = None
        ids = _ids(texts, _char_table(self.alphabet), self.fold_digits)
        n_docs = len(texts)
        cumulative = _cumulative(ids)
        self.vocab, self.idf = [], []
        dfs = []
        for order in self.orders:
            keys, doc = _windows(ids, order, self.bits, cumulative)
            sort = np.lexsort((doc, keys))
            keys, doc = keys[sort], doc[sort]
            first = np.ones(len(keys), bool)
            first[1:] = (keys[1:] != keys[:-1]) | (doc[1:] != doc[:-1])
            vocab, df = np.unique(keys[first], return_counts=True)
            keep = (df >= self.min_df) & (df <= self.max_df * n_docs)
            self.vocab.append(vocab[keep])
            dfs.append(df[keep])
        total = sum(len(df) for df in dfs)
        if self.max_features and total > self.max_features:  # keep the most frequent n-grams overall
            chosen = np.zeros(total, bool)
            chosen[np.argsort(-np.concatenate(dfs), kind="stable")[: self.max_features]] = True
            start = 0
            for i, df in enumerate(dfs):
                mine = chosen[start:start + len(df)]
                start += len(df)
                self.vocab[i], dfs[i] = self.vocab[i][mine], df[mine]
        for df in dfs:
            self.idf.append((np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32))
        return self

    @property
    def n_features(self) -> int:
        return sum(len(v) for v in self.vocab)

    # transforming -------------------------------------------------------------------------
    _lookups = None

    def _prepare(self):
        """The lookup structures (built on first use, not stored): code point → character id,
        and per order key → position (a direct array for single characters, else a KeyIndex)."""
        if self._lookups is None:
            finders = []
            for order, vocab in zip(self.orders, self.vocab, strict=True):
                if order == 1:
                    direct = np.full(1 << self.bits, -1, np.int64)
                    direct[vocab.astype(np.int64)] = np.arange(len(vocab))
                    finders.append(direct.__getitem__)
                else:
                    finders.append(KeyIndex(vocab).find)
            self._lookups = (_char_table(self.alphabet), finders)
        return self._lookups

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        n_docs = len(texts)
        table, finders = self._prepare()
        ids = _ids(texts, table, self.fold_digits)
        cumulative = _cumulative(ids)
        blocks = []
        for order, vocab, idf, weight, find in zip(self.orders, self.vocab, self.idf, self.weights, finders, strict=True):
            keys, doc = _windows(ids, order, self.bits, cumulative)
            pos = find(keys.astype(np.int64) if order == 1 else keys)
            hit = pos >= 0
            pos, doc = pos[hit], doc[hit]
            m = sp.csr_matrix((np.ones(len(pos), np.float32), (doc, pos)), shape=(n_docs, len(vocab)),
                              dtype=np.float32)
            m.sum_duplicates()
            np.log(m.data, out=m.data)
            m.data += 1.0
            m.data *= idf[m.indices]
            if m.shape[1]:  # a block may be empty (tiny training sets: no n-gram of this order twice)
                normalize(m, copy=False)
            if weight != 1.0:
                m.data *= weight
            blocks.append(m)
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    # names of features (for reasons) ------------------------------------------------------
    def names(self) -> list[str]:
        """The n-gram of every feature column, in column order."""
        out: list[str] = []
        mask = np.uint64((1 << self.bits) - 1)
        for order, vocab in zip(self.orders, self.vocab, strict=True):
            codes = np.empty((len(vocab), order), dtype=np.uint32)
            key = vocab.copy()
            for j in range(order - 1, -1, -1):
                codes[:, j] = self.alphabet[(key & mask).astype(np.int64) - _FIRST]
                key >>= np.uint64(self.bits)
            out.extend(codes.view(f"<U{order}").ravel().tolist())
        return out

    def orders_of_columns(self) -> np.ndarray:
        """The n-gram order of every feature column."""
        return np.concatenate([np.full(len(v), o, np.int8) for o, v in zip(self.orders, self.vocab, strict=True)])

    # storing ------------------------------------------------------------------------------
    def options(self) -> dict:
        return {"orders": list(self.orders), "min_df": self.min_df, "max_df": self.max_df,
                "max_features": self.max_features, "weights": list(self.weights), "fold_digits": self.fold_digits,
                "bits": self.bits}

    def arrays(self) -> dict[str, np.ndarray]:
        out = {"alphabet": self.alphabet}
        for i, (vocab, idf) in enumerate(zip(self.vocab, self.idf, strict=True)):
            out[f"vocab{i}"] = vocab
            out[f"idf{i}"] = idf
        return out

    @classmethod
    def restore(cls, options: dict, arrays: dict[str, np.ndarray]) -> CharNgrams:
        """From options() and arrays(); ValueError when they do not fit together."""
        self = cls(options["orders"], min_df=options["min_df"], max_df=options["max_df"],
                   max_features=options["max_features"], weights=options["weights"],
                   fold_digits=options["fold_digits"])
        self.bits = int(options["bits"])
        self.alphabet = np.asarray(arrays["alphabet"], dtype=np.uint32)
        self.vocab = [np.asarray(arrays[f"vocab{i}"], dtype=np.uint64) for i in range(len(self.orders))]
        self.idf = [np.asarray(arrays[f"idf{i}"], dtype=np.float32) for i in range(len(self.orders))]
        if (len(self.weights) != len(self.orders) or not 1 <= self.bits <= 32
                or self.bits * max(self.orders) > 64 or len(self.alphabet) + _FIRST > (1 << self.bits)
                or np.any(np.diff(self.alphabet.astype(np.int64)) <= 0) or 0 in self.alphabet[:1]):
            raise ValueError("inconsistent alphabet")
        for order, vocab, idf in zip(self.orders, self.vocab, self.idf, strict=True):
            if (vocab.ndim != 1 or idf.shape != vocab.shape or np.any(vocab[1:] <= vocab[:-1])
                    or (len(vocab) and int(vocab[-1]) >> (self.bits * order))):
                raise ValueError("inconsistent vocabulary")
            if order == 1 and len(vocab) and (int(vocab[0]) < _FIRST or int(vocab[-1]) >= len(self.alphabet) + _FIRST):
                raise ValueError("inconsistent vocabulary")
        return self


class FeatureSet:
    """The whole text's n-grams, plus (head > 0) the n-grams of its first `head` characters as a
    block of their own: a ticket's text starts with its title (留言主题, the product's "title
    description"), which says more about the category than the rest."""

    def __init__(self, body: CharNgrams, head: CharNgrams | None = None, head_chars: int = 0):
        self.body = body
        self.head = head if head_chars else None
        self.head_chars = int(head_chars) if head is not None else 0

    @classmethod
    def build(cls, *, orders, weights, min_df, max_df, max_features, head_chars=0, head_orders=(1, 2),
              head_weight=0.5) -> FeatureSet:
        body = CharNgrams(orders, min_df=min_df, max_df=max_df, max_features=max_features, weights=weights)
        head = (CharNgrams(head_orders, min_df=min_df, weights=[head_weight] * len(head_orders))
                if head_chars else None)
        return cls(body, head, head_chars)

    def _heads(self, texts):
        return [t[: self.head_chars] for t in texts]

    def fit(self, texts: list[str]) -> FeatureSet:
        self.body.fit(texts)
        if self.head is not None:
            self.head.fit(self._heads(texts))
        return self

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        x = self.body.transform(texts)
        if self.head is None:
            return x
        return sp.hstack([x, self.head.transform(self._heads(texts))], format="csr", dtype=np.float32)

    @property
    def n_features(self) -> int:
        return self.body.n_features + (self.head.n_features if self.head is not None else 0)

    def names(self) -> list[str]:
        return self.body.names() + (self.head.names() if self.head is not None else [])

    def orders_of_columns(self) -> np.ndarray:
        parts = [self.body.orders_of_columns()]
        if self.head is not None:
            parts.append(self.head.orders_of_columns())
        return np.concatenate(parts)

    def options(self) -> dict:
        out = {"body": self.body.options(), "head_chars": self.head_chars}
        if self.head is not None:
            out["head"] = self.head.options()
        return out

    def arrays(self) -> dict[str, np.ndarray]:
        out = {f"body_{k}": v for k, v in self.body.arrays().items()}
        if self.head is not None:
            out.update({f"head_{k}": v for k, v in self.head.arrays().items()})
        return out

    @classmethod
    def restore(cls, options: dict, arrays: dict[str, np.ndarray]) -> FeatureSet:
        def part(prefix):
            return {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}

        body = CharNgrams.restore(options["body"], part("body_"))
        head_chars = int(options.get("head_chars") or 0)
        head = CharNgrams.restore(options["head"], part("head_")) if head_chars else None
        if head_chars < 0:
            raise ValueError("negative head")
        return cls(body, head, head_chars)
