"""/hotline/search/: 工单检索 (hotline/search.py does the work; this page only shows it)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from zhongshu.org.roles import HOTLINE_ROLES
from zhongshu.org.scope import sees_all_of, unit_range

from ..choices import TicketState
from ..models import Ticket
from ..search import MAX_QUERY, Result, search


@login_required
def search_page(request):
    query = request.GET.get("q", "")
    state = request.GET.get("state", "")
    if state not in TicketState.values:
        state = ""
    no_scope = unit_range(request.user).nothing and not sees_all_of(request.user, Ticket)
    if no_scope:
        result = Result(query=query, error="您没有可检索的工单范围")
    elif "q" in request.GET:
        result = search(request.user, query, state=state or None)
    else:
        result = None
    return render(request, "hotline/search.html", {
        "query": query, "state": state, "states": TicketState.choices, "result": result,
        "max_query": MAX_QUERY, "phone_search": bool(request.user.role_set & HOTLINE_ROLES),
    }, status=403 if no_scope else 200)


urlpatterns = [path("search/", search_page, name="search")]
