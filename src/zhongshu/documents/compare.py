"""Two versions of a draft compared, character by character (Chinese has no spaces between words,
so a word-level diff would mark whole sentences).

    result = compare(old_text, new_text)
    result.html        # escaped HTML: <del> for what was taken out, <ins> for what was put in
    result.inserted, result.deleted   # characters (whitespace not counted)

The lines are matched first and only the changed blocks are compared by character, so a long
draft with a few edits stays fast (difflib's character matching is quadratic in the worst case);
a block larger than BLOCK_LIMIT characters is shown as replaced whole.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLOCK_LIMIT = 20_000


@dataclass
class Comparison:
    html: SafeString
    inserted: int
    deleted: int

    @property
    def same(self) -> bool:
        return not (self.inserted or self.deleted)


def _count(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def compare(old: str, new: str) -> Comparison:
    old, new = (old or "").replace("\r\n", "\n"), (new or "").replace("\r\n", "\n")
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[str] = []
    inserted = deleted = 0

    def put(tag: str, text: str):
        nonlocal inserted, deleted
        if not text:
            return
        if tag == "equal":
            out.append(escape(text))
        elif tag == "delete":
            deleted += _count(text)
            out.append(f'<del class="zs-del">{escape(text)}</del>')
        else:
            inserted += _count(text)
            out.append(f'<ins class="zs-ins">{escape(text)}</ins>')

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        left, right = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            put("equal", left)
        elif tag == "delete":
            put("delete", left)
        elif tag == "insert":
            put("insert", right)
        elif len(left) + len(right) > BLOCK_LIMIT:
            put("delete", left)
            put("insert", right)
        else:
            chars = difflib.SequenceMatcher(None, left, right, autojunk=False)
            for op, x1, x2, y1, y2 in chars.get_opcodes():
                if op == "equal":
                    put("equal", left[x1:x2])
                else:
                    put("delete", left[x1:x2])
                    put("insert", right[y1:y2])
    return Comparison(html=mark_safe("".join(out)), inserted=inserted, deleted=deleted)  # noqa: S308 — every piece escaped
