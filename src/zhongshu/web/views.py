"""The 工作台 (home page): what the signed-in user must look at today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import dashboard
from .nav import menus
from .todo import todos


@login_required
def home(request):
    """工作台: what waits for my step (待办), my latest notices, my overdue / due-soon / running items;
    counts office-wide.

    The three administrators (三员) do no business work: they see their admin shortcuts.
    """
    user = request.user
    now = timezone.now()
    if user.is_admin_only:
        return render(request, "web/home_admin.html", {"shortcuts": menus(user)})
    sections = dashboard.clock_sections(user, now)
    context = {
        "now": now,
        "notices": dashboard.latest_notices(user),
        "todos": todos(user),
        "lights": [s for s in sections if s.light != "none"],
        "sections": [s for s in sections if s.light != "none" or s.count],
        "office_wide": user.is_office_wide,
    }
    if user.is_office_wide:
        context["unit_board"] = dashboard.unit_board(now)
    return render(request, "web/home.html", context)
