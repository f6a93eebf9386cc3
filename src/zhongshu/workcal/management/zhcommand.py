"""A management command base that speaks Chinese to the terminal.

Subcommands raise `CommandError("中文说明")` (or `UserError`/`ValueError` with a Chinese text);
from a terminal the message is printed to stderr without Django's English "CommandError:"
prefix and the process exits with status 1 (2 for usage errors). Under call_command the
CommandError propagates, so tests and other code can catch it.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from zhongshu.core.errors import UserError


class ZhCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            try:
                return super().execute(*args, **options)
            except (UserError, ValueError) as exc:
                raise CommandError(getattr(exc, "message", None) or str(exc)) from exc
        except CommandError as exc:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)

    def note(self, text: str) -> None:
        """A remark that must be seen but is not the result (the fallback note): stderr."""
        if text:
            self.stderr.write(self.style.WARNING(f"注意：{text}"))
