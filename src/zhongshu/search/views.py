"""/search/: 全文检索 across 公文, 批示 and 纪要 — a phrase, a 文号 or a unit, scoped, newest first."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhongshu.core.phrases import MAX_QUERY
from zhongshu.web.forms import UnitField, unit_choices

from .query import kinds, search

PAGE_SIZE = 50


class SearchForm(forms.Form):
    q = forms.CharField(label="检索", max_length=MAX_QUERY, required=False,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search", "autofocus": True,
                                                      "placeholder": "标题、文号、单位或正文中的词句，空格分隔多个词"}))
    kind = forms.ChoiceField(label="类别", required=False,
                             widget=forms.Select(attrs={"class": "form-select"}))
    unit = UnitField(label="单位", queryset=None, required=False, empty_label="全部单位",
                     widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "全部类别")] + [(k, k) for k in kinds()]
        self.fields["unit"].queryset = unit_choices()


@login_required
def search_page(request):
    form = SearchForm(request.GET or None)
    result, page = None, 1
    if form.is_valid() and form.cleaned_data["q"]:
        d = form.cleaned_data
        try:
            page = max(1, int(request.GET.get("page", 1)))
        except ValueError:
            page = 1
        result = search(request.user, d["q"], kind=d.get("kind") or "", unit_id=d["unit"].pk if d.get("unit") else None,
                        limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "search/search.html", {
        "form": form, "result": result, "page": page, "query": query.urlencode(),
        "has_next": bool(result and result.total > page * PAGE_SIZE)})
