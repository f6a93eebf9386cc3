"""The working-day calendar. Use `from zhongshu.workcal.calc import get_calendar`."""
from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "zhongshu.workcal"
    label = "workcal"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from . import signals

        signals.connect()
