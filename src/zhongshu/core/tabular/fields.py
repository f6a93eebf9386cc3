"""`Field`: one column an import expects, and how its cells become Python values.

A Field is matched to a header cell by its `header` or one of its `aliases` (compared with
text.normalize_header, so spaces, line breaks, "（必填）" and "*" do not matter).

Blank cells (None or whitespace) never reach `convert`: the reader gives `blank_value()`
(None, or [] for kind="list") and reports "不能为空" when the field is `required`. A
required field's column must also be present, or the whole file is refused.

Kinds and their rules (`convert` raises ValueError with the Chinese message):

- "text": clean_text (zero-width characters dropped, ends stripped; numbers shown without
  ".0"); `single_line=True` collapses internal line breaks; `max_length` counts characters
  → "过长（最多 300 字），当前 312 字". A number of 15 or more digits is refused: Excel has
  already lost its last digits (an ID number typed into a number cell).
- "int": 12, 12.0, "12", "１２", "+12", "1,200", "12.0" → 12; refused: 12.5, "十二", TRUE.
  `min_value`/`max_value` bound it.
- "date": dates.to_date (date cells, serial numbers, and the text forms of dates.parse_date).
- "list": the text split on 、，,；;／/ and line breaks, items stripped, empty ones dropped;
  `max_length` applies to each item.
- "choice": the text (stripped; full-width letters and digits folded) looked up in `choices`
  (keys are stripped and folded the same way); the error lists the allowed keys.

Then `clean(value)`, when given, runs on the converted (non-blank) value and returns the
final value or raises ValueError("中文说明"), which becomes the row's error for this field.
`unique=True` makes the reader report a value that already appeared in an earlier row.
`ignore_for_emptiness=True` (for 序号) means a row holding only this field counts as empty.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from openpyxl.utils.datetime import WINDOWS_EPOCH

from . import dates
from .text import clean_text, display, normalize_header, single_line, split_list

KINDS = ("text", "int", "date", "list", "choice")
_INT_TEXT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


@dataclass(frozen=True, eq=False)
class Field:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    kind: str = "text"
    required: bool = False
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    choices: Mapping[str, Any] | None = None
    single_line: bool = False
    clean: Callable[[Any], Any] | None = None
    unique: bool = False
    ignore_for_emptiness: bool = False
    _choices: dict = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self):
        if isinstance(self.aliases, str):
            raise TypeError(f"Field {self.key!r}: aliases must be a tuple of strings, not a str")
        object.__setattr__(self, "aliases", tuple(self.aliases))
        if self.kind not in KINDS:
            raise ValueError(f"Field {self.key!r}: kind must be one of {KINDS}, not {self.kind!r}")
        if (self.kind == "choice") != (self.choices is not None):
            raise ValueError(f"Field {self.key!r}: choices are required for kind='choice' and only then")
        if self.kind == "choice":
            folded = {_fold(str(k)): v for k, v in self.choices.items()}
            if not folded:
                raise ValueError(f"Field {self.key!r}: choices must not be empty")
            object.__setattr__(self, "_choices", folded)
        if (self.min_value is not None or self.max_value is not None) and self.kind != "int":
            raise ValueError(f"Field {self.key!r}: min_value/max_value apply to kind='int' only")
        if self.max_length is not None and self.kind not in ("text", "list"):
            raise ValueError(f"Field {self.key!r}: max_length applies to kind='text' or 'list' only")
        if self.single_line and self.kind != "text":
            raise ValueError(f"Field {self.key!r}: single_line applies to kind='text' only")
        if self.unique and self.kind == "list":
            raise ValueError(f"Field {self.key!r}: unique does not apply to kind='list'")
        if not normalize_header(self.header):
            raise ValueError(f"Field {self.key!r}: header must not be empty")

    @property
    def labels(self) -> tuple[str, ...]:
        """The normalised header and aliases this field is recognised by."""
        return tuple(dict.fromkeys(normalize_header(h) for h in (self.header, *self.aliases) if h))

    def blank_value(self):
        return [] if self.kind == "list" else None

    def convert(self, raw, *, epoch: datetime = WINDOWS_EPOCH):
        """The value of a non-blank cell (rules in the module docstring), then `clean`."""
        value = getattr(self, f"_to_{self.kind}")(raw, epoch)
        if self.clean is not None:
            value = self.clean(value)
        return value

    def _to_text(self, raw, epoch):
        if isinstance(raw, float) and math.isfinite(raw) and abs(raw) >= 1e15:
            raise ValueError("数字位数过多，Excel 已丢失末尾数字：请将该列设为文本格式后重新填写")
        text = clean_text(raw)
        if self.single_line:
            text = single_line(text)
        self._check_length(text)
        return text

    def _check_length(self, text: str, item: bool = False):
        if self.max_length is not None and len(text) > self.max_length:
            prefix = f"「{text[:20]}…」" if item else ""
            raise ValueError(f"{prefix}过长（最多 {self.max_length} 字），当前 {len(text)} 字")

    def _to_int(self, raw, epoch):
        if isinstance(raw, bool):
            raise ValueError(f"应为整数：{display(raw)}")
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
            value = int(raw)
        elif isinstance(raw, str) and _INT_TEXT.fullmatch(_fold(raw)):
            value = int(_fold(raw).split(".")[0].replace(",", ""))
        else:
            raise ValueError(f"应为整数：{display(raw).strip()}")
        low, high = self.min_value, self.max_value
        if low is not None and high is not None and not low <= value <= high:
            raise ValueError(f"应在 {low}–{high} 之间：{value}")
        if low is not None and value < low:
            raise ValueError(f"不能小于 {low}：{value}")
        if high is not None and value > high:
            raise ValueError(f"不能大于 {high}：{value}")
        return value

    def _to_date(self, raw, epoch):
        return dates.to_date(raw, epoch=epoch)

    def _to_list(self, raw, epoch):
        items = split_list(clean_text(raw))
        for item in items:
            self._check_length(item, item=True)
        return items

    def _to_choice(self, raw, epoch):
        text = _fold(clean_text(raw))
        if text in self._choices:
            return self._choices[text]
        allowed = "、".join(self._choices)
        raise ValueError(f"不是可选的值：{clean_text(raw)}（可选：{allowed}）")
