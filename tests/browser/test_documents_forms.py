"""排版 in real Chromium: a 文秘 lays a 函 out from the check page and gets a 信函格式 Word file (the
letterhead drawn on page 1, no “文件”, no 印发 line), then a 纪要 with its 期数 and attendance lists;
the layout panel says which form each 文种 gets and holds at 375 px. Screenshots in test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
DRAFTS = Path(__file__).parents[1] / "documents" / "drafts"


def _download(page, button, tmp_path, name):
    with page.expect_download() as got:
        page.get_by_role("button", name=button).click()
    path = tmp_path / name
    got.value.save_as(str(path))
    return got.value.suggested_filename, path


def test_lay_out_a_letter_and_minutes(live_server, new_page, login, shot, overflow, seeded, city, make_user,
                                      password, settings, tmp_path):
    import docx
    from paper.docx_inspect import all_paragraphs, anchored_shapes
    from playwright.sync_api import expect

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("supervisor", city.office, username="ws_forms", password=password, full_name="李文秘")
    for width, height, name in ((1366, 900, "documents-layout-letter"), (375, 740, "documents-layout-letter-375")):
        page = new_page(width, height)
        login(page, live_server.url, "ws_forms")
        page.goto(live_server.url + "/documents/check/")
        page.select_option("#id_kind", "letter")
        page.fill("#id_number", "示政办函〔2026〕5号")
        page.fill("#id_text", (DRAFTS / "good_letter.txt").read_text(encoding="utf-8"))
        page.locator("#zs-layout summary").click()
        expect(page.locator("#zs-layout-forms")).to_contain_text("函用信函格式")
        page.fill("#id_issuer", "示例市人民政府办公室")
        page.fill("#id_copy_to", "市财政局")
        shot(page, name)
        assert overflow(page) <= 0
    filename, path = _download(page, "生成 Word", tmp_path, "letter.docx")
    assert filename.endswith("的函.docx")
    doc = docx.Document(str(path))
    shapes = {s["name"]: s for s in anchored_shapes(doc)}
    assert shapes["发文机关标志"]["text"] == "示例市人民政府办公室"
    assert [round(shapes[n]["y"], 1) for n in ("版头双线（粗）", "页脚双线（粗）")] == [46.7, 276.2]
    texts = [p.text for p in all_paragraphs(doc)]                 # the 抄送 is in the 版记's box
    assert texts[0] == "示政办函〔2026〕5号" and "抄送：市财政局。" in texts
    assert not [t for t in texts if t.endswith("印发")]

    page.select_option("#id_kind", "minutes")
    page.fill("#id_number", "")
    page.fill("#id_text", (DRAFTS / "good_minutes.txt").read_text(encoding="utf-8"))
    page.fill("#id_issuer", "示例市人民政府常务会议")
    page.fill("#id_issue", "第12期")
    page.fill("#id_copy_to", "")
    filename, path = _download(page, "生成 Word", tmp_path, "minutes.docx")
    assert filename.endswith("纪要.docx")
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[:3] == ["示例市人民政府常务会议纪要", "第12期", "\t示例市人民政府办公室\t2026年3月5日"]
    assert "出席：张明、李强、王芳、赵军、钱伟、孙丽" in texts
