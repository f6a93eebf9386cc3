"""12345 智能分类: the classifier's quality and speed on the shared sample data.

    python -m bench hotline_classifier [--folds 5] [--seed 0] [--copies 4]

1. quality: stratified --folds cross-validation on ../shared/data/hotline_labelled.csv (the same
   code as `zhongshu hotline evaluate`): macro-F1, accuracy, per class, and what the confidence
   threshold leaves to people;
2. speed on one core (the process is pinned to CPU 0): a model trained on the whole labelled file
   classifies the messages of hotline_unlabelled.csv (title + details), repeated --copies times,
   in batches of 5,000 with the reasons (what `zhongshu hotline classify` does), and one at a time
   (what intake does for each new ticket).
Prints a Markdown block for bench/RESULTS.md. Reads the shared data at run time; stores nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime

from bench.sample_data import read_csv

DESCRIPTION = "热线智能分类：交叉验证 macro-F1 与单核分类速度（≥ 2,000 条/秒）"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hotline_classifier", description=DESCRIPTION)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copies", type=int, default=4, help="how many times the unlabelled file is classified")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    os.environ.setdefault("ZHONGSHU_ALLOW_INSECURE_KEY", "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    from zhongshu.hotline.learning import cross_validate, train

    labelled = read_csv("hotline_labelled.csv")
    texts, labels = [r["text"] for r in labelled], [r["label"] for r in labelled]
    cv = cross_validate(texts, labels, folds=args.folds, seed=args.seed)

    started = time.perf_counter()
    model = train(texts, labels)
    train_s = time.perf_counter() - started
    incoming = [(r.get("留言主题") or "") + (r.get("留言详情") or "") for r in read_csv("hotline_unlabelled.csv")]
    batch_texts = incoming * args.copies
    model.predict(incoming[:100])  # warm-up (the n-gram names for reasons are built once)
    started = time.perf_counter()
    for start in range(0, len(batch_texts), 5000):
        model.predict(batch_texts[start:start + 5000])
    batch_s = time.perf_counter() - started
    one = []
    for text in incoming[:1000]:
        t0 = time.perf_counter()
        model.predict([text])
        one.append((time.perf_counter() - t0) * 1000)
    one.sort()

    w = print
    w(f"## hotline_classifier — 12345 智能分类: quality and speed ({datetime.now(UTC):%Y-%m-%d})\n")
    w(f"    python -m bench hotline_classifier --folds {args.folds} --seed {args.seed} --copies {args.copies}\n")
    w(f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), pinned to one core; "
      f"Python {platform.python_version()}.\n")
    w(f"Quality: {cv['folds']}-fold stratified cross-validation on hotline_labelled.csv, {cv['rows']} rows, "
      f"{len(cv['per_class'])} classes, {cv['seconds']:.1f} s.\n")
    w("| | value |\n|---|---|")
    w(f"| macro-F1 | **{cv['macro_f1']:.4f}** |")
    w(f"| accuracy | {cv['accuracy']:.4f} |")
    w(f"| macro-F1 per fold | {' / '.join(f'{f:.4f}' for f in cv['fold_macro_f1'])} |")
    w(f"| macro-F1 spread of folds | {statistics.pstdev(cv['fold_macro_f1']):.4f} (population sd) |\n")
    w("| class | precision | recall | F1 | rows |\n|---|---|---|---|---|")
    for label, m in cv["per_class"].items():
        w(f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |")
    w("\n| threshold | suggested directly | of those right |\n|---|---|---|")
    for t, m in cv["at_threshold"].items():
        right = "—" if m["accuracy_automatic"] is None else f"{m['accuracy_automatic']:.1%}"
        w(f"| {t:g} | {m['share_automatic']:.1%} | {right} |")
    w(f"\nSpeed (one core): training on all {len(texts)} rows {train_s:.1f} s "
      f"({model.features.n_features:,} n-grams). Classifying {len(batch_texts):,} messages "
      f"(hotline_unlabelled.csv × {args.copies}, mean {statistics.mean(map(len, incoming)):.0f} characters) "
      f"in batches of 5,000 with reasons: {batch_s:.2f} s = **{len(batch_texts) / batch_s:,.0f} tickets/s** "
      f"(goal ≥ 2,000). One at a time (intake): p50 {one[len(one) // 2]:.2f} ms, "
      f"p95 {one[int(len(one) * 0.95)]:.2f} ms over {len(one)} tickets.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
