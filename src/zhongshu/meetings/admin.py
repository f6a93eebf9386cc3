"""Django admin: meetings, 议题, 纪要 and 传达 read only (they move only through meetings.transitions,
every step checked and recorded); the 传达 ladders are edited with the other ladders (clocks)."""

from django.contrib import admin

from zhongshu.core.admin import ReadOnlyAdmin

from .models import Decision, Meeting, Relay, Topic


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "starts_at", "place", "chair", "state")
    list_filter = ("kind", "state", "year")
    search_fields = ("subject", "place")
    list_select_related = ("chair",)


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "kind", "state", "submitted_at", "meeting")
    list_filter = ("state", "kind")
    search_fields = ("title",)
    list_select_related = ("unit", "meeting")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "lead_unit", "deadline", "registered_at")
    list_select_related = ("meeting", "lead_unit")


@admin.register(Relay)
class RelayAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "unit", "state", "relayed_at", "reported_at", "relayed_late", "reported_late")
    list_filter = ("state", "relayed_late", "reported_late")
    list_select_related = ("meeting", "unit")
