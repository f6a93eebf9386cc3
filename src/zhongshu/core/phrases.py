"""Phrase search in Chinese text, shared by every search of 中枢 (热线工单, 公文, 批示, 纪要).

Chinese has no spaces, so words are not tokens: a query is a list of phrases (split on whitespace)
that must each occur as a substring. On PostgreSQL the records carry a tsvector of their distinct
character bigrams under a GIN index; `tsquery(words)` is the query "every bigram of every phrase"
(written in tsquery input syntax: no parser, no locale), and a LIKE on `like_pattern(word)` keeps
only the records where the phrase really occurs. `highlight` and `snippet` mark the hits in text
that is HTML-escaped piece by piece (the markup is ours, the text is never trusted).
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY = 100
SNIPPET = 80  # characters around the first hit
DIGITS = re.compile(r"^\d{4,20}$")  # a query of digits may also be a number (工单编号, 电话)


def phrases(query: str) -> list[str]:
    """The phrases of a query: split on whitespace, lower-cased, duplicates dropped."""
    seen: list[str] = []
    for word in query.lower().split():
        if word not in seen:
            seen.append(word)
    return seen


def check_query(query: str) -> str:
    """'' when `query` can be searched, else the Chinese reason."""
    q = (query or "").strip()
    if not q:
        return "请输入要检索的内容"
    if len(q) > MAX_QUERY:
        return f"检索内容不能超过 {MAX_QUERY} 个字"
    if all(len(p) < 2 for p in phrases(q)) and not DIGITS.match(q):
        return "请至少输入两个连续的字"
    return ""


def lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(words: list[str]) -> str:
    """['井盖破损'] → '井盖' & '盖破' & '破损' (tsquery input syntax: no parser, no locale); every
    distinct bigram of every phrase must be in the record's vector."""
    grams: list[str] = []
    for w in words:
        for i in range(len(w) - 1):
            if w[i:i + 2] not in grams:
                grams.append(w[i:i + 2])
    return " & ".join(lexeme(g) for g in grams)


def caseless(word: str) -> bool:
    """No cased letter in `word` (Chinese, digits, punctuation): lower() of a text changes nothing
    that could match it, so it can be looked for in the text as it is. Every character that some
    lower() maps onto is itself a cased (lower-case) letter, which makes `word` not caseless."""
    return not any(ch.isupper() or ch.islower() for ch in word)


def like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def occurs_sql(columns: list[str], word: str) -> tuple[str, list]:
    """PostgreSQL, as (sql, params): `word` (a phrase of `phrases`: lower-cased, no whitespace)
    occurs in lower(c1 || ' ' || c2 …) of the NOT NULL text `columns`. A caseless phrase is looked
    for with strpos in each column as it is: the same rows, since lower() changes nothing it could
    match and, having no whitespace, it cannot span the ' ' between two columns; and no text is
    lowered, which was over half the time of reading a ticket (7.5 against 2.6 µs at 5 M tickets,
    bench/RESULTS.md hotline_search)."""
    if caseless(word):
        return "(" + " OR ".join(f"strpos({c}, %s) > 0" for c in columns) + ")", [word] * len(columns)
    return "lower(" + " || ' ' || ".join(columns) + ") LIKE %s", [like_pattern(word)]


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    low = text.lower()
    spans = []
    for w in words:
        start = low.find(w)
        while start >= 0:
            spans.append((start, start + len(w)))
            start = low.find(w, start + len(w))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def highlight(text: str, words: list[str]) -> SafeString:
    """`text` HTML-escaped, with every occurrence of a phrase in <mark> (case-insensitive)."""
    text = text or ""
    out, pos = [], 0
    for a, b in _spans(text, words):
        out.append(escape(text[pos:a]))
        out.append("<mark>" + escape(text[a:b]) + "</mark>")
        pos = b
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def snippet(text: str, words: list[str], width: int = SNIPPET) -> SafeString:
    """About `width` characters of `text` around the first hit, escaped and marked."""
    text = " ".join((text or "").split())
    spans = _spans(text, words)
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), start + width)
    piece = highlight(text[start:end], words)
    return mark_safe(("…" if start else "") + piece + ("…" if end < len(text) else ""))
