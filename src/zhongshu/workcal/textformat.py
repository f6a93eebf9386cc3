"""The import/export text format of a year's arrangement, one line per date:

    # 2027 年节假日安排
    2027-01-01,off,元旦
    2027-02-07,work,春节

Fields are separated by a comma (also "，"), a tab or spaces. The kind is `off` / 放假 / 休 /
假 or `work` / 上班 / 班. The holiday name is optional. `#` starts a comment; blank lines, a
UTF-8 BOM, GB18030 (Excel on Chinese Windows) and an optional header line (日期,类型,名称)
are accepted.

`parse_arrangement(text)` checks every line and collects ALL problems, so the importer can
refuse the whole file and name each bad line: errors (bad date, unknown kind, a date given
twice with different kinds, a name too long) refuse the import; warnings (a weekday marked
work, a repeated date of the same kind: the first line wins) do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .calc import WEEKDAY_ZH
from .parsing import parse_day

OFF_WORDS = {"off", "holiday", "放假", "休", "假", "休息"}
WORK_WORDS = {"work", "workday", "上班", "班", "调休上班", "补班"}
HEADER_WORDS = {"date", "日期"}
NAME_MAX = 50

_SEPARATORS = re.compile(r"[,，\t]")


@dataclass(frozen=True)
class Entry:
    line: int
    date: date
    kind: str  # "off" | "work"
    name: str


@dataclass
class ParseResult:
    entries: list[Entry] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.entries)

    @property
    def years(self) -> list[int]:
        return sorted({e.date.year for e in self.entries})

    def messages(self, which: str = "errors") -> list[str]:
        return [f"第 {n} 行：{reason}" if n else reason for n, reason in getattr(self, which)]


def decode(data: bytes) -> str:
    """Bytes of an uploaded file → text (UTF-8 with or without BOM, else GB18030)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise ValueError("文件编码无法识别（请保存为 UTF-8 或 GBK 文本）") from None


def _fields(line: str) -> list[str]:
    parts = _SEPARATORS.split(line, maxsplit=2) if _SEPARATORS.search(line) else line.split(None, 2)
    return [p.strip().strip('"').strip() for p in parts]


def _kind(word: str) -> str | None:
    low = word.lower()
    if low in OFF_WORDS:
        return "off"
    if low in WORK_WORDS:
        return "work"
    return None


def parse_arrangement(text: str) -> ParseResult:
    """Check every line; see the module docstring for the rules."""
    result = ParseResult()
    seen: dict[date, Entry] = {}
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = _fields(line)
        if not result.entries and not result.errors and parts[0].lower() in HEADER_WORDS:
            continue  # a header line
        if len(parts) < 2 or not parts[1]:
            result.errors.append((number, f"缺少类型（应为“日期,off或work,名称”），原文“{raw.strip()}”"))
            continue
        problems = []
        try:
            day = parse_day(parts[0])
        except ValueError as exc:
            problems.append(str(exc))
            day = None
        kind = _kind(parts[1])
        if kind is None:
            problems.append(f"类型“{parts[1]}”无法识别（放假写 off、放假或休；上班写 work、上班或班）")
        name = parts[2] if len(parts) > 2 else ""
        if len(name) > NAME_MAX:
            problems.append(f"名称过长（不超过 {NAME_MAX} 字）")
        if problems:
            result.errors.extend((number, p) for p in problems)
            continue
        entry = Entry(number, day, kind, name)
        earlier = seen.get(day)
        if earlier is not None:
            if earlier.kind != kind:
                result.errors.append((number, f"日期 {day.isoformat()} 已在第 {earlier.line} 行出现，且类型不同"))
            elif earlier.name != name:
                result.warnings.append((number, f"日期 {day.isoformat()} 已在第 {earlier.line} 行出现，名称不同，以第 {earlier.line} 行为准"))
            else:
                result.warnings.append((number, f"日期 {day.isoformat()} 与第 {earlier.line} 行重复，已忽略"))
            continue
        if kind == "work" and day.weekday() < 5:
            result.warnings.append((number, f"{day.isoformat()} 是周{WEEKDAY_ZH[day.weekday()]}，本来就是工作日，标为上班不影响计算"))
        seen[day] = entry
        result.entries.append(entry)
    if not result.entries and not result.errors:
        result.errors.append((0, "文件中没有任何日期"))
    result.entries.sort(key=lambda e: e.date)
    return result


def format_arrangement(year: int, days: list[tuple[date, str, str]], source: str = "") -> str:
    """The inverse of parse_arrangement: the text an export writes (importable as is)."""
    head = f"# {year} 年节假日安排" + (f"（来源：{source}）" if source else "")
    lines = [head, "# 日期,类型(off=放假 work=调休上班),名称"]
    lines += [f"{d.isoformat()},{kind},{name}" for d, kind, name in sorted(days)]
    return "\n".join(lines) + "\n"
