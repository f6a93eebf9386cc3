"""{% load clocks %} {% light clock %} → <span class="light light-red" title="已逾期 3 个工作日">…</span>

An optional second argument gives the moment (default: now): {% light clock now %}.
"""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html

from zhongshu.clocks.lights import COLOR_LABEL, light, light_title

register = template.Library()


@register.simple_tag(name="light")
def light_tag(clock, now=None):
    now = now or timezone.now()
    color = light(clock, now)
    title = light_title(clock, now)
    return format_html('<span class="light light-{}" title="{}" role="img" aria-label="{}：{}"></span>', color, title,
                       COLOR_LABEL[color], title)


@register.simple_tag
def light_words(clock, now=None):
    return light_title(clock, now or timezone.now())
