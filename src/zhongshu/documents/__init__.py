"""公文 (办文): official documents. So far:

- 拟稿检查 — a draft's problems before 签发 (checks.py: 文种, 要素, 成文日期, 文号, 篇幅, 套话) with the
  editable 套话 list (EmptyPhrase), on the page /documents/check/ and at POST /api/v1/documents/checks;
- 排版 — the same draft laid out after GB/T 9704 (layout.py reads title, 主送机关, headings, 附件说明,
  署名 and 成文日期; zhongshu.paper renders the .docx; LibreOffice, where installed, the PDF).

收文, 发文 with its 文号 series, and the 信函 and 纪要 formats come next.
"""
