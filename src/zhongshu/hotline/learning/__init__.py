"""Learned suggestions for 12345 tickets: a text classifier trained on this deployment's own
past tickets (once for the category, once for the handling unit), with a confidence, the words
that drove it, and "ask a person" below a threshold.

    from zhongshu.hotline.learning import train, save, load, load_or_none, cross_validate

    model = train(texts, labels, threshold=0.6)   # UserError (Chinese) for < 2 classes / < 10 rows
    save(model, path)
    model = load(path)                            # ModelUnavailable: missing/corrupt/foreign/version
    model = load_or_none(path)                    # None (logged) instead: suggestions off
    for s in model.predict(texts):
        s.label, s.confidence, s.reasons, s.needs_person
    cross_validate(texts, labels, folds=5, seed=0)   # {"macro_f1", "accuracy", "per_class", …}

The pipeline and its measured quality and speed: model.py and bench/RESULTS.md. The command
line (`zhongshu hotline train | classify | evaluate`): management/commands/hotline.py.
"""

from .evaluate import cross_validate
from .model import DEFAULT_THRESHOLD, MIN_ROWS, Suggestion, TextClassifier, train
from .store import FORMAT, VERSION, ModelUnavailable, load, load_or_none, read_header, save
from .text import normalise

__all__ = [
    "DEFAULT_THRESHOLD", "FORMAT", "MIN_ROWS", "VERSION", "ModelUnavailable", "Suggestion", "TextClassifier",
    "cross_validate", "load", "load_or_none", "normalise", "read_header", "save", "train",
]
