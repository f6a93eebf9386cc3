"""The one deadline engine (时限与督促): clocks on any record, escalation ladders, the sweeper, lights.

Public API (imported lazily so the app package loads before Django's models are ready):

    from zhongshu.clocks import Limit, start_clock, start_clocks, pause, resume, extend, reopen, complete, stop, clock_for
    from zhongshu.clocks import sweep, light, light_q, register_action
"""

from __future__ import annotations

_EXPORTS = {
    "Limit": "limits",
    "start_clock": "engine",
    "start_clocks": "engine",
    "pause": "engine",
    "resume": "engine",
    "extend": "engine",
    "reopen": "engine",
    "complete": "engine",
    "stop": "engine",
    "clock_for": "engine",
    "set_progress": "engine",
    "escalate": "engine",
    "flag": "engine",
    "sweep": "sweeper",
    "SweepResult": "sweeper",
    "light": "lights",
    "light_q": "lights",
    "light_title": "lights",
    "register_action": "hooks",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'zhongshu.clocks' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"zhongshu.clocks.{module}"), name)
