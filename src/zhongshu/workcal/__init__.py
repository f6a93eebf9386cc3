"""The working-day calendar. Use `from zhongshu.workcal.calc import get_calendar`."""
