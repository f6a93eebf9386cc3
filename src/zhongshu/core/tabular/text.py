"""Small text rules shared by the reader and the writer.

- `is_blank(v)`: None, or a string of only whitespace (including the full-width space
  U+3000 and no-break space) and zero-width characters.
- `normalize_header(v)`: the key a header cell is matched by: NFKC (full-width letters,
  digits and brackets become ASCII), zero-width characters and ALL whitespace (spaces,
  full-width spaces, newlines from Alt+Enter) removed, a leading or trailing "*" and a
  trailing "(必填)"/"(选填)" or ":" removed, case folded. "完成\\n时限（必填）" → "完成时限".
- `display_header(v)`: the header as shown in messages: newlines and zero-width characters
  removed, ends stripped ("完成\\n时限" → "完成时限").
- `display(v)`: a raw cell value as a user would read it in an error report: whole floats
  without ".0", dates as 2026-06-30, datetimes without a midnight time, TRUE/FALSE.
- `clean_text(v)`: a cell value as text: zero-width characters dropped, CR LF → LF, ends
  stripped; numbers and dates through `display`.
- `single_line(s)`: internal line breaks collapsed: nothing between two CJK characters,
  one space otherwise ("重点\\n任务" → "重点任务", "Smart\\nCity" → "Smart City").
- `split_list(s)`: items separated by 、，,；;／/ or line breaks, stripped, empties dropped.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
LIST_SEPARATORS = re.compile(r"[、，,；;／/\r\n]+")

_HEADER_DECORATION = re.compile(r"^\*+|(?:\((?:必填|选填)\)|\*|:)+$")
_WHITESPACE = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"[ \t\u3000]*[\r\n]+[ \t\u3000]*")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.translate(ZERO_WIDTH).strip())


def normalize_header(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value).translate(ZERO_WIDTH))
    text = _WHITESPACE.sub("", text)
    previous = None
    while previous != text:  # "*事项（必填）*" needs more than one pass
        previous, text = text, _HEADER_DECORATION.sub("", text)
    return text.casefold()


def display_header(value) -> str:
    if value is None:
        return ""
    return re.sub(r"[\r\n]+", "", str(value).translate(ZERO_WIDTH)).strip()


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M" if not value.second else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def clean_text(value) -> str:
    if isinstance(value, str):
        return value.translate(ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n").strip()
    return display(value)


def single_line(text: str) -> str:
    def join(match: re.Match) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return "" if _CJK.match(before) and _CJK.match(after) else " "

    return _LINE_BREAK.sub(join, text)


def split_list(text: str) -> list[str]:
    return [item for item in (part.strip() for part in LIST_SEPARATORS.split(text)) if item]
