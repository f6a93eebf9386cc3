"""Learned suggestions at intake: the category and the unit, from models trained on this
deployment's own past tickets (learning/, `zhongshu hotline retrain`).

Model files live in ZHONGSHU_HOTLINE_MODEL_DIR (default <data dir>/hotline-models): category.model
and unit.model. A missing or corrupt file never stops intake: suggestions are off, `status()` says
why, and the administrators are told once per process and file state (health page, inbox).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

KINDS = ("category", "unit")


def model_dir() -> Path:
    configured = getattr(settings, "ZHONGSHU_HOTLINE_MODEL_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.DATA_DIR) / "hotline-models"


def model_path(kind: str) -> Path:
    return model_dir() / f"{kind}.model"


@dataclass
class Loaded:
    stamp: tuple | None = None
    model: object | None = None
    problem: str = ""


_loaded: dict[str, Loaded] = {}


def _stamp(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def model_for(kind: str):
    """The loaded model of `kind`, reloaded when its file changes; None when unavailable."""
    path = model_path(kind)
    stamp = _stamp(path)
    cached = _loaded.get(kind)
    if cached is not None and cached.stamp == stamp:
        return cached.model
    entry = Loaded(stamp=stamp)
    if stamp is None:
        entry.problem = f"模型文件不存在：{path}（请运行 zhongshu hotline retrain）"
    else:
        try:
            from .learning import load

            entry.model = load(path)
        except Exception as exc:  # a corrupt or foreign file: suggestions off, intake goes on
            entry.problem = f"模型文件无法读取：{path}（{exc}）"
            log.warning("hotline model %s unavailable: %s", kind, exc)
            _tell_admins(kind, entry.problem, stamp)
    _loaded[kind] = entry
    return entry.model


def status() -> dict[str, str]:
    """{kind: "" when loaded, else the Chinese problem}, for the settings and health pages."""
    out = {}
    for kind in KINDS:
        model_for(kind)
        out[kind] = _loaded[kind].problem
    return out


def _tell_admins(kind: str, problem: str, stamp) -> None:
    try:
        from zhongshu import notify
        from zhongshu.org.models import User
        from zhongshu.org.roles import Role

        admins = list(User.objects.filter(is_active=True, role_grants__role__in=[Role.SYSADMIN, Role.HOTLINE_HEAD])
                      .distinct())
        notify.send(admins, title="【系统】12345 智能分类模型不可用", body=f"{problem}。受理不受影响，智能建议已暂停。",
                    kind="hotline.model", dedupe_key=f"hotline.model.{kind}.{stamp}")
    except Exception:  # telling must never break intake
        log.exception("could not tell administrators about the hotline model")


@dataclass
class Suggestion:
    kind: str
    label: str
    confidence: float
    reasons: list[str] = field(default_factory=list)
    needs_person: bool = True

    def as_dict(self) -> dict:
        return {"label": self.label, "confidence": round(self.confidence, 3), "reasons": self.reasons,
                "needs_person": self.needs_person}


def suggest(text: str) -> dict[str, Suggestion]:
    """{"category": Suggestion, "unit": Suggestion} for the models that are available."""
    return suggest_many([text])[0]


def suggest_many(texts: list[str]) -> list[dict[str, Suggestion]]:
    """`suggest` for many texts: each model scores them all in one vectorised call."""
    out: list[dict[str, Suggestion]] = [{} for _ in texts]
    if not texts:
        return out
    for kind in KINDS:
        model = model_for(kind)
        if model is None:
            continue
        try:
            got = model.predict(list(texts))
        except Exception:
            log.exception("hotline model %s failed on %d tickets", kind, len(texts))
            continue
        for hints, one in zip(out, got, strict=True):
            hints[kind] = Suggestion(kind=kind, label=str(one.label), confidence=float(one.confidence),
                                     reasons=list(one.reasons)[:8], needs_person=bool(one.needs_person))
    return out


def clear_cache() -> None:
    _loaded.clear()
