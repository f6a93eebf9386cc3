"""Files refused as a whole, with a Chinese message, before or instead of parsing."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.core.errors import UserError
from zhongshu.core.tabular import TableError, read_xlsx
from zhongshu.core.tabular.source import format_size

MB = 1024 * 1024


def refusal(source, fields, **kw) -> TableError:
    with pytest.raises(TableError) as exc:
        read_xlsx(source, fields, **kw)
    assert isinstance(exc.value, UserError) and exc.value.status == 400
    return exc.value


class HugeUpload:
    """An upload that claims 52.3 MB: any attempt to read or parse it fails the test."""

    name = "任务表.xlsx"
    size = int(52.3 * MB)

    def read(self, *args):
        raise AssertionError("the file was read although its size is over the limit")

    seek = tell = read


def test_size_is_checked_before_reading(task_fields):
    error = refusal(HugeUpload(), task_fields)
    assert (error.code, error.message) == ("file_too_large", "文件过大：52.3 MB，上限 10 MB")


def test_size_of_a_path_is_checked_before_reading(tmp_path, task_fields):
    path = tmp_path / "sparse.xlsx"
    with open(path, "wb") as handle:
        handle.truncate(50 * MB + 1)  # sparse: takes no space on disk
    assert refusal(path, task_fields).message == "文件过大：50.0 MB，上限 10 MB"
    assert refusal(str(path), task_fields).code == "file_too_large"


def test_size_of_a_file_object_without_size_is_found_by_seeking(task_fields):
    stream = io.BytesIO(b"\0" * 2048)
    assert refusal(stream, task_fields, max_bytes=1024).message == "文件过大：2 KB，上限 1 KB"


def test_a_lying_size_is_not_trusted(make_xlsx, task_fields):
    upload = SimpleUploadedFile("t.xlsx", make_xlsx([["事项", "完成时限"]]).read_bytes())
    upload.size = 10
    assert refusal(upload, task_fields, max_bytes=1000).message == "文件过大：超过 1.0 KB，上限 1.0 KB"


def test_bytes_over_the_limit(task_fields):
    assert refusal(b"x" * 3000, task_fields, max_bytes=2048).code == "file_too_large"


@pytest.mark.parametrize("n, shown", [(int(52.3 * MB), "52.3 MB"), (10 * MB, "10 MB"), (2048, "2 KB"),
                                      (1536, "1.5 KB")])
def test_format_size(n, shown):
    assert format_size(n) == shown


def test_a_django_upload_is_read(make_xlsx, task_fields):
    upload = SimpleUploadedFile("任务表.xlsx", make_xlsx([["事项", "完成时限"], ["甲", "2026-06-30"]]).read_bytes())
    upload.read(10)  # a view may already have looked at it
    assert read_xlsx(upload, task_fields).rows[0].values["title"] == "甲"


def test_empty_file(task_fields):
    assert refusal(b"", task_fields).message == "文件是空的（0 字节）"


def test_legacy_xls_by_signature(tmp_path, task_fields):
    path = tmp_path / "任务表.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "Workbook".encode("utf-16-le"))
    error = refusal(path, task_fields)
    assert error.code == "legacy_xls"
    assert error.message == "文件是旧版 Excel（.xls）格式：请将 .xls 文件另存为 .xlsx 后再导入"


def test_password_protected_xlsx(task_fields):
    data = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    assert refusal(data, task_fields).code == "encrypted"


@pytest.mark.parametrize("content, encoding", [("事项,完成时限\n甲,2026-06-30\n", "utf-8"),
                                               ("\ufeff事项,完成时限\n", "utf-8"),
                                               ("事项\t完成时限\n甲\t2026-06-30\n", "gb18030"),
                                               ("事项\t完成时限\r\n", "utf-16")])
def test_text_renamed_to_xlsx(tmp_path, task_fields, content, encoding):
    path = tmp_path / "任务表.xlsx"
    path.write_bytes(content.encode(encoding))
    error = refusal(path, task_fields)
    assert error.code == "text_file"
    assert error.message == "文件是文本（CSV 等）格式，不是 Excel 文件：请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"


def test_html_saved_as_xls_by_another_system(task_fields):
    data = "<html><head><meta charset='utf-8'></head><body><table><tr><td>事项</td></tr></table></body></html>"
    error = refusal(data.encode(), task_fields)
    assert error.code == "text_file" and "HTML" in error.message


def test_binary_garbage(task_fields):
    assert refusal(bytes(range(256)) * 4, task_fields).message == "文件不是有效的 Excel（.xlsx）文件"


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("members, message", [
    ({"说明.txt": b"hello"}, "文件不是有效的 Excel（.xlsx）文件（这是一个普通压缩包，不是 Excel 表格）"),
    ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}, "文件不是有效的 Excel（.xlsx）文件（这是 Word 文档）"),
    ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
     "文件不是有效的 Excel（.xlsx）文件（这是 OpenDocument（.ods）格式）：请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"),
])
def test_zip_that_is_not_xlsx(task_fields, members, message):
    error = refusal(zip_of(members), task_fields)
    assert (error.code, error.message) == ("not_xlsx", message)


def test_truncated_xlsx(make_xlsx, task_fields):
    data = make_xlsx([["事项", "完成时限"], ["甲", "2026-06-30"]]).read_bytes()
    error = refusal(data[: len(data) // 2], task_fields)
    assert (error.code, error.message) == ("not_xlsx", "文件不是有效的 Excel（.xlsx）文件（文件已损坏或不完整）")


def test_xlsx_with_a_damaged_part(make_xlsx, task_fields):
    source = zipfile.ZipFile(make_xlsx([["事项", "完成时限"]]))
    members = {name: source.read(name) for name in source.namelist()}
    members["xl/workbook.xml"] = b"<workbook><sheets><sheet"
    error = refusal(zip_of(members), task_fields)
    assert (error.code, error.message) == ("not_xlsx", "文件不是有效的 Excel（.xlsx）文件（无法读取，文件可能已损坏）")


def test_zip_bomb_is_refused_before_parsing(make_xlsx, task_fields):
    source = zipfile.ZipFile(make_xlsx([["事项", "完成时限"]]))
    members = {name: source.read(name) for name in source.namelist()}
    members["xl/media/padding.bin"] = b"\0" * (2 * MB)  # compresses to about 2 KB
    data = zip_of(members)
    assert len(data) < 20_000
    error = refusal(data, task_fields, max_bytes=20_000)
    assert error.code == "unpacked_too_large" and error.message.startswith("文件解压后过大：2.0 MB，上限 ")


def test_empty_workbook(tmp_path, task_fields):
    path = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(path)
    assert refusal(path, task_fields).message == "工作簿是空的，没有任何内容"


def test_workbook_of_blank_cells_is_empty(make_xlsx, task_fields):
    path = make_xlsx([[None, " "], ["\u3000", None]])
    assert refusal(path, task_fields).code == "empty_workbook"


def test_text_mode_file_object_is_a_programming_error(tmp_path, task_fields):
    path = tmp_path / "t.txt"
    path.write_text("事项")
    with open(path, encoding="utf-8") as handle, pytest.raises(TypeError):
        read_xlsx(handle, task_fields)


def test_too_many_cells_are_refused_before_the_full_load(make_xlsx, task_fields, monkeypatch):
    def far_cell(ws):
        ws["Z2000"] = "格式残留"

    path = make_xlsx([["事项", "完成时限"], ["甲", "2026-06-30"]], setup=far_cell)
    assert read_xlsx(path, task_fields, max_rows=5000).ok

    from zhongshu.core.tabular import reader

    opened = []
    real_open = reader.open_workbook
    monkeypatch.setattr(reader, "open_workbook", lambda data, **kw: opened.append(kw) or real_open(data, **kw))
    error = refusal(path, task_fields, max_cells=50_000)
    assert error.code == "too_many_cells"
    assert error.message == ("表格过大：工作表「Sheet1」的使用区域为 A1:Z2000（约 52,000 个单元格），全部工作表上限 50,000 个。"
                             "如果末尾有设置了格式的空行或空列，请删除后再导入")
    assert opened == [{"data_only": False, "read_only": True}]  # the full (normal mode) load never ran
