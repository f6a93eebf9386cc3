"""Ticket pages: intake, queues, detail with its steps (owned by the UI work)."""

from django.http import HttpResponse
from django.urls import path


def ticket(request, pk):  # placeholder until the detail page lands
    return HttpResponse(status=404)


urlpatterns = [path("tickets/<int:pk>/", ticket, name="ticket")]
