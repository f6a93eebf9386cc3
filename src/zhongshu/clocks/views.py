"""Read-only pages: a clock (how its due date was computed, its history, its reminders) and the ladders."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhongshu.org.scope import get_visible_or_404

from .lights import light, light_title
from .models import ACTION_LABELS, RECIPIENT_LABELS, Clock, Ladder


@login_required
def clock_detail(request, pk: int):
    """One clock, visible under the one scoping rule (404 for another unit's clock)."""
    clock = get_visible_or_404(Clock.objects.select_related("unit", "assigned_by", "leader"), request.user, pk=pk)
    now = timezone.now()
    target_url = ""
    getter = getattr(clock.target, "get_absolute_url", None)
    if callable(getter):
        try:
            target_url = getter()
        except Exception:  # noqa: BLE001 - a broken link must not break the page
            target_url = ""
    context = {
        "clock": clock,
        "now": now,
        "color": light(clock, now),
        "light_words": light_title(clock, now),
        "explanation_lines": [line for line in clock.due_explanation.splitlines() if line.strip()],
        "events": clock.events.select_related("by", "approved_by"),
        "firings": clock.firings.select_related("rung").order_by("-fired_at", "-id")[:100],
        "target_url": target_url,
    }
    return render(request, "clocks/detail.html", context)


@login_required
def ladder_list(request):
    ladders = []
    for ladder in Ladder.objects.prefetch_related("rungs").order_by("kind"):
        rungs = [{
            "rung": rung,
            "when": rung.describe(),
            "recipients": "、".join(RECIPIENT_LABELS.get(k, k) for k in rung.recipients or []) or "—",
            "actions": "、".join(ACTION_LABELS.get(a, a) for a in rung.actions or []) or "—",
        } for rung in ladder.rungs.all()]
        ladders.append({"ladder": ladder, "rungs": rungs})
    return render(request, "clocks/ladders.html", {"ladders": ladders})
