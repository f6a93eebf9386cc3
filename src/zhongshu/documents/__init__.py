"""公文 (办文): official documents. This first part is 拟稿检查 — a draft's problems before 签发
(checks.py: 文种, 要素, 成文日期, 文号, 篇幅, 套话) with the editable 套话 list (EmptyPhrase),
the page /documents/check/ and POST /api/v1/documents/checks. 收文, 发文, 文号 series and the
GB/T 9704 layout (zhongshu.paper) come next."""
