"""Forms of the 12345 pages. They only parse and label; the rules (lengths, phone numbers, states,
permissions) live in intake.py / validation.py / transitions.py, whose Chinese reasons the pages show."""

from __future__ import annotations

from django import forms

from zhongshu.org.models import OrgUnit

from .choices import Channel, RequestType, Resolution, ReturnReason, Satisfaction, Urgency
from .models import CatalogueEntry, Category, KnowledgeEntry


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.RadioSelect):
            continue
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
    return form


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


def text_area(rows=3, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


def category_choices(empty="—— 暂不选择 ——"):
    """The tree as grouped choices: one group per 一级 分类, its 二级 / 三级 nodes inside."""
    nodes = list(Category.objects.filter(active=True).order_by("full_name").only("id", "name", "full_name", "level",
                                                                                 "parent_id"))
    roots = [n for n in nodes if n.level == 1]
    groups = []
    for root in roots:
        prefix = f"{root.full_name} / "
        inside = [(str(root.pk), f"{root.name}（一级，全部）")]
        inside += [(str(n.pk), n.full_name[len(prefix):]) for n in nodes if n.full_name.startswith(prefix)]
        groups.append((root.name, inside))
    return [("", empty)] + groups


def unit_choices(empty="—— 请选择 ——"):
    units = OrgUnit.objects.filter(is_active=True).order_by("path").only("id", "name", "depth")
    return [("", empty)] + [(str(u.pk), f"{'　' * max(u.depth - 1, 0)}{u.name}") for u in units]


class CategoryField(forms.ChoiceField):
    """A select over the tree; cleaned to the Category (or None)."""

    def __init__(self, *args, empty="—— 暂不选择 ——", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, choices=(), **kwargs)
        self.empty = empty

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        found = Category.objects.filter(pk=value, active=True).first()
        if found is None:
            raise forms.ValidationError("分类不存在")
        return found

    def valid_value(self, value):
        return str(value).isdigit()


class UnitField(forms.ChoiceField):
    def __init__(self, *args, empty="—— 请选择 ——", **kwargs):
        super().__init__(*args, choices=(), **kwargs)
        self.empty = empty

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        found = OrgUnit.objects.filter(pk=value, is_active=True).first()
        if found is None:
            raise forms.ValidationError("单位不存在")
        return found

    def valid_value(self, value):
        return str(value).isdigit()


def _fill_choices(form):
    for field in form.fields.values():
        if isinstance(field, CategoryField):
            field.choices = category_choices(field.empty)
        elif isinstance(field, UnitField):
            field.choices = unit_choices(field.empty)


class TreeForm(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fill_choices(self)


# --- 受理 ----------------------------------------------------------------------------------------
class IntakeForm(TreeForm):
    """Lengths and formats are checked by intake.validate (one list of Chinese reasons), not here."""

    caller_name = forms.CharField(label="来电人", required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    caller_phone = forms.CharField(label="联系电话", required=False,
                                   widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                                   help_text="手机号 11 位；固定电话如 0731-12345678")
    confidential = forms.BooleanField(label="保密（对承办单位隐去来电人身份）", required=False)
    channel = forms.ChoiceField(label="来源渠道", choices=Channel.choices, initial=Channel.PHONE)
    request_type = forms.ChoiceField(label="诉求类型", choices=RequestType.choices, initial=RequestType.CONSULT)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    category = CategoryField(label="分类", empty="—— 暂不选择（由智能建议或派单员确定）——")
    location = forms.CharField(label="地点", required=False)
    title = forms.CharField(label="标题", required=False, help_text="不填则取诉求内容的第一句")
    description = forms.CharField(label="诉求内容", widget=text_area(6), required=False)


# error words of intake.validate → the field they belong to
ERROR_FIELDS = (("联系电话", "caller_phone"), ("诉求内容", "description"), ("标题", "title"), ("分类", "category"),
                ("来源渠道", "channel"), ("诉求类型", "request_type"), ("紧急程度", "urgency"))


# --- the steps of a ticket -------------------------------------------------------------------------
class EmptyForm(StyledForm):
    pass


class DispatchForm(TreeForm):
    unit = UnitField(label="承办单位", required=False, empty="—— 按派单目录 ——")
    basis = forms.CharField(label="派单依据", required=False, widget=text_area(2),
                            help_text="未按派单目录派单时必填：为什么由该单位办理")
    category = CategoryField(label="改为分类", empty="—— 不改分类 ——")


class NoteForm(StyledForm):
    text = forms.CharField(label="办理情况", widget=text_area(3))


class ReturnForm(StyledForm):
    reason = forms.ChoiceField(label="退单原因", choices=[("", "—— 请选择 ——")] + list(ReturnReason.choices))
    text = forms.CharField(label="退单说明", widget=text_area(3))


AGREE = [("yes", "同意退单，改派"), ("no", "不同意退单，退回原单位办理")]


class DecideReturnForm(TreeForm):
    agree = forms.ChoiceField(label="审核意见", choices=AGREE, widget=forms.RadioSelect)
    unit = UnitField(label="改派单位（同意时）", required=False, empty="—— 按派单目录 ——")
    basis = forms.CharField(label="改派依据", required=False, widget=text_area(2))
    comment = forms.CharField(label="不同意的理由", required=False, widget=text_area(2))


class DisputeForm(StyledForm):
    text = forms.CharField(label="异议理由", widget=text_area(3))


class RuleDisputeForm(TreeForm):
    unit = UnitField(label="裁定承办单位")
    ruling = forms.CharField(label="裁定意见", widget=text_area(3))


class ExtensionForm(StyledForm):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=30)
    basis = forms.CharField(label="延期依据", widget=text_area(3))


DECIDE = [("yes", "同意延期"), ("no", "不同意延期")]


class DecideExtensionForm(StyledForm):
    approve = forms.ChoiceField(label="审批意见", choices=DECIDE, widget=forms.RadioSelect)
    comment = forms.CharField(label="审批意见说明", required=False, widget=text_area(2), help_text="不同意时必填")


class ReplyForm(StyledForm):
    resolution = forms.ChoiceField(label="办理结果", choices=[("", "—— 请选择 ——")] + list(Resolution.choices))
    reply = forms.CharField(label="答复内容", widget=text_area(4))


class ReasonForm(StyledForm):
    reason = forms.CharField(label="理由", widget=text_area(2))


class CallbackForm(StyledForm):
    not_reached = forms.BooleanField(label="未接通（稍后再回访）", required=False)
    satisfaction = forms.ChoiceField(label="满意度", required=False,
                                     choices=[("", "—— 请选择 ——")] + list(Satisfaction.choices))
    unit_at_fault = forms.BooleanField(label="不满意归因于承办单位（将退回重办）", required=False)
    note = forms.CharField(label="回访记录", required=False, widget=text_area(2))


class MergeForm(StyledForm):
    number = forms.CharField(label="并入工单编号", max_length=20)


class AnswerForm(StyledForm):
    knowledge = forms.ModelChoiceField(label="知识库条目", required=False, queryset=KnowledgeEntry.objects.none(),
                                       empty_label="—— 不引用 ——")
    reply = forms.CharField(label="答复内容", widget=text_area(4))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["knowledge"].queryset = KnowledgeEntry.objects.filter(active=True).order_by("question")


# --- 派单目录 ------------------------------------------------------------------------------------
class CatalogueEntryForm(forms.ModelForm):
    class Meta:
        model = CatalogueEntry
        fields = ("category", "unit", "basis", "note", "active")
        widgets = {"basis": text_area(3)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True).order_by("full_name")
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("path")
        self.fields["category"].error_messages["required"] = "请选择分类"
        self.fields["unit"].error_messages["required"] = "请选择责任单位"
        self.fields["basis"].error_messages["required"] = "请填写派单依据（职责清单条目）"
        _style(self)

    def clean(self):
        data = super().clean()
        category, active = data.get("category"), data.get("active")
        if category is not None and active:
            other = CatalogueEntry.objects.filter(category=category, active=True).exclude(pk=self.instance.pk) \
                .select_related("unit").first()
            if other is not None:
                raise forms.ValidationError(f"分类“{category.full_name}”已有有效的派单目录条目（→ {other.unit.name}），"
                                            "每个分类只能有一条有效条目：请先停用或修改该条目")
        return data

    def validate_unique(self):
        if not self.non_field_errors():  # the model's constraint says the same, less clearly
            super().validate_unique()
