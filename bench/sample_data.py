"""The shared sample data (../shared/data: the public 12345 message boards, the labelled set, the
taxonomy), for the benchmarks and the tests that need real data. It is read at run time and never
stored in the project.

    shared_data()                 where it is: $ZHONGSHU_SHARED_DATA, else `shared/data` in the
                                  folder holding this checkout or in any folder above it
    read_csv(name)                a file's rows as dicts (UTF-8 with BOM)
    message_time("2019/2/28 11:25:05")   留言时间 as typed in the files (several formats, or a
                                  spreadsheet serial day) → naive datetime, None when unreadable
    board_items(rows)             message-board rows → hotline.topics.Item (id = row index)
"""

from __future__ import annotations

import csv
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]
_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%Y-%m-%d")


def shared_data() -> Path:
    configured = os.environ.get("ZHONGSHU_SHARED_DATA")
    if configured:
        return Path(configured)
    for folder in _REPO.parents:
        candidate = folder / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return _REPO.parent / "shared" / "data"


def read_csv(name: str) -> list[dict]:
    with (shared_data() / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def message_time(value: str) -> datetime | None:
    value = (value or "").strip()
    if re.fullmatch(r"\d{5}(\.\d+)?", value):
        return datetime(1899, 12, 30) + timedelta(days=float(value))
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def board_items(rows):
    from zhongshu.hotline import topics

    items = []
    for i, r in enumerate(rows):
        text = f"{r['留言主题']} {r['留言详情']}"
        items.append(topics.Item(id=i, text=text, title=r["留言主题"].strip(), caller=r["留言用户"].strip(),
                                 place=topics.extract_place(text), at=message_time(r["留言时间"]),
                                 votes=int(r["点赞数"] or 0)))
    return items
