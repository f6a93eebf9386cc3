"""Where the shared sample data (../shared/data: the 12345 messages, the labelled set, the taxonomy)
is: $ZHONGSHU_SHARED_DATA when set, else `shared/data` beside this checkout, else beside the
checkout's parent folders (a worktree or a CI checkout one level deeper). Tests that need it skip,
saying so, when it is nowhere."""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    configured = os.environ.get("ZHONGSHU_SHARED_DATA")
    if configured:
        return Path(configured)
    for folder in _REPO.parents:
        candidate = folder / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return _REPO.parent / "shared" / "data"
