"""Numbering series (consecutive, never twice, even at the same moment) and attachments
(validated before anything is stored)."""

from __future__ import annotations

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction

from zhongshu.core.errors import UserError
from zhongshu.core.files import attach, attachments_for, validate_upload
from zhongshu.core.models import Attachment, Sequence
from zhongshu.core.numbering import next_number, peek


@pytest.mark.django_db
def test_numbers_are_consecutive_per_series_and_year():
    assert [next_number("doc", 2026) for _ in range(3)] == [1, 2, 3]
    assert next_number("doc", 2027) == 1 and next_number("matter", 2026) == 1
    assert peek("doc", 2026) == 3 and peek("nothing", 2026) == 0


@pytest.mark.django_db
def test_a_number_taken_by_a_rolled_back_action_is_given_again():
    next_number("doc", 2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number("doc", 2026) == 2
        raise RuntimeError("the action failed")
    assert next_number("doc", 2026) == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_four_threads_numbering_at_once_get_no_duplicate_and_no_gap():
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 的写事务本身串行")
    got, errors = [], []
    start = threading.Barrier(4)

    def worker():
        try:
            start.wait()
            for _ in range(50):
                with transaction.atomic():
                    got.append(next_number("concurrent", 2026))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    assert sorted(got) == list(range(1, 201))
    assert Sequence.objects.get(key="concurrent", year=2026).last == 200


@pytest.mark.parametrize("name, data, message", [
    ("病毒.exe", b"MZ", "不支持的附件类型：病毒.exe"),
    ("空文件.pdf", b"", "附件为空文件"),
])
def test_bad_uploads_are_refused(name, data, message):
    with pytest.raises(UserError, match=message):
        validate_upload(SimpleUploadedFile(name, data))


def test_too_large_uploads_are_refused(settings):
    settings.ZHONGSHU_ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile("扫描件.pdf", b"%PDF")
    big.size = 3 * 1024 * 1024
    with pytest.raises(UserError, match=r"附件过大：扫描件.pdf（3.0 MB，上限 1 MB）"):
        validate_upload(big)


@pytest.mark.django_db
def test_attach_stores_by_content_and_lists_per_record(city, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    item = attach(city.traffic, SimpleUploadedFile("佐证材料.pdf", b"%PDF-1.4 abc", content_type="application/pdf"),
                  purpose="evidence")
    assert item.sha256 and item.size == 12 and item.name == "佐证材料.pdf" and item.size_text == "12 B"
    assert list(attachments_for(city.traffic)) == [item] and not attachments_for(city.water).exists()
    with item.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 abc"
    assert Attachment.objects.get().purpose == "evidence"


def test_the_same_bytes_are_stored_once(city, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    first = attach(city.traffic, SimpleUploadedFile("来文.pdf", b"%PDF-1.4 same", content_type="application/pdf"))
    second = attach(city.water, SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4 same", content_type="application/pdf"))
    other = attach(city.water, SimpleUploadedFile("另一份.pdf", b"%PDF-1.4 other", content_type="application/pdf"))
    assert first.file.name == second.file.name != other.file.name
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 2
    assert (first.name, second.name) == ("来文.pdf", "扫描件.pdf")          # each record keeps its own name
    with second.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 same"
    assert [a.name for a in attachments_for(city.water)] == ["扫描件.pdf", "另一份.pdf"]
