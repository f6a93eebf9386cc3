"""python -m bench              list the benchmarks
python -m bench NAME [args]  run one (its own --help says what it takes)

A benchmark is any module bench/NAME.py (not starting with "_") defining DESCRIPTION and
main(argv) -> int. Nothing here knows the individual benchmarks.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> dict[str, str]:
    found = {}
    for info in pkgutil.iter_modules([str(HERE)]):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if callable(getattr(module, "main", None)):
            found[info.name] = getattr(module, "DESCRIPTION", "")
    return dict(sorted(found.items()))


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "list"}:
        print("可用的性能测试（python -m bench 名称 [参数]）：")
        for name, text in benchmarks().items():
            print(f"  {name:<20} {text}")
        return 0
    name, rest = argv[0], argv[1:]
    if name not in benchmarks():
        print(f"没有名为 {name} 的性能测试；运行 python -m bench 查看列表", file=sys.stderr)
        return 2
    return importlib.import_module(f"bench.{name}").main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
