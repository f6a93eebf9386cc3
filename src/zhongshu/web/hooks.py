"""Functions that zhongshu apps offer the page frame by convention: `<app>/<module>.py` with a
function `<name>` (nav.items for the menus, todo.items for the 工作台's 待办).

The apps that have such a module are found once per process (import attempts are cached), in
INSTALLED_APPS order; an app whose module is missing is skipped, an import error inside an
existing module is raised (a broken module must be seen, not hidden). `results` calls them for
one user; a function that raises is logged and skipped, so one broken app never takes a page down.
"""

from __future__ import annotations

import importlib
import logging
from functools import cache

from django.apps import apps

log = logging.getLogger(__name__)


@cache
def app_functions(module: str, name: str) -> tuple[tuple[str, object], ...]:
    """(verbose_name, function) of every zhongshu app (but web) whose `<module>` has `<name>`."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("zhongshu.") or config.label == "web":
            continue
        module_name = f"{config.name}.{module}"
        try:
            loaded = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        func = getattr(loaded, name, None)
        if callable(func):
            found.append((str(config.verbose_name), func))
    return tuple(found)


def results(providers, user, what: str, shape=list) -> list[tuple[str, object]]:
    """(verbose_name, shape(function(user))) for each (verbose_name, function) of `providers` (as
    app_functions gives them); a function that raises, or whose result `shape` cannot take, is
    logged as "<what>生成失败：<app>" and left out."""
    out = []
    for label, func in providers:
        try:
            out.append((label, shape(func(user) or ())))
        except Exception:  # noqa: BLE001 - a broken provider must not break the page
            log.exception("%s生成失败：%s", what, label)
    return out
