"""Django admin: 批示 read only — they move only through instructions.transitions (every step
checked and recorded)."""

from django.contrib import admin

from zhongshu.core.admin import ReadOnlyAdmin

from .models import Instruction, Report, Round


@admin.register(Instruction)
class InstructionAdmin(ReadOnlyAdmin):
    list_display = ("number", "leader", "written_on", "carrier_title", "state")
    list_filter = ("state", "year")
    search_fields = ("number", "carrier_title", "carrier_ref")
    list_select_related = ("leader",)


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "state", "deadline", "lead_unit")
    list_filter = ("state",)
    search_fields = ("text", "instruction__number")
    list_select_related = ("instruction", "leader", "lead_unit")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "round", "submitted_by", "submitted_at")
    list_select_related = ("unit", "round", "round__instruction", "round__leader", "submitted_by")
