"""Early warning: risk keywords in a ticket's text (燃气, 井盖, 坍塌 …).

    risk_hits("小区门口井盖丢失，晚上有人掉下去")          == ["井盖"]
    risk_hits(text, keywords=["高空抛物", *RISK_KEYWORDS])  # the caller's own list

A hit is the keyword appearing in the text with its blanks (spaces, tabs, line breaks) left
out, in the order of the list, each once (keywords are compared as given: Chinese words have
no width variants; a keyword broken by punctuation, 燃，气, is not found). The
default list is a starting point for the 研判 page and is meant to be edited by the caller
(for instance from a setting); it is not a classifier: "燃气费怎么交" hits 燃气 too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

RISK_KEYWORDS: tuple[str, ...] = (
    "燃气", "煤气", "天然气", "液化气", "井盖", "坍塌", "塌陷", "倒塌", "漏电", "触电", "电线裸露", "火灾",
    "着火", "起火", "爆炸", "中毒", "溺水", "跳楼", "轻生", "自杀", "群体", "聚集", "堵路", "讨薪", "欠薪",
    "危房", "滑坡", "泥石流", "垮塌", "高空坠物", "高空抛物", "电梯困人", "食物中毒", "传染",
)


@lru_cache(maxsize=32)
def _pattern(keywords: tuple[str, ...]) -> tuple[re.Pattern | None, dict[str, str]]:
    folded = {}
    for k in keywords:
        n = "".join((k or "").split())
        if n and n not in folded:
            folded[n] = k
    if not folded:
        return None, {}
    alternatives = sorted(folded, key=len, reverse=True)  # longest first: 食物中毒 before 中毒
    return re.compile("|".join(re.escape(a) for a in alternatives)), folded


def risk_hits(text: str | None, keywords: Iterable[str] | None = None) -> list[str]:
    """The risk keywords (as given in `keywords`, default RISK_KEYWORDS) found in the text, in
    the order of the list, each once; [] when none. A keyword inside a longer one of the list
    is found too (食物中毒 also gives 中毒)."""
    if not text:
        return []
    keys = tuple(keywords) if keywords is not None else RISK_KEYWORDS
    pattern, folded = _pattern(keys)
    if pattern is None:
        return []
    body = "".join(text.split())
    found = {m.group() for m in pattern.finditer(body)}
    if not found:
        return []
    hits = set()
    for n, original in folded.items():
        if n in found or any(n in f for f in found):
            hits.add(original)
    return [k for k in dict.fromkeys(keys) if k in hits]
