"""Duplicates and hot topics over ticket texts: pure functions, no Django models, no database.

At intake (per ticket, 0.07 ms for the signature + 0.15 ms for the place, one core):

    sig = signature(title + " " + description)     # bigint column `sig`
    b0, b1, b2, b3 = band_keys(sig)                 # four integer columns, each indexed
    place = extract_place(location) or extract_place(title + " " + description)

Before dispatch (the ticket page), the app fetches candidates with indexed lookups only:

    received_at within the last N days AND (sig_b0 = b0 OR sig_b1 = b1 OR sig_b2 = b2 OR sig_b3 = b3
                                            OR (place = :place AND category_id = :category))

(best with four composite indexes (sig_bK, received_at) and one (place, category_id, received_at):
each arm is an index range scan; PostgreSQL combines them with a BitmapOr), then

    likely_duplicates(new_text, new_place, [Candidate(id, text, place, sig, caller), …])
        -> [Match(id, score, reason, similarity, place, same_caller), …] best first

On the 研判 page:

    find_clusters([Item(id, text, title, caller, place, at, votes), …], now=period_end)
        -> [Cluster(ids, size, distinct_callers, first_at, last_at, place, keywords, votes, growth,
                    heat, title, recent, previous, risks, cohesion), …] hottest first
    HEAT_FORMULA                                    # the heat formula in Chinese, for the page
    risk_hits(text, keywords=None) -> ["燃气", …]    # RISK_KEYWORDS by default, editable
    trends(items, by="place" | "category" | callable, window=timedelta(days=7), now=…) -> [Trend]

Modules: text (normalisation), minhash (signature, similarity), places, matching (likely
duplicates), clusters (find_clusters, heat), risk, trends. Each states its method and its
measured figures; bench/hotline_topics.py measures them on the public message-board data.
scikit-learn is not needed; scipy (sparse matrices) and jieba (keywords) are imported only
when find_clusters is called.
"""

from __future__ import annotations

from .clusters import (
    CLUSTER_THRESHOLD,
    HEAT_FORMULA,
    Cluster,
    Item,
    cluster_labels,
    find_clusters,
    heat_of,
    keywords_of,
)
from .matching import Candidate, Match, likely_duplicates
from .minhash import band_keys, shared_bands, signature, similarity
from .places import extract_place, finest_part, is_informative, place_parts, place_relation
from .risk import RISK_KEYWORDS, risk_hits
from .text import normalise
from .trends import Trend, trends

__all__ = [
    "CLUSTER_THRESHOLD", "HEAT_FORMULA", "RISK_KEYWORDS", "Candidate", "Cluster", "Item", "Match", "Trend",
    "band_keys", "cluster_labels", "extract_place", "finest_part", "find_clusters", "heat_of", "is_informative", "keywords_of",
    "likely_duplicates", "normalise", "place_parts", "place_relation", "risk_hits", "shared_bands", "signature",
    "similarity", "trends",
]
