"""zhongshu hotline train | classify | evaluate — the ticket classifier on anyone's own CSV data.

    zhongshu hotline train --csv FILE --text-col text --label-col label --model OUT [--threshold 0.6]
    zhongshu hotline classify --model OUT --csv IN --text-col text --out PREDICTIONS.csv
    zhongshu hotline evaluate --csv FILE --text-col text --label-col label [--folds 5] [--seed 0]
    zhongshu hotline retrain
    zhongshu hotline drain [--once] [--batch 500] [--poll 0.2]

train:    trains on the labelled rows and writes the model file (atomically: a temporary file,
          then a rename, so a running intake never reads half a file).
classify: writes the input's columns plus `predicted`, `confidence` (3 decimals) and `reasons`
          (the words that drove it, joined with "、"); columns of those names already in the input
          are overwritten. Rows with an empty text keep empty cells (counted on stderr).
retrain:  the models intake uses (category and unit), from this deployment's own decided tickets
          (hotline.training.retrain, also the worker's daily job).
drain:    files the Open311 requests queued while ZHONGSHU_OPEN311_QUEUE is on (intake_queue.py),
          in batches, until stopped (SIGTERM/SIGINT: the current batch commits, then it exits);
          --once drains what is queued and ends. Run one or more next to the web processes.
          On PostgreSQL a second thread merges the search index's new entries after each batch.
evaluate: stratified k-fold cross-validation (each fold's model trained on the other folds
          only); prints macro-F1 and accuracy, then per-class figures and what the confidence
          threshold would leave to people.
CSV files: UTF-8 with or without BOM, else GB18030; output is UTF-8 with BOM (opens in Excel).
Rows with an empty text (or, for train/evaluate, an empty label) are left out and counted.

Adding a subcommand: add (name, help) to ACTIONS, and two methods: `args_<name>(parser)` for its
arguments and `do_<name>(**options)` for the work (a "-" in the name becomes "_").
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import CommandError

from zhongshu.workcal.management.zhcommand import ZhCommand, zh_subparsers

REASON_SEPARATOR = "、"
OUTPUT_COLUMNS = ("predicted", "confidence", "reasons")
BATCH = 5000


def _method(name: str) -> str:
    return name.replace("-", "_")


class Command(ZhCommand):
    help = "12345 热线：train 训练 | classify 批量分类 | evaluate 交叉验证 | retrain 重训 | drain 登记受理队列"

    ACTIONS = [
        ("train", "用已标注的 CSV 训练分类模型（类别或承办单位），写入模型文件"),
        ("classify", "用模型为 CSV 的每一行给出建议（predicted、confidence、reasons 三列）"),
        ("evaluate", "分层 k 折交叉验证，输出 macro-F1 与准确率"),
        ("retrain", "用本系统已办结的工单重新训练受理时使用的分类与承办单位模型（即后台每日任务）"),
        ("drain", "持续登记 Open311 受理队列中的诉求（ZHONGSHU_OPEN311_QUEUE 开启时运行）"),
    ]

    def add_arguments(self, parser):
        names = [name for name, _ in self.ACTIONS]
        sub = zh_subparsers(parser, dest="action", metavar="{" + ",".join(names) + "}")
        sub.required = True
        for name, help_text in self.ACTIONS:
            getattr(self, f"args_{_method(name)}")(sub.add_parser(name, help=help_text, description=help_text))

    def handle(self, *args, action, **options):
        getattr(self, f"do_{_method(action)}")(**options)

    # train ------------------------------------------------------------------------------
    def args_train(self, parser):
        parser.add_argument("--csv", required=True, metavar="FILE", help="已标注的 CSV 文件")
        parser.add_argument("--text-col", default="text", help="文本所在列（默认 text）")
        parser.add_argument("--label-col", default="label", help="标签所在列（默认 label）")
        parser.add_argument("--model", required=True, metavar="OUT", help="模型文件的写入路径")
        parser.add_argument("--threshold", default=None,
                            help="置信度阈值，低于它的建议交人工判断（0～1，默认 0.6）")

    def do_train(self, csv, text_col, label_col, model, threshold=None, **_):
        from zhongshu.hotline.learning import DEFAULT_THRESHOLD, save, train

        threshold = DEFAULT_THRESHOLD if threshold is None else _fraction("--threshold", threshold)
        texts, labels = self._labelled(csv, text_col, label_col)
        started = time.perf_counter()
        trained = train(texts, labels, threshold=threshold)
        seconds = time.perf_counter() - started
        out = Path(model)
        if out.is_dir():
            raise CommandError(f"--model 应为文件路径，“{model}”是一个目录")
        if not out.parent.exists():
            raise CommandError(f"模型文件所在目录不存在：{out.parent}")
        try:
            save(trained, out)
        except OSError as exc:
            raise CommandError(f"无法写入模型文件：{model}（{exc.strerror or exc}）") from None
        counts = trained.meta["class_counts"]
        self.stdout.write(f"已训练：{trained.meta['rows']} 条记录，{len(counts)} 个类别，"
                          f"{trained.features.n_features} 个字符 n-gram，用时 {seconds:.1f} 秒")
        for label, n in sorted(counts.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {label}：{n}")
        self.stdout.write(f"模型已写入 {model}（置信度阈值 {trained.threshold:g}）")

    # classify ---------------------------------------------------------------------------
    def args_classify(self, parser):
        parser.add_argument("--model", required=True, metavar="MODEL", help="train 写出的模型文件")
        parser.add_argument("--csv", required=True, metavar="IN", help="待分类的 CSV 文件")
        parser.add_argument("--text-col", default="text", help="文本所在列（默认 text）")
        parser.add_argument("--out", required=True, metavar="PREDICTIONS.csv", help="结果写入的 CSV 文件")

    def do_classify(self, model, csv, text_col, out, **_):
        from zhongshu.hotline.learning import load
        from zhongshu.hotline.learning.tables import read_table, write_table

        classifier = load(model)   # ModelUnavailable (Chinese) when missing / corrupt / foreign
        table = read_table(csv)
        col = table.column(text_col, what="文本列")
        columns = list(table.columns)
        where = {}
        for name in OUTPUT_COLUMNS:
            if name not in columns:
                columns.append(name)
            where[name] = columns.index(name)
        started = time.perf_counter()
        rows, empty, unsure = [], 0, 0
        for start in range(0, len(table.rows), BATCH):
            chunk = table.rows[start:start + BATCH]
            for row, s in zip(chunk, classifier.predict([r[col] for r in chunk]), strict=True):
                row = row + [""] * (len(columns) - len(row))
                if s.label:
                    row[where["predicted"]] = s.label
                    row[where["confidence"]] = f"{s.confidence:.3f}"
                    row[where["reasons"]] = REASON_SEPARATOR.join(s.reasons)
                    unsure += s.needs_person
                else:
                    empty += 1
                    for name in OUTPUT_COLUMNS:
                        row[where[name]] = ""
                rows.append(row)
        seconds = time.perf_counter() - started
        written = write_table(out, columns, rows)
        if empty:
            self.stderr.write(f"提示：{empty} 行的“{text_col}”为空，未分类（结果留空）")
        rate = f"，每秒 {written / seconds:,.0f} 条" if seconds > 0 and written else ""
        self.stdout.write(f"已分类 {written - empty} 条{rate}；结果写入 {out}")
        self.stdout.write(f"其中 {unsure} 条置信度低于阈值 {classifier.threshold:g}，需人工判断")

    # evaluate ---------------------------------------------------------------------------
    def args_evaluate(self, parser):
        parser.add_argument("--csv", required=True, metavar="FILE", help="已标注的 CSV 文件")
        parser.add_argument("--text-col", default="text", help="文本所在列（默认 text）")
        parser.add_argument("--label-col", default="label", help="标签所在列（默认 label）")
        parser.add_argument("--folds", default="5", help="折数（默认 5）")
        parser.add_argument("--seed", default="0", help="划分的随机种子（默认 0）")

    def do_evaluate(self, csv, text_col, label_col, folds="5", seed="0", **_):
        from zhongshu.hotline.learning import cross_validate

        folds, seed = _integer("--folds", folds, 2), _integer("--seed", seed, 0)
        texts, labels = self._labelled(csv, text_col, label_col)
        result = cross_validate(texts, labels, folds=folds, seed=seed)
        w = self.stdout.write
        w(f"{result['folds']} 折分层交叉验证：{result['rows']} 条记录，{len(result['per_class'])} 个类别，"
          f"用时 {result['seconds']:.1f} 秒")
        w(f"macro-F1（宏平均 F1）：{result['macro_f1']:.4f}")
        w(f"accuracy（准确率）：{result['accuracy']:.4f}")
        w("各折 macro-F1：" + "  ".join(f"{f:.4f}" for f in result["fold_macro_f1"]))
        w("各类别（precision 查准率 / recall 查全率 / F1 / 条数）：")
        width = max(len(label) for label in result["per_class"])
        for label, m in result["per_class"].items():
            pad = " " * (2 * (width - len(label)))
            w(f"  {label}{pad}  {m['precision']:.3f}  {m['recall']:.3f}  {m['f1']:.3f}  {m['support']}")
        w("置信度阈值（≥ 阈值者直接建议，其余交人工）：")
        for t, m in result["at_threshold"].items():
            right = "—" if m["accuracy_automatic"] is None else f"{m['accuracy_automatic']:.1%}"
            w(f"  {t:g}：直接建议 {m['share_automatic']:.1%}，其中正确 {right}")

    # retrain ----------------------------------------------------------------------------
    def args_retrain(self, parser):
        pass

    def do_retrain(self, **_):
        from zhongshu.hotline.suggest import model_dir
        from zhongshu.hotline.training import retrain

        self.stdout.write(retrain())
        self.stdout.write(f"模型目录：{model_dir()}")

    # drain ------------------------------------------------------------------------------
    def args_drain(self, parser):
        parser.add_argument("--once", action="store_true", help="登记完队列中现有的诉求后退出")
        parser.add_argument("--batch", default="500", help="每批登记件数（默认 500）")
        parser.add_argument("--poll", default="0.2", help="队列为空时的等待秒数（默认 0.2）")

    def do_drain(self, *, once=False, batch="500", poll="0.2", **_):
        import signal
        import threading

        from django.db import close_old_connections, connection

        from zhongshu.hotline.intake_queue import SearchMerger, drain_all

        size, wait = _integer("--batch", batch, 1), _positive("--poll", poll)
        stop = threading.Event()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, lambda *_: stop.set())
        total = 0
        merger = SearchMerger() if connection.vendor == "postgresql" and not connection.in_atomic_block else None
        try:
            self.stdout.write("受理队列登记已启动" + ("（单轮）" if once else ""))
            while not stop.is_set():
                if not connection.in_atomic_block:  # drop broken or expired connections between batches
                    close_old_connections()
                filed = drain_all(size, stop_requested=stop.is_set, merge=merger.request if merger else None)
                total += filed
                if once:
                    break
                if not filed:
                    stop.wait(wait)
        finally:
            if merger is not None:
                merger.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"受理队列登记结束：共 {total} 件")

    # shared -----------------------------------------------------------------------------
    def _labelled(self, csv, text_col, label_col):
        from zhongshu.hotline.learning.tables import read_table

        table = read_table(csv)
        t = table.column(text_col, what="文本列")
        lab = table.column(label_col, what="标签列")
        texts, labels, skipped = [], [], 0
        for row in table.rows:
            if row[t].strip() and row[lab].strip():
                texts.append(row[t])
                labels.append(row[lab])
            else:
                skipped += 1
        if skipped:
            self.stderr.write(f"提示：跳过 {skipped} 行（“{text_col}”或“{label_col}”为空）")
        if not texts:
            raise CommandError(f"文件 {csv} 中没有同时有文本和标签的行")
        return texts, labels


def _fraction(flag: str, value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CommandError(f"{flag} 应为 0～1 之间的数，收到“{value}”") from None
    if not 0.0 <= number <= 1.0:
        raise CommandError(f"{flag} 应在 0～1 之间，收到 {value}")
    return number


def _positive(flag: str, value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CommandError(f"{flag} 应为正数，收到“{value}”") from None
    if not number > 0:
        raise CommandError(f"{flag} 应大于 0，收到 {value}")
    return number


def _integer(flag: str, value, minimum: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise CommandError(f"{flag} 应为整数，收到“{value}”") from None
    if number < minimum:
        raise CommandError(f"{flag} 至少为 {minimum}，收到 {number}")
    return number
