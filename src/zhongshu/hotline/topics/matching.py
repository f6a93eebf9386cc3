"""Likely duplicates of a new ticket, ranked, each with a reason in Chinese.

The app fetches the candidates itself (indexed lookups, see the package docstring): earlier
tickets that share a signature band key with the new one, and tickets of the same place and
category in the last N days. This module only ranks them:

    likely_duplicates(new_text, new_place, candidates, new_caller="") -> [Match, …] best first

Score (0 … 1, shown as 相似度):  score = s + (1 − s) · b
    s  = similarity(new_text, candidate.text): Jaccard of the character-bigram sets (minhash.py)
    b  = 0.3 when the places are the same (places.place_relation == "same"), 0.1 when one
         contains the other ("near"), 0 otherwise; + 0.2 (capped at 0.5) when the caller is
         the same person (same non-empty caller on both).
A candidate is listed when s ≥ MIN_SIMILARITY (0.30), or s ≥ MIN_SIMILARITY_SAME_PLACE (0.15)
and the place is the same. Ties: the higher s, then the more recent candidate (larger id).

Why these numbers (hotline_messages_with_votes.csv, title + detail): two unrelated messages
have s < 0.06 in 999 of 1000 pairs; messages with the same 留言详情 under different titles have
s ≥ 0.77 (median 1.0); messages about the same problem in other words (TF-IDF cosine 0.3–0.5)
have s 0.14–0.30. So 0.30 alone is "内容相近"; 0.15 needs the same place to be shown.

Reasons: "内容相同" (same normalised text), "内容相近 0.87", "内容部分相似 0.21", then
"，地点相同：A3区杏林小区" / "，地点相近：A3区 / A3区杏林小区" / "，地点不同：A5区…", then
"，同一来电人".
"""

from __future__ import annotations

from dataclasses import dataclass

from .minhash import bigram_set, jaccard
from .places import is_informative, place_relation
from .text import normalise

MIN_SIMILARITY = 0.30
MIN_SIMILARITY_SAME_PLACE = 0.15
PLACE_BONUS = {"same": 0.3, "near": 0.1, "": 0.0}
CALLER_BONUS = 0.2


@dataclass
class Candidate:
    """An earlier ticket fetched by the app. `text` is its title and description, `place` its
    extracted place, `sig` its stored signature (optional, not needed for the ranking),
    `caller` its caller's phone or id (optional)."""

    id: int
    text: str
    place: str = ""
    sig: int | None = None
    caller: str = ""


@dataclass
class Match:
    """A candidate judged a likely duplicate: `score` 0 … 1 (see the module docstring),
    `similarity` the text similarity alone, `place` "same" / "near" / "different" / "",
    `reason` the Chinese explanation for the agent."""

    id: int
    score: float
    reason: str
    similarity: float = 0.0
    place: str = ""
    same_caller: bool = False


def _place_words(relation: str, new_place: str, old_place: str) -> tuple[str, str]:
    if relation == "same":
        return "same", f"，地点相同：{old_place or new_place}"
    if relation == "near":
        return "near", f"，地点相近：{new_place} / {old_place}"
    if is_informative(new_place) and is_informative(old_place):
        return "different", f"，地点不同：{old_place}"
    return "", ""


def likely_duplicates(new_text: str, new_place: str, candidates: list[Candidate], *,
                      new_caller: str = "", limit: int | None = None) -> list[Match]:
    """The candidates that look like the same problem as the new ticket, best first, each with
    its score and reason (see the module docstring). Candidates without text are skipped."""
    new_norm = normalise(new_text)
    new_set = bigram_set(new_text)
    out: list[tuple[float, float, int, Match]] = []
    for c in candidates:
        if not c.text:
            continue
        old_norm = normalise(c.text)
        s = 1.0 if old_norm and old_norm == new_norm else jaccard(new_set, bigram_set(c.text))
        relation = place_relation(new_place, c.place)
        if s < MIN_SIMILARITY and not (relation == "same" and s >= MIN_SIMILARITY_SAME_PLACE):
            continue
        same_caller = bool(new_caller) and new_caller == c.caller
        bonus = min(0.5, PLACE_BONUS[relation] + (CALLER_BONUS if same_caller else 0.0))
        score = s + (1.0 - s) * bonus
        if old_norm == new_norm and old_norm:
            reason = "内容相同"
        elif s >= MIN_SIMILARITY:
            reason = f"内容相近 {s:.2f}"
        else:
            reason = f"内容部分相似 {s:.2f}"
        kind, words = _place_words(relation, new_place, c.place)
        reason += words + ("，同一来电人" if same_caller else "")
        out.append((score, s, c.id, Match(id=c.id, score=round(score, 3), reason=reason, similarity=round(s, 3),
                                          place=kind, same_caller=same_caller)))
    out.sort(key=lambda row: (-row[0], -row[1], -row[2]))
    matches = [row[3] for row in out]
    return matches[:limit] if limit is not None else matches
