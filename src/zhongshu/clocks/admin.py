"""Django admin: ladders and rungs are edited here; clocks are read-only (they move through the engine)."""

from django.contrib import admin

from zhongshu.core.admin import ReadOnlyAdmin

from .models import Clock, ClockEvent, Ladder, Rung, RungFiring


class RungInline(admin.TabularInline):
    model = Rung
    extra = 0
    fields = ("sort", "code", "name", "anchor", "offset", "offset_unit", "repeat_every", "recipients", "actions",
              "title_template", "body_template")


@admin.register(Ladder)
class LadderAdmin(admin.ModelAdmin):
    list_display = ("kind", "name")
    inlines = [RungInline]


class ClockEventInline(admin.TabularInline):
    model = ClockEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "at", "by_label", "approved_by", "reason", "old_due_at", "new_due_at", "explanation")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Clock)
class ClockAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "unit", "state", "due_at", "next_fire_at", "escalated")
    list_filter = ("state", "kind", "escalated", "flagged")
    search_fields = ("title",)
    inlines = [ClockEventInline]


@admin.register(RungFiring)
class RungFiringAdmin(ReadOnlyAdmin):
    list_display = ("clock", "rung", "period", "fired_at", "recipients_count")
