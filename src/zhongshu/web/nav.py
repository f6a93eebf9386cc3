"""Module menus for the page frame, collected from every installed zhongshu app.

An app offers menu entries by having a module `<app>/nav.py` with

    def items(user) -> list[tuple[str, str]]:   # (label, url), already filtered by role

Algorithm: the list of apps that have such a module is found once per process (import
attempts are cached); on each page, each provider is called with the signed-in user, in
INSTALLED_APPS order. An app with one entry becomes a plain link in the navbar; an app with
several becomes a dropdown titled with the app's verbose_name. A provider that raises is
logged and skipped, so one broken module never takes the frame of every page down.
"""

from __future__ import annotations

from dataclasses import dataclass

from .hooks import app_functions, results


@dataclass(frozen=True)
class Menu:
    app: str  # the app's verbose_name
    items: tuple[tuple[str, str], ...]

    @property
    def single(self) -> bool:
        return len(self.items) == 1

    @property
    def label(self) -> str:
        """The navbar text: the entry itself when alone, else the app's name (a dropdown)."""
        return self.items[0][0] if self.single else self.app

    @property
    def url(self) -> str:
        return self.items[0][1]


def providers() -> tuple[tuple[str, object], ...]:
    """(verbose_name, items function) of every zhongshu app that has a nav.py, in app order."""
    return app_functions("nav", "items")


def _entries(found) -> tuple[tuple[str, str], ...]:
    return tuple((str(text), str(url)) for text, url in found)


def menus(user) -> list[Menu]:
    """The module menus `user` may see."""
    if user is None or not user.is_authenticated:
        return []
    result = []
    for label, entries in results(providers(), user, "菜单", shape=_entries):
        if entries:
            result.append(Menu(app=label, items=entries))
    return result
