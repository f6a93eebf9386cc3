"""Stratified k-fold cross-validation of the classifier on labelled data.

Each fold trains a complete model (features, SVM and temperature) on the other folds only, so
nothing of the held-out fold leaks into it; the predictions of all folds are pooled and scored
once (macro-F1 = the unweighted mean of the per-class F1).
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

from zhongshu.core.errors import UserError

from .model import check_trainable, clean_rows, train


def cross_validate(texts, labels, folds: int = 5, seed: int = 0, *, thresholds=(0.5, 0.6, 0.7, 0.8),
                   **options) -> dict:
    """{"macro_f1", "accuracy", "per_class": {label: {precision, recall, f1, support}},
    "fold_macro_f1": [...], "rows", "rows_left_out", "folds", "seconds",
    "at_threshold": {t: {"share_automatic", "accuracy_automatic"}}}.

    options go to `train` (each fold's model); at_threshold tells, for each confidence
    threshold, the share of tickets the model would suggest without asking a person and how
    often those suggestions are right.
    """
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
    from sklearn.model_selection import StratifiedKFold

    folds = int(folds)
    if folds < 2:
        raise UserError("交叉验证至少需要 2 折", code="learning_bad_folds")
    texts, labels, dropped = clean_rows(texts, labels)
    check_trainable(labels)
    counts = Counter(labels)
    rare = sorted(label for label, n in counts.items() if n < folds)
    if rare:
        listed = "、".join(f"“{label}”（{counts[label]} 条）" for label in rare[:10])
        raise UserError(f"{folds} 折分层交叉验证要求每个类别至少 {folds} 条记录，以下类别不足：{listed}",
                        code="learning_class_too_small")
    started = time.perf_counter()
    y = np.array(labels, dtype=object)
    predicted = np.empty(len(y), dtype=object)
    confidence = np.zeros(len(y))
    fold_f1 = []
    split = StratifiedKFold(folds, shuffle=True, random_state=int(seed))
    for train_idx, test_idx in split.split(np.zeros(len(y)), y):
        model = train([texts[i] for i in train_idx], list(y[train_idx]), seed=seed, **options)
        held = [texts[i] for i in test_idx]
        p = model.probabilities(held)
        predicted[test_idx] = [model.labels[k] for k in p.argmax(axis=1)]
        confidence[test_idx] = p.max(axis=1)
        fold_f1.append(float(f1_score(y[test_idx], predicted[test_idx], average="macro")))
    classes = sorted(counts)
    precision, recall, f1, support = precision_recall_fscore_support(y, predicted, labels=classes, zero_division=0)
    right = predicted == y
    at_threshold = {}
    for t in thresholds:
        sure = confidence >= t
        at_threshold[float(t)] = {"share_automatic": float(sure.mean()),
                                  "accuracy_automatic": float(right[sure].mean()) if sure.any() else None}
    return {
        "macro_f1": float(f1_score(y, predicted, labels=classes, average="macro")),
        "accuracy": float(accuracy_score(y, predicted)),
        "per_class": {label: {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]),
                              "support": int(support[i])} for i, label in enumerate(classes)},
        "fold_macro_f1": fold_f1,
        "rows": len(labels),
        "rows_left_out": dropped,
        "folds": folds,
        "seed": int(seed),
        "seconds": round(time.perf_counter() - started, 2),
        "at_threshold": at_threshold,
    }
