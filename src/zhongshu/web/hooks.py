"""Functions that zhongshu apps offer the page frame by convention: `<app>/<module>.py` with a
function `<name>` (nav.items for the menus, todo.items for the 工作台's 待办).

The apps that have such a module are found once per process (import attempts are cached), in
INSTALLED_APPS order; an app whose module is missing is skipped, an import error inside an
existing module is raised (a broken module must be seen, not hidden).
"""

from __future__ import annotations

import importlib
from functools import cache

from django.apps import apps


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
