"""The `zhongshu` console command: Django's management commands under one name.

`zhongshu workdays add 2026-09-30 2`, `zhongshu sweep --now ...`, `zhongshu migrate` and so on.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "zhongshu"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
