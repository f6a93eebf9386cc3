"""/hotline/…: each page module under views/ keeps its own `urlpatterns` (one module, one job)."""

from importlib import import_module

app_name = "hotline"

PAGES = ("tickets", "kpi", "search", "insight")

urlpatterns = []
for _name in PAGES:
    urlpatterns += import_module(f"zhongshu.hotline.views.{_name}").urlpatterns
