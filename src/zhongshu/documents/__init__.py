"""公文 (办文): official documents. So far:

- 拟稿检查 — a draft's problems before 签发 (checks.py: 文种, 要素, 成文日期, 文号, 篇幅, 套话) with the
  editable 套话 list (EmptyPhrase), on the page /documents/check/ and at POST /api/v1/documents/checks;
- 排版 — the same draft laid out after GB/T 9704 (layout.py reads title, 主送机关, headings, 附件说明,
  署名 and 成文日期; zhongshu.paper renders the .docx; LibreOffice, where installed, the PDF).

- 发文登记簿 — 文号 series per 机关代字 and year (numbers.py over core.numbering: consecutive, never
  given twice, cancellations recorded, typed numbers checked against the book) at /documents/numbers/.

- 收文 — incoming documents from 签收 to 归档 (incoming.py: 登记 with scans checked by core.scans, 初审 with
  退文, 拟办, 批办 to 主办/协办单位 with the documents.handle clock and ladders.py's 催办/督办, 承办, 办结, 归档;
  传阅 with the holder always known) at /documents/incoming/ and GET /api/v1/documents/incoming.

- 发文 — outgoing documents from 拟稿 to 归档 (outgoing.py: 拟稿 with every saved text a DraftVersion,
  核稿, 会签 by several units, 签发 refused while the checks find errors, 复核, 编号 through numbers.py in
  the same transaction, 印发 as the laid-out .docx, 归档; compare.py shows two versions' differences)
  at /documents/outgoing/ and GET /api/v1/documents/outgoing.

The 信函 and 纪要 formats come next.
"""
