"""Automatic records for audited models and for login, logout and failed login.

A model is audited when it has `audit_enabled = True` (every `core.models.BaseModel` by
default, and `org.User`). For each one:
  - post_init keeps a snapshot of the tracked field values as loaded (no extra query);
  - post_save writes `create` (the non-empty values) or `update` (only the fields whose value
    differs from the snapshot; nothing if none does), then refreshes the snapshot;
  - post_delete writes `delete` with the last values.
Tracked fields: concrete, non-primary-key fields minus `audit_exclude_fields`, auto
timestamps and any field called `password`. The JSON uses raw field names (FK ids).
`audit.step(...)` relabels the updates and notes the rest; `audit.suppressed()` skips them.

Many-to-many changes made from the audited side are recorded as {field: [removed, added]}.
Not seen here: QuerySet.update(), bulk_create/bulk_update, raw SQL:
services using them call `record`/`record_many` themselves.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import signals as auth_signals
from django.db.models import signals

from . import trail
from .chain import jsonable
from .models import Action, AuditRecord

SNAPSHOT = "_audit_before"
_fields: dict[type, tuple[tuple[str, str], ...]] = {}


def is_audited(model) -> bool:
    return (getattr(model, "audit_enabled", False) is True and model is not AuditRecord
            and not model._meta.abstract)


def tracked_fields(model) -> tuple[tuple[str, str], ...]:
    """(name, attname) of the fields written into the trail, cached per model."""
    found = _fields.get(model)
    if found is None:
        exclude = set(getattr(model, "audit_exclude_fields", ())) | {"password"}
        found = tuple(
            (f.name, f.attname) for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in exclude and f.attname not in exclude
            and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
        )
        _fields[model] = found
    return found


def _snapshot(instance) -> None:
    data = instance.__dict__
    instance.__dict__[SNAPSHOT] = {
        att: (jsonable(data[att]) if isinstance(data[att], dict | list) else data[att])
        for _, att in tracked_fields(type(instance)) if att in data
    }


def on_init(sender, instance, **kwargs):
    _snapshot(instance)


def _values(instance) -> dict:
    data = instance.__dict__
    return {name: jsonable(data[att]) for name, att in tracked_fields(type(instance)) if att in data}


def created_changes(instance) -> dict:
    """{field: [None, value]}: what the trail records for a new row. A service that inserts rows
    with bulk_create (which sends no signal) records them with
    `record_many([{"action": "create", "obj": row, "changes": created_changes(row)}, …])`."""
    return {name: [None, value] for name, value in _values(instance).items() if value not in (None, "")}


def on_save(sender, instance, created, update_fields=None, **kwargs):
    if trail.is_suppressed():
        _snapshot(instance)
        return
    if created:
        changes = created_changes(instance)
        action = Action.CREATE
    else:
        before = instance.__dict__.get(SNAPSHOT) or {}
        data = instance.__dict__
        only = set(update_fields) if update_fields else None
        changes = {}
        for name, att in tracked_fields(type(instance)):
            if only is not None and name not in only and att not in only:
                continue
            if att not in before or att not in data:
                continue
            old, new = jsonable(before[att]), jsonable(data[att])
            if old != new:
                changes[name] = [old, new]
        if not changes:
            _snapshot(instance)
            return
        action = Action.UPDATE
    action, note = _labelled(action)
    trail.record(action, instance, changes=changes, note=note)
    _snapshot(instance)


def _labelled(action: str) -> tuple[str, str]:
    """Inside `audit.step(a, note)`: updates become `a`; creates and deletes keep their action
    and carry the note (a 签收 that also creates a report is "新建（签收）", not a transition)."""
    labelled = trail.current_step()
    if not labelled:
        return action, ""
    if action == Action.UPDATE:
        return labelled
    return action, labelled[1]


def on_delete(sender, instance, **kwargs):
    if trail.is_suppressed():
        return
    changes = {name: [value, None] for name, value in _values(instance).items() if value not in (None, "")}
    action, note = _labelled(Action.DELETE)
    trail.record(action, instance, changes=changes, note=note)


def on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Many-to-many changes on the audited side, e.g. a user's groups: {field: [removed, added]}."""
    if trail.is_suppressed() or action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    if not is_audited(type(instance)):
        return
    name = next((f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), None)
    if name is None:
        return
    ids = sorted(pk_set or [], key=str)
    if action == "post_add":
        changes, note = {name: [[], ids]}, "添加关联"
    elif action == "post_remove":
        changes, note = {name: [ids, []]}, "移除关联"
    else:
        changes, note = {}, f"清空关联：{instance._meta.get_field(name).verbose_name}"
    if action != "post_clear" and not ids:
        return
    act, step_note = _labelled(Action.UPDATE)
    trail.record(act, instance, changes=changes, note=step_note or note)


# --- login events ------------------------------------------------------------

def _ip(request):
    if request is None or not hasattr(request, "META"):
        return None
    from zhongshu.core.middleware import client_ip

    return client_ip(request)


def on_login(sender, request, user, **kwargs):
    trail.record(Action.LOGIN, actor=user, ip=_ip(request), note="登录成功")


def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    trail.record(Action.LOGOUT, actor=user, ip=_ip(request), note="退出登录")


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the user name is kept; the password (already masked by Django) is never stored.
    username = str((credentials or {}).get("username") or "")[:60]
    trail.record(Action.LOGIN_FAILED, actor_label=f"未登录（{username or '未填用户名'}）", ip=_ip(request),
                 note=f"登录失败，用户名：{username or '（空）'}")


def connect_all() -> None:
    for model in apps.get_models():
        if not is_audited(model):
            continue
        uid = f"zhongshu.audit.{model._meta.label}"
        signals.post_init.connect(on_init, sender=model, dispatch_uid=uid + ".init")
        signals.post_save.connect(on_save, sender=model, dispatch_uid=uid + ".save")
        signals.post_delete.connect(on_delete, sender=model, dispatch_uid=uid + ".delete")
        for field in model._meta.many_to_many:
            signals.m2m_changed.connect(on_m2m, sender=field.remote_field.through,
                                        dispatch_uid=f"{uid}.m2m.{field.name}")
    auth_signals.user_logged_in.connect(on_login, dispatch_uid="zhongshu.audit.login")
    auth_signals.user_logged_out.connect(on_logout, dispatch_uid="zhongshu.audit.logout")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid="zhongshu.audit.login_failed")
