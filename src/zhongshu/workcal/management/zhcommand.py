"""A management command base that speaks Chinese to the terminal.

Subcommands raise `CommandError("中文说明")` (or `UserError`/`ValueError` with a Chinese text);
from a terminal the message is printed to stderr without Django's English "CommandError:"
prefix and the process exits with status 1 (2 for usage errors). Under call_command the
CommandError propagates, so tests and other code can catch it. argparse's usage errors
(missing or unknown arguments) are translated the same way: use `zh_subparsers(parser)`.
"""

from __future__ import annotations

import re
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhongshu.core.errors import UserError

_ARGPARSE_ZH = [
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$"), r"无效的操作 \2（可选：\3）"),
    (re.compile(r"^argument (.*?): expected one argument$"), r"参数 \1 缺少取值"),
]


def translate_usage_error(message: str) -> str:
    for pattern, replacement in _ARGPARSE_ZH:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class ZhParser(CommandParser):
    def error(self, message):
        message = translate_usage_error(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(2, f"{message}（详见 {self.prog} --help）\n")
        raise CommandError(f"参数有误：{message}")


def zh_subparsers(parser, **kwargs):
    return parser.add_subparsers(parser_class=ZhParser, **kwargs)


class ZhCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = ZhParser  # translated usage errors for the top level too
        return parser

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
