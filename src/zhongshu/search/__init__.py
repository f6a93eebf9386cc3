"""全文检索 across 公文, 批示 and 纪要: one index of entries the owning apps fill.

    from zhongshu import search
    search.register(Instruction, kind="批示", build=entry_for)   # in the app's AppConfig.ready
    search.search(user, "积水 整治")                               # query.search

See registry.py (what an entry holds, when it is rebuilt) and query.py (matching and scope).
"""

from __future__ import annotations


def register(model, *, kind: str, build, parts=None) -> None:
    from .registry import register as _register

    _register(model, kind=kind, build=build, parts=parts)


def search(user, query: str, **kwargs):
    from .query import search as _search

    return _search(user, query, **kwargs)


def Entry(**fields):  # noqa: N802 (a dataclass, built lazily so importing the package loads no models)
    from .registry import Entry as _Entry

    return _Entry(**fields)


__all__ = ["Entry", "register", "search"]
