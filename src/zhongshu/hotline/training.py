"""Training the suggestion models on this deployment's own tickets (`zhongshu hotline retrain`,
and the worker's daily job).

Labels come from what people decided, never from what the model said:
- category model: the 二级分类 of every ticket that a person classified (its category's level-2
  ancestor, so the classes are few enough to learn; the category tree below it is picked by hand);
- unit model: the unit that finally handled each ticket that was closed by a unit (a ticket
  returned and re-dispatched teaches the unit that kept it, not the one that returned it).
Classes with fewer than MIN_PER_CLASS tickets are left out (the model cannot learn them; they
stay with the people). The model files are written atomically (a temporary file, then rename),
so intake in other processes always reads a whole file.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime

from django.conf import settings

from . import suggest
from .choices import ClosedHow, TicketState

MIN_PER_CLASS = 5
MAX_ROWS = 200_000


def _text(title: str, description: str) -> str:
    return f"{title} {description}"


def category_rows():
    from .models import Ticket

    rows = (Ticket.objects.filter(category__isnull=False).exclude(state=TicketState.MERGED)
            .values_list("title", "description", "category__level", "category__name", "category__parent__name",
                         "category__parent__level").order_by("-received_at")[:MAX_ROWS])
    out = []
    for title, description, level, name, parent, parent_level in rows:
        label = name if level <= 2 else parent if parent_level == 2 else None
        if label:
            out.append((_text(title, description), label))
    return out


def unit_rows():
    from .models import Ticket

    rows = (Ticket.objects.filter(unit__isnull=False, closed_how=ClosedHow.UNIT)
            .values_list("title", "description", "unit__name").order_by("-received_at")[:MAX_ROWS])
    return [(_text(t, d), unit) for t, d, unit in rows]


def _keep_learnable(rows):
    counts = Counter(label for _, label in rows)
    return [(text, label) for text, label in rows if counts[label] >= MIN_PER_CLASS]


def retrain(kinds=suggest.KINDS) -> str:
    """Train and write the models of `kinds`; a Chinese summary of what was trained or why not."""
    from .learning import save, train

    notes = []
    for kind in kinds:
        rows = _keep_learnable(category_rows() if kind == "category" else unit_rows())
        labels = {label for _, label in rows}
        what = "分类" if kind == "category" else "承办单位"
        if len(labels) < 2:
            notes.append(f"{what}模型未训练：可学习的历史工单不足（每类至少 {MIN_PER_CLASS} 张，至少 2 类）")
            continue
        model = train([t for t, _ in rows], [label for _, label in rows])
        save(model, suggest.model_path(kind))
        notes.append(f"{what}模型：{len(rows)} 张工单、{len(labels)} 类")
    suggest.clear_cache()
    return "；".join(notes)


def retrain_hours() -> float:
    return float(getattr(settings, "ZHONGSHU_HOTLINE_RETRAIN_HOURS", 24))


def retrain_job(now: datetime | None = None) -> str:
    """The worker's job: retrain when the last attempt (a stamp file beside the models, shared by
    every worker) is older than ZHONGSHU_HOTLINE_RETRAIN_HOURS, or never happened."""
    stamp = suggest.model_dir() / ".last-retrain"
    try:
        if time.time() - stamp.stat().st_mtime < retrain_hours() * 3600:
            return ""
    except OSError:
        pass
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    return retrain()
