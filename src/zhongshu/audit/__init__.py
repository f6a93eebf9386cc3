"""全程留痕: the tamper-evident audit trail.

    from zhongshu import audit
    audit.record("transition", task, changes={"status": ["assigned", "accepted"]}, note="签收")
    audit.record_many([{"action": "remind", "obj": t, "note": "催办"} for t in tasks])
    audit.history_for(task)            # that record's history, newest first
    with audit.step("transition", "签收"): task.save()   # label the automatic record
    audit.verify()                      # -> VerifyResult

Audited models (BaseModel, org.User) are recorded automatically on create, change and
delete; QuerySet.update()/bulk operations are not: call record/record_many for those.
The names are loaded lazily so that importing this package never touches the app registry.
"""

from __future__ import annotations

_EXPORTS = {
    "record": "trail", "record_many": "trail", "history_for": "trail", "step": "trail",
    "suppressed": "trail", "verify": "verification", "prune": "verification", "VerifyResult": "verification",
    "Action": "models", "AuditRecord": "models", "created_changes": "signals",
}

__all__ = list(_EXPORTS)


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'zhongshu.audit' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
