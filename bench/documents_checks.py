"""拟稿检查 on a 20,000-character draft (goal ≤ 200 ms), in-process, no database.

    python -m bench documents_checks [--chars 20000] [--runs 50]

The draft is a 请示 built from the test drafts' paragraphs (tests/documents/drafts/), repeated to
the length asked, with the built-in 套话 list (documents/migrations/0002_seed.py), so every rule
runs and finds something: 套话 in every paragraph, dates, 文号, asking sentences. Prints the
median, p95 and max of `checks.check_draft` over --runs runs and the number of findings.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

DESCRIPTION = "拟稿检查：2 万字文稿（文种、要素、日期、文号、篇幅、套话）"
SH = ZoneInfo("Asia/Shanghai")
DRAFTS = Path(__file__).resolve().parents[1] / "tests" / "documents" / "drafts"


def draft(chars: int) -> str:
    head = "示例市水利局关于拨付人民路供水管网改造资金的请示\n\n市人民政府：\n\n"
    tail = "\n妥否，请批示。\n\n示例市水利局\n2026年3月5日\n"
    body = []
    sources = [p.read_text(encoding="utf-8") for p in sorted(DRAFTS.glob("*.txt"))]
    paragraphs = [line for text in sources for line in text.split("\n")[4:-3] if len(line) > 20]
    i = 0
    while sum(len(p) for p in body) < chars - len(head) - len(tail):
        body.append(paragraphs[i % len(paragraphs)] + f"（见示水发〔2026〕{i + 1}号，2026年3月{i % 28 + 1}日）")
        i += 1
    return head + "\n".join(body) + tail


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench documents_checks", description=DESCRIPTION)
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    from zhongshu.documents.checks import check_draft

    phrases = importlib.import_module("zhongshu.documents.migrations.0002_seed").PHRASES
    text = draft(args.chars)
    check_draft(text, kind="request", phrases=phrases)  # warm the regular expressions
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        report = check_draft(text, kind="request", number="示水发〔2026〕12号", phrases=phrases)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    print(f"\n### 拟稿检查 {datetime.now(SH):%Y-%m-%d %H:%M}（{os.cpu_count()} 核, Python {platform.python_version()}）")
    print(f"- 文稿 {len(text)} 字符（非空白 {report.chars} 字），{args.runs} 次")
    print(f"- **中位 {times[len(times) // 2]:.1f} ms，p95 {p95:.1f} ms，最大 {times[-1]:.1f} ms**（目标 ≤ 200 ms）")
    print(f"- 发现 {len(report.findings)} 条：{counts}")
    return 0 if p95 <= 200 else 1
