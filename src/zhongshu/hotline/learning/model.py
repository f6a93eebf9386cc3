"""The ticket classifier: character n-gram TF-IDF + a linear SVM, with calibrated confidences.

    model = train(texts, labels)                 # any label set with ≥ 2 classes
    [s] = model.predict(["A市A5区某路井盖破损，车辆经过很危险"])
    s.label, s.confidence, s.reasons, s.needs_person   # "城乡建设", 0.83, ["井盖", "破损", …], False

Pipeline (chosen by cross-validated macro-F1 on the 12345 sample data, see bench/RESULTS.md):
- text: `text.normalise` (NFKC, whitespace);
- features: character 1-, 2- and 3-grams of the whole text, one TF-IDF block each (sublinear
  tf, min_df 2, max_df 0.5, at most 200,000 n-grams), L2-normalised and weighted 0.7 / 1 / 1;
  plus the 1- and 2-grams of the first 60 characters (where the title is) as a block weighted
  0.5 each;
- classifier: scikit-learn's LinearSVC (C 0.7, balanced class weights), one-vs-rest;
- confidence: softmax of the SVM scores divided by a temperature, the temperature fitted on
  out-of-fold scores of the training data (3-fold) so that the confidences are calibrated;
- reasons: the n-grams of the text that add most to the winning class's score, preferring
  words of jieba's dictionary, overlapping ones left out.

After training only numpy arrays remain (the alphabet, the n-gram keys, idf, the weights), and
classifying is a few vectorised numpy/scipy operations on the whole batch: no jieba, no Python
loop over characters, no scikit-learn object (a model file does not depend on the scikit-learn
version that wrote it).
"""

from __future__ import annotations

import math
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from zhongshu.core.errors import UserError

from .features import FeatureSet
from .text import normalise

DEFAULT_THRESHOLD = 0.6
MIN_ROWS = 10
DEFAULTS = {
    "orders": (1, 2, 3),
    "weights": (0.7, 1.0, 1.0),
    "min_df": 2,
    "max_df": 0.5,
    "max_features": 200_000,
    "head_chars": 60,
    "head_weight": 0.5,
    "C": 0.7,
    "class_weight": "balanced",
    "calibration_folds": 3,
    "seed": 0,
    "reasons": 5,
}


@dataclass(frozen=True)
class Suggestion:
    """What the model suggests for one text.

    label: the suggested class ("" for an empty text); confidence: its probability (0..1);
    reasons: the words of the text that drove the decision, strongest first; contributions:
    (word, share of the score) for the same words; alternatives: the best three (label,
    probability); needs_person: the confidence is below the model's threshold, or the text holds
    no n-gram of two or more characters that the model knows (then the scores say nothing).
    """

    label: str
    confidence: float
    reasons: list[str] = field(default_factory=list)
    needs_person: bool = True
    contributions: list[tuple[str, float]] = field(default_factory=list)
    alternatives: list[tuple[str, float]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"label": self.label, "confidence": round(self.confidence, 3), "reasons": list(self.reasons),
                "needs_person": self.needs_person,
                "alternatives": [[label, round(p, 3)] for label, p in self.alternatives]}


class TextClassifier:
    """A trained model (see the module docstring). Build it with `train`, store it with `save`."""

    def __init__(self, features: FeatureSet, labels, coef: np.ndarray, intercept: np.ndarray, *,
                 temperature: float = 1.0, threshold: float = DEFAULT_THRESHOLD, word_flags=None,
                 meta: dict | None = None):
        self.features = features
        self.labels = [str(label) for label in labels]
        self.coef_t = np.ascontiguousarray(np.asarray(coef, dtype=np.float32).T)   # (features, classes)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.temperature = float(temperature)
        self.threshold = float(threshold)
        self.word_flags = (np.ones(self.coef_t.shape[0], bool) if word_flags is None
                           else np.asarray(word_flags, dtype=bool))
        self.meta = dict(meta or {})
        self._names = None

    def __repr__(self) -> str:
        return (f"<TextClassifier {len(self.labels)} classes, {self.features.n_features} n-grams, "
                f"threshold {self.threshold:g}>")

    # scoring ------------------------------------------------------------------------------
    def _prepare(self, texts) -> list[str]:
        if isinstance(texts, str):
            raise TypeError("predict() takes a list of texts, not one string")
        return [normalise(t) for t in texts]

    def scores(self, texts, *, normalised: bool = False):
        """(feature matrix, SVM scores (n, classes)) of a batch."""
        clean = list(texts) if normalised else self._prepare(texts)
        x = self.features.transform(clean)
        return x, np.asarray(x @ self.coef_t) + self.intercept

    def probabilities(self, texts) -> np.ndarray:
        """Calibrated class probabilities, (n, classes), columns in the order of `labels`."""
        return _softmax(self.scores(texts)[1] / self.temperature)

    def predict_labels(self, texts) -> list[str]:
        """Only the labels (the fastest path: no reasons)."""
        _, s = self.scores(texts)
        return [self.labels[i] for i in s.argmax(axis=1)]

    def predict(self, texts, *, threshold: float | None = None, reasons: int | None = None) -> list[Suggestion]:
        """A Suggestion per text, in order (`reasons`: how many words to give, default 5)."""
        threshold = self.threshold if threshold is None else float(threshold)
        n_reasons = DEFAULTS["reasons"] if reasons is None else int(reasons)
        clean = self._prepare(texts)
        x, s = self.scores(clean, normalised=True)
        p = _softmax(s / self.temperature)
        best = p.argmax(axis=1)
        top = np.argsort(-p, axis=1)[:, :3]
        why = self._reasons(x, best, n_reasons) if n_reasons > 0 else [[] for _ in clean]
        evidence = self._evidence(x).tolist()
        labels = self.labels
        out = []
        for text, k, row, ranks, reasons, known in zip(clean, best.tolist(), p.tolist(), top.tolist(), why, evidence,
                                                       strict=True):
            if not text:
                out.append(Suggestion(label="", confidence=0.0, needs_person=True))
                continue
            conf = row[k]
            out.append(Suggestion(
                label=labels[k], confidence=conf, needs_person=conf < threshold or not known,
                reasons=[w for w, _ in reasons], contributions=reasons,
                alternatives=[(labels[j], row[j]) for j in ranks]))
        return out

    def _evidence(self, x) -> np.ndarray:
        """Per text, how many of its n-grams of two or more characters the model knows. A text with
        none (nothing like any ticket it learned from) is left to a person whatever its confidence:
        the score is then only the classes' intercepts."""
        _, eligible = self._reason_names()
        rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
        return np.bincount(rows[eligible[x.indices]], minlength=x.shape[0])

    def _reasons(self, x, best: np.ndarray, n: int) -> list[list[tuple[str, float]]]:
        """Per text, up to n (n-gram, share) that add most to the winning class's score: n-grams of
        two or more characters, jieba dictionary words first, none contained in another."""
        n_docs = x.shape[0]
        rows = np.repeat(np.arange(n_docs), np.diff(x.indptr))
        k = self.coef_t.shape[1]
        contrib = x.data * self.coef_t.ravel()[x.indices.astype(np.int64) * k + best[rows]]
        total = np.bincount(rows, weights=np.abs(contrib), minlength=n_docs)
        total[total == 0] = 1.0
        names, eligible = self._reason_names()
        keep = (contrib > 0) & eligible[x.indices]
        r, c, v = rows[keep], x.indices[keep], contrib[keep]
        order = np.argsort(r * 2.0 + (1.0 - v / v.max())) if len(v) else np.arange(0)  # by text, strongest first
        r, c, v = r[order], c[order], v[order]
        rank = np.arange(len(r)) - np.searchsorted(r, r)
        limit = 6 * n + 10
        near = rank < limit
        r, c, v = r[near], c[near], v[near]
        bounds = np.searchsorted(r, np.arange(n_docs + 1)).tolist()
        cols = c.tolist()
        shares = np.round(v / total[r], 4).tolist()
        flags = self.word_flags[c].tolist()
        out = []
        for i in range(n_docs):
            chosen: list[tuple[str, float]] = []
            spare: list[tuple[str, float]] = []
            for j in range(bounds[i], bounds[i + 1]):
                name = names[cols[j]]
                if any(name in got or got in name for got, _ in chosen):
                    continue
                if flags[j]:
                    chosen.append((name, shares[j]))
                    if len(chosen) == n:
                        break
                elif len(spare) < n:
                    spare.append((name, shares[j]))
            for name, value in spare:  # few dictionary words: fill up with the strongest other n-grams
                if len(chosen) >= n:
                    break
                if not any(name in got or got in name for got, _ in chosen):
                    chosen.append((name, value))
            chosen.sort(key=lambda pair: -pair[1])
            out.append(chosen)
        return out

    def _reason_names(self):
        if self._names is None:
            names = self.features.names()
            eligible = (self.features.orders_of_columns() >= 2) & np.array([bool(n.strip()) for n in names])
            self._names = (names, eligible)
        return self._names


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


# training -----------------------------------------------------------------------------------
def _options(options: dict) -> dict:
    unknown = set(options) - set(DEFAULTS) - {"threshold"}
    if unknown:
        raise TypeError(f"unknown training options: {', '.join(sorted(unknown))}")
    merged = {**DEFAULTS, **{k: v for k, v in options.items() if k != "threshold"}}
    merged["orders"] = tuple(merged["orders"])
    merged["weights"] = tuple(merged["weights"])
    return merged


def clean_rows(texts, labels) -> tuple[list[str], list[str], int]:
    """(normalised texts, labels, rows left out) — rows with an empty text or label are left out."""
    texts, labels = list(texts), list(labels)
    if len(texts) != len(labels):
        raise UserError(f"文本与标签数量不一致：{len(texts)} 条文本，{len(labels)} 个标签", code="learning_mismatch")
    out_t, out_l = [], []
    for text, label in zip(texts, labels, strict=True):
        text, label = normalise(text), normalise(label)
        if text and label:
            out_t.append(text)
            out_l.append(label)
    return out_t, out_l, len(texts) - len(out_t)


def check_trainable(labels: list[str], minimum_rows: int = MIN_ROWS) -> None:
    classes = Counter(labels)
    if len(labels) < minimum_rows:
        raise UserError(f"训练数据太少：至少需要 {minimum_rows} 条有文本、有标签的记录，现有 {len(labels)} 条",
                        code="learning_too_few_rows")
    if len(classes) < 2:
        only = f"（只有“{next(iter(classes))}”）" if classes else ""
        raise UserError(f"至少需要 2 个类别才能训练，现有 {len(classes)} 个{only}", code="learning_too_few_classes")


def _fit_linear(x, y: np.ndarray, n_classes: int, opts: dict):
    from sklearn.svm import LinearSVC

    svm = LinearSVC(C=float(opts["C"]), class_weight=opts["class_weight"], random_state=int(opts["seed"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning on tiny data sets
        svm.fit(x, y)
    coef, intercept = svm.coef_.astype(np.float32), svm.intercept_.astype(np.float32)
    if n_classes == 2:  # one score d for class 1: scores (-d/2, d/2), so that softmax = sigmoid(d)
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2], dtype=np.float32)
    return coef, intercept


def _fit(texts: list[str], y: np.ndarray, n_classes: int, opts: dict):
    features = FeatureSet.build(orders=opts["orders"], weights=opts["weights"], min_df=opts["min_df"],
                                max_df=opts["max_df"], max_features=opts["max_features"],
                                head_chars=opts["head_chars"], head_weight=opts["head_weight"])
    x = features.fit(texts).transform(texts)
    coef, intercept = _fit_linear(x, y, n_classes, opts)
    return features, coef, intercept


def _temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The temperature T minimising the log loss of softmax(scores / T) (searched on log T)."""
    from scipy.optimize import minimize_scalar

    rows = np.arange(len(y))

    def loss(log_t):
        p = _softmax(scores / math.exp(log_t))
        return -float(np.log(np.maximum(p[rows, y], 1e-12)).mean())

    found = minimize_scalar(loss, bounds=(math.log(0.01), math.log(10.0)), method="bounded")
    return float(math.exp(found.x))


def _calibrate(texts: list[str], y: np.ndarray, n_classes: int, opts: dict) -> float:
    from sklearn.model_selection import StratifiedKFold

    smallest = int(np.bincount(y, minlength=n_classes).min())
    folds = min(int(opts["calibration_folds"]), smallest)
    if folds < 2:
        return 1.0
    scores = np.zeros((len(y), n_classes), dtype=np.float64)
    split = StratifiedKFold(folds, shuffle=True, random_state=int(opts["seed"]))
    for train_idx, held_idx in split.split(np.zeros(len(y)), y):
        part = [texts[i] for i in train_idx]
        if len(np.unique(y[train_idx])) < n_classes:
            return 1.0
        features, coef, intercept = _fit(part, y[train_idx], n_classes, opts)
        x = features.transform([texts[i] for i in held_idx])
        scores[held_idx] = np.asarray(x @ coef.T) + intercept
    return _temperature(scores, y)


def _word_flags(features: FeatureSet) -> np.ndarray:
    try:
        from .text import is_word

        return np.array([is_word(name) for name in features.names()], dtype=bool)
    except Exception:  # no jieba dictionary: every n-gram may be a reason
        return np.ones(features.n_features, bool)


def train(texts, labels, **options) -> TextClassifier:
    """Train on (text, label) pairs; rows with an empty text or label are left out.

    options: threshold (default 0.6), C, orders, weights, min_df, max_df, max_features,
    class_weight, calibration_folds, seed, reasons (see DEFAULTS). Raises UserError (Chinese
    message) for fewer than MIN_ROWS usable rows or fewer than 2 classes.
    """
    threshold = float(options.get("threshold", DEFAULT_THRESHOLD))
    if not 0.0 <= threshold <= 1.0:
        raise UserError(f"置信度阈值应在 0 到 1 之间，收到 {threshold:g}", code="learning_bad_threshold")
    opts = _options(options)
    started = time.perf_counter()
    texts, labels, dropped = clean_rows(texts, labels)
    check_trainable(labels)
    classes = sorted(set(labels))
    index = {label: i for i, label in enumerate(classes)}
    y = np.array([index[label] for label in labels])
    features, coef, intercept = _fit(texts, y, len(classes), opts)
    temperature = _calibrate(texts, y, len(classes), opts)
    counts = Counter(labels)
    meta = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": len(labels),
        "rows_left_out": dropped,
        "class_counts": {label: counts[label] for label in classes},
        "options": {k: list(v) if isinstance(v, tuple) else v for k, v in opts.items()},
        "seconds": round(time.perf_counter() - started, 2),
    }
    return TextClassifier(features, classes, coef, intercept, temperature=temperature, threshold=threshold,
                          word_flags=_word_flags(features), meta=meta)
