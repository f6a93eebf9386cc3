"""Hashing of audit records: SM3 over the previous hash and a canonical JSON of the record.

    hash = SM3(prev_hash || canonical_json(record))

canonical_json: the fields below as one JSON object, keys sorted, `ensure_ascii=False`, no
spaces, timestamps as ISO 8601 in UTC with microseconds, the object type as "app_label.model".
Values inside `changes` are first made JSON-native by `jsonable` so that what is hashed is
exactly what the database gives back (PostgreSQL jsonb reorders keys and reformats numbers;
floats and decimals are therefore kept as strings).
The actor's user id is not hashed (deleting a user sets it to NULL); the actor's label is.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import ipaddress
import json
import uuid
from datetime import UTC

from django.contrib.contenttypes.models import ContentType

HASHED_FIELDS = ("seq", "at", "actor_label", "ip", "request_id", "channel", "action",
                 "content_type_id", "object_id", "object_repr", "changes", "note")


def jsonable(value):
    """Turn a Python value into JSON-native data that survives a database round trip unchanged."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float | decimal.Decimal | uuid.UUID | datetime.timedelta):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} 字节>"
    name = getattr(value, "name", None)  # FieldFile
    if isinstance(name, str):
        return name
    pk = getattr(value, "pk", None)  # a model instance
    if pk is not None:
        return jsonable(pk)
    return str(value)


def normal_ip(ip: str | None) -> str | None:
    """One spelling per address (PostgreSQL's inet rewrites IPv6 text); None if not an address."""
    if not ip:
        return None
    try:
        return str(ipaddress.ip_address(str(ip).strip()))
    except ValueError:
        return None


_type_labels: dict[int, str] = {}


def type_label(content_type_id: int | None) -> str | None:
    """"app_label.model" of a content type id, cached per process (content types never change)."""
    if content_type_id is None:
        return None
    label = _type_labels.get(content_type_id)
    if label is None:
        ct = ContentType.objects.get_for_id(content_type_id)
        label = _type_labels[content_type_id] = f"{ct.app_label}.{ct.model}"
    return label


def canonical_json(values: dict) -> str:
    """`values` maps HASHED_FIELDS to the record's values (content_type_id as an id)."""
    at = values["at"]
    if isinstance(at, datetime.datetime):
        at = at.astimezone(UTC).isoformat(timespec="microseconds")
    data = {
        "seq": values["seq"],
        "at": at,
        "actor": values["actor_label"] or "",
        "ip": normal_ip(values["ip"]),
        "request_id": values["request_id"] or "",
        "channel": values["channel"],
        "action": values["action"],
        "object_type": type_label(values["content_type_id"]),
        "object_id": values["object_id"] or "",
        "object_repr": values["object_repr"] or "",
        "changes": values["changes"] or {},
        "note": values["note"] or "",
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def compute_hash(prev_hash: str, values: dict) -> str:
    h = hashlib.new("sm3")
    h.update(prev_hash.encode("ascii"))
    h.update(canonical_json(values).encode("utf-8"))
    return h.hexdigest()
