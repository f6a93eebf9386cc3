"""会议 forms (the shared parts from web.forms): they only parse and label; the rules live in transitions.py."""

from __future__ import annotations

from django import forms

from zhongshu.web.forms import (
    DateInput,
    LeaderField,
    MultipleFileField,
    StyledForm,
    UnitField,
    UnitsField,
    leaders,
)
from zhongshu.web.forms import unit_choices as units

from .choices import MeetingKind, RelayMethod, Reply


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kw):
        super().__init__(format="%Y-%m-%dT%H:%M", **kw)


class _Styled(StyledForm):
    """StyledForm, with hidden inputs left bare."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.pop("class", None)


class _PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class _PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        unit = f"（{obj.unit.short_name or obj.unit.name}）" if obj.unit_id else ""
        return f"{obj.full_name or obj.username}{unit}"


# --- 议题 ------------------------------------------------------------------------------------------
class TopicForm(_Styled):
    kind = forms.ChoiceField(label="拟提请会议", choices=MeetingKind.choices, initial=MeetingKind.EXECUTIVE)
    title = forms.CharField(label="议题名称", max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "如：关于人民路拓宽改造工程征地拆迁补偿方案的议题"}))
    summary = forms.CharField(label="议题说明", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="需会议研究决定的事项、背景和建议意见")
    reporter = forms.CharField(label="汇报人", max_length=50, widget=forms.TextInput(attrs={"placeholder": "姓名、职务"}))
    consulted_units = UnitsField(label="征求意见单位", queryset=None, required=False,
                                  widget=forms.SelectMultiple(attrs={"size": 5}),
                                  help_text="涉及其他单位职责的，须会前征求其意见")
    consultation = forms.CharField(label="征求意见情况", max_length=5000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="各单位意见及采纳情况；不涉及其他单位的，写明“不涉及其他单位”")
    legal_review_needed = forms.BooleanField(label="涉及规范性文件或重大行政决策，需合法性审查", required=False)
    legal_opinion = forms.CharField(label="合法性审查意见", max_length=5000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}), help_text="司法行政部门出具的审查意见")
    leader = LeaderField(label="分管市领导", queryset=None)
    leader_agreed = forms.BooleanField(label="分管市领导已同意提请会议研究", required=False)
    materials = MultipleFileField(label="议题材料", required=False,
                                  help_text="须上传汇报材料、代拟文件等：Word、PDF、OFD、Excel 或图片，可多选")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consulted_units"].queryset = units()
        self.fields["leader"].queryset = leaders()


class ReturnForm(_Styled):
    reason = forms.CharField(label="退回理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(_Styled):
    pass


# --- 会议 ------------------------------------------------------------------------------------------
class PlanForm(_Styled):
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices, initial=MeetingKind.EXECUTIVE)
    subject = forms.CharField(label="会议名称", max_length=200, required=False, help_text="专题会议须填写：研究什么")
    starts_at = forms.DateTimeField(label="会议时间", widget=_DateTimeInput())
    place = forms.CharField(label="会议地点", max_length=100, widget=forms.TextInput(attrs={"placeholder": "如：市政府第一会议室"}))
    chair = LeaderField(label="主持人", queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = leaders()


class ScheduleForm(_Styled):
    topics = forms.ModelMultipleChoiceField(label="已受理的议题", queryset=None,
                                            widget=forms.SelectMultiple(attrs={"size": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .choices import TopicState
        from .models import Topic

        self.fields["topics"].queryset = Topic.objects.filter(state=TopicState.ACCEPTED).select_related("unit")
        self.fields["topics"].label_from_instance = lambda t: f"{t.title}（{t.unit.short_name or t.unit.name}）"


class InviteForm(_Styled):
    units = UnitsField(label="参会单位", queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 6}),
                        help_text="单位主要负责同志参会；单位在回执中可请假或委托代会")
    people = _PeopleField(label="参会人员", queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 4}))
    observer = forms.BooleanField(label="列席", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from zhongshu.org.models import User

        self.fields["units"].queryset = units()
        self.fields["people"].queryset = User.objects.filter(is_active=True).select_related("unit").order_by("id")


class NoticeForm(_Styled):
    text = forms.CharField(label="通知内容", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
                           initial="请各参会单位主要负责同志准时参会，汇报单位提前15分钟到场。")


class ItemForm(_Styled):
    item = forms.IntegerField(widget=forms.HiddenInput())


class ReplyForm(ItemForm):
    reply = forms.ChoiceField(label="回执", choices=[c for c in Reply.choices if c[0] != Reply.PENDING],
                              widget=forms.RadioSelect, initial=Reply.ATTENDING)
    leave_reason = forms.CharField(label="请假事由", max_length=200, required=False)
    substitute = forms.CharField(label="代会人（姓名、职务）", max_length=50, required=False)


class HoldForm(_Styled):
    pass


class MinutesForm(_Styled):
    title = forms.CharField(label="纪要标题", max_length=200)
    text = forms.CharField(label="纪要正文", max_length=20000, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text="一段一行；“一、”“（一）”开头的行作为层次标题")
    relay_units = UnitsField(label="需传达会议精神的单位", queryset=None, required=False,
                              widget=forms.SelectMultiple(attrs={"size": 6}),
                              help_text="印发后各单位须在24小时内传达、2个工作日内报告传达情况")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relay_units"].queryset = units()


class DecisionForm(_Styled):
    text = forms.CharField(label="议定事项", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitField(label="牵头单位", queryset=None)
    co_units = UnitsField(label="配合单位", queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 4}))
    deadline = forms.DateField(label="完成时限", widget=DateInput(), required=False,
                               help_text="不填按督查督办的默认时限（15个工作日）")
    leader = LeaderField(label="牵头市领导", queryset=None, required=False, help_text="不填为会议主持人")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units()
        self.fields["co_units"].queryset = units()
        self.fields["leader"].queryset = leaders()


class IssueForm(_Styled):
    pass


class RemindForm(ItemForm):
    note = forms.CharField(label="附言", max_length=300, required=False)


# --- 传达 ------------------------------------------------------------------------------------------
class RelayForm(_Styled):
    relayed_on = forms.DateTimeField(label="传达时间", widget=_DateTimeInput())
    method = forms.ChoiceField(label="传达方式", choices=RelayMethod.choices, initial=RelayMethod.PARTY_GROUP)
    audience = forms.CharField(label="传达范围", max_length=200,
                               widget=forms.TextInput(attrs={"placeholder": "如：局党组成员、各科室负责人"}))


class ReportForm(_Styled):
    report = forms.CharField(label="学习传达情况", max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="传达学习情况、贯彻落实的具体措施和下一步安排")
