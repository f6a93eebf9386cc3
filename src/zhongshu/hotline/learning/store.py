"""Model files: versioned, checked before anything is decoded, never unpickled.

A model file is what `zhongshu hotline train` / `retrain` wrote; treat it as a trusted artefact
of this deployment all the same (keep it in the data directory, writable only by the service).
Layout:

    ZHONGSHU-HOTLINE-MODEL\\n                 magic line
    {"format": "zhongshu.hotline.text-classifier", "version": 1, "payload": "npz",
     "payload_bytes": N, "sha256": "<hex of the payload>", "labels": [...], "meta": {...}, ...}\\n
    <N bytes: a numpy .npz archive of plain arrays>

`load` checks, in this order, that the file exists and is readable, the magic line, the header
(JSON, format, version), the payload length (a truncated file) and its SHA-256 (a corrupt file);
only then does numpy open the archive, with allow_pickle=False, so even a crafted file cannot
run code; finally the arrays' shapes must agree with each other. Every failure raises
`ModelUnavailable` with a Chinese message; `load_or_none` logs it and returns None, so intake
goes on with suggestions off.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from pathlib import Path

import numpy as np

from zhongshu.core.errors import UserError

from .features import FeatureSet
from .model import TextClassifier

log = logging.getLogger(__name__)

MAGIC = b"ZHONGSHU-HOTLINE-MODEL\n"
FORMAT = "zhongshu.hotline.text-classifier"
VERSION = 1
MAX_HEADER = 1 << 20


class ModelUnavailable(UserError):
    """The model file is missing, unreadable, corrupt, or not a model of this format/version."""

    status = 503
    code = "model_unavailable"

    def __init__(self, message: str, *, path=None, reason: str = "invalid"):
        super().__init__(message)
        self.path = str(path) if path is not None else None
        self.reason = reason


def save(model: TextClassifier, path) -> Path:
    """Write `model` to `path` (parent folders created); returns the path. Atomic: the file is
    written beside `path` under a temporary name, synced, then renamed over it, so a running intake
    never reads half a file."""
    path = Path(path)
    arrays = dict(model.features.arrays())
    arrays["coef_t"] = model.coef_t
    arrays["intercept"] = model.intercept
    arrays["word_flags"] = model.word_flags
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    payload = buffer.getvalue()
    header = {
        "format": FORMAT,
        "version": VERSION,
        "payload": "npz",
        "payload_bytes": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "labels": model.labels,
        "threshold": model.threshold,
        "temperature": model.temperature,
        "features": model.features.options(),
        "meta": model.meta,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    data = MAGIC + json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + payload
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def read_header(path) -> dict:
    """The header of a model file (labels, threshold, meta…) without loading the arrays."""
    return _read(Path(path))[0]


def _read(path: Path) -> tuple[dict, bytes]:
    def refuse(what: str, reason: str):
        return ModelUnavailable(f"模型文件{what}：{path}", path=path, reason=reason)

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise refuse("不存在", "missing") from None
    except IsADirectoryError:
        raise refuse("是一个目录，不是模型文件", "unreadable") from None
    except OSError as exc:
        raise refuse(f"无法读取（{exc.strerror or exc}）", "unreadable") from None
    if not data.startswith(MAGIC):
        raise refuse("不是中枢热线分类模型（文件头不符）", "foreign")
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        raise refuse("已损坏（缺少文件说明）", "corrupt")
    try:
        header = json.loads(data[len(MAGIC):end].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise refuse("已损坏（文件说明无法解析）", "corrupt") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise refuse("不是中枢热线分类模型（格式不符）", "foreign")
    if header.get("version") != VERSION:
        raise refuse(f"版本为 {header.get('version')!r}，本程序只能读取版本 {VERSION}，请重新训练", "version")
    payload = data[end + 1:]
    if len(payload) != header.get("payload_bytes"):
        raise refuse(f"不完整（应有 {header.get('payload_bytes')} 字节数据，实有 {len(payload)} 字节）", "truncated")
    if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise refuse("已损坏（校验和不符）", "corrupt")
    return header, payload


def load(path) -> TextClassifier:
    """The model stored at `path`; raises ModelUnavailable (see the module docstring)."""
    path = Path(path)
    header, payload = _read(path)
    try:
        with np.load(io.BytesIO(payload), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        features = FeatureSet.restore(header["features"], arrays)
        model = TextClassifier(features, header["labels"], arrays["coef_t"].T, arrays["intercept"],
                               temperature=header["temperature"], threshold=header["threshold"],
                               word_flags=arrays["word_flags"], meta=header.get("meta"))
        n_features, n_classes = model.coef_t.shape
        if (n_features != features.n_features or n_classes != len(model.labels) or n_classes < 2
                or model.intercept.shape != (n_classes,) or model.word_flags.shape != (n_features,)
):
            raise ValueError("inconsistent shapes")
    except ModelUnavailable:
        raise
    except Exception as exc:
        raise ModelUnavailable(f"模型文件内容不完整或不一致：{path}（{type(exc).__name__}）", path=path,
                               reason="corrupt") from None
    return model


def load_or_none(path) -> TextClassifier | None:
    """The model, or None (logged as a warning) when it is unavailable: suggestions off."""
    try:
        return load(path)
    except ModelUnavailable as exc:
        log.warning("hotline classifier unavailable (%s): %s", exc.reason, exc.message)
        return None
