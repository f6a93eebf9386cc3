"""Forms of 督查督办 pages. They only parse and label; the rules live in registration/transitions."""

from __future__ import annotations

from django import forms

from zhongshu.org.models import OrgUnit, User
from zhongshu.web.forms import (
    DateInput,
    LeaderField,
    MultipleFileField,
    StyledForm,
    UnitField,
    leaders,
    unit_choices,
)

from .choices import Cycle, Importance, Method, Rating, RecheckResult, Source


class MatterForm(StyledForm):
    number = forms.CharField(label="立项号", max_length=40, required=False, help_text="留空自动编号，如 2026-0001")
    title = forms.CharField(label="事项名称", max_length=300)
    source = forms.ChoiceField(label="事项来源", choices=Source.choices, initial=Source.WORK_REPORT)
    source_ref = forms.CharField(label="来源文号或名称", max_length=200, required=False,
                                 help_text="如：2026年市政府工作报告、市政府第12次常务会议纪要")
    basis = forms.CharField(label="立项依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    category = forms.CharField(label="领域", max_length=50, required=False)
    leader = LeaderField(label="牵头领导", queryset=User.objects.none(), required=False, empty_label="（请选择）")
    lead_unit = UnitField(label="牵头单位", queryset=OrgUnit.objects.none(), empty_label="（请选择）")
    co_units = forms.ModelMultipleChoiceField(label="配合单位", queryset=OrgUnit.objects.none(), required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 6}))
    target = forms.CharField(label="目标要求", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    deadline = forms.DateField(label="完成时限", widget=DateInput(), required=False)
    milestones = forms.CharField(label="阶段目标", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                 help_text="每行一个：日期 内容，如 2026-06-30 完成主体工程")
    report_cycle = forms.ChoiceField(label="填报周期", choices=Cycle.choices, initial=Cycle.MONTHLY)
    report_day = forms.IntegerField(label="填报日", min_value=1, max_value=28, required=False,
                                    help_text="每月/每季度为几日；每周为星期几（1–5）；留空用默认")
    importance = forms.ChoiceField(label="重要程度", choices=Importance.choices, initial=Importance.NORMAL)
    method = forms.ChoiceField(label="督查方式", choices=Method.choices, initial=Method.ITEMIZED)
    recheck_months = forms.IntegerField(label="回头看（销号后几个月）", min_value=0, max_value=24, required=False)
    files = MultipleFileField(label="附件", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders()
        self.fields["lead_unit"].queryset = unit_choices()
        self.fields["co_units"].queryset = unit_choices()
        from django.conf import settings

        self.fields["deadline"].help_text = (f"留空则自立项之日起按 {settings.ZHONGSHU_SUPERVISION_DEFAULT_WORKDAYS} "
                                             "个工作日计算")

    def clean_milestones(self):
        from zhongshu.core.tabular import parse_date

        items = []
        for n, line in enumerate((self.cleaned_data.get("milestones") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            head, _, text = line.replace("\u3000", " ").partition(" ")
            try:
                when = parse_date(head)
            except ValueError as exc:
                raise forms.ValidationError(f"第 {n} 行：{exc}（格式：日期 内容）")
            if not text.strip():
                raise forms.ValidationError(f"第 {n} 行：缺少阶段目标内容")
            items.append((when, text.strip()))
        return items


class TaskForm(StyledForm):
    unit = UnitField(label="承办单位", queryset=OrgUnit.objects.none(), empty_label="（请选择）")
    role = forms.ChoiceField(label="承办角色", choices=[("lead", "牵头"), ("co", "配合")], initial="co")
    title = forms.CharField(label="任务内容", max_length=300)
    deadline = forms.DateField(label="完成时限", widget=DateInput())
    weight = forms.IntegerField(label="权重", min_value=1, max_value=100, initial=1)
    owner_name = forms.CharField(label="责任人", max_length=50, required=False)
    owner_phone = forms.CharField(label="联系电话", max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices()


class ReportForm(StyledForm):
    progress = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=99)
    done = forms.CharField(label="具体进展", widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(label="存在问题", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    needs_coordination = forms.BooleanField(label="需领导协调", required=False)
    next_steps = forms.CharField(label="下一步计划", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    handler = forms.CharField(label="经办人", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30)


class ExtensionForm(StyledForm):
    new_deadline = forms.DateField(label="申请延至", widget=DateInput())
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(StyledForm):
    approve = forms.TypedChoiceField(label="意见", choices=[("1", "同意"), ("0", "不同意")], coerce=lambda v: v == "1")
    comment = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CoordinationForm(StyledForm):
    leader = LeaderField(label="请求协调的领导", queryset=User.objects.none(), empty_label="（请选择）")
    issue = forms.CharField(label="需协调的问题", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders()


class AnswerForm(StyledForm):
    reply = forms.CharField(label="协调意见", widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(StyledForm):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="说明为何不属于本单位职责")
    suggested_unit = UnitField(label="建议承办单位", queryset=OrgUnit.objects.none(), required=False,
                               empty_label="（不建议）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested_unit"].queryset = unit_choices()


class DecideReturnForm(StyledForm):
    reassign_to = UnitField(label="改派单位", queryset=OrgUnit.objects.none(), required=False,
                            empty_label="（不同意退回，由原单位继续办理）")
    new_deadline = forms.DateField(label="新的完成时限", widget=DateInput(), required=False,
                                   help_text="原时限已过时必填")
    comment = forms.CharField(label="处理意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reassign_to"].queryset = unit_choices()


class CompletionForm(StyledForm):
    result = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label="佐证材料", required=False,
                              help_text="可多选；支持 PDF、OFD、Word、WPS、Excel、图片等，单个不超过 20 MB")


class ReviewForm(StyledForm):
    accept = forms.TypedChoiceField(label="审核意见", choices=[("1", "通过，办结"), ("0", "驳回重办")],
                                    coerce=lambda v: v == "1")
    comment = forms.CharField(label="说明（驳回时必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    redo_workdays = forms.IntegerField(label="重办时限（工作日）", min_value=1, max_value=250, required=False)


class RateForm(StyledForm):
    rating = forms.ChoiceField(label="评价等次", choices=Rating.choices)
    comment = forms.CharField(label="评价意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RecheckForm(StyledForm):
    result = forms.ChoiceField(label="回头看结果", choices=RecheckResult.choices)
    method = forms.ChoiceField(label="检查方式", choices=Method.choices, initial=Method.ONSITE)
    findings = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 3}))
    redo_workdays = forms.IntegerField(label="重办时限（工作日，出现反弹时）", min_value=1, max_value=250,
                                       required=False)


class ReasonForm(StyledForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class OptionalNoteForm(StyledForm):
    reason = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class BulletinForm(StyledForm):
    start = forms.DateField(label="起始日", widget=DateInput())
    end = forms.DateField(label="截止日", widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("截止日不能早于起始日")
        return data


class ImportForm(StyledForm):
    file = forms.FileField(label="年度任务表（.xlsx）")
    dry_run = forms.BooleanField(label="仅检查，不导入", required=False)


class SavedFilterForm(StyledForm):
    name = forms.CharField(label="名称", max_length=40)
