"""Codes written left to right inside right-to-left pages, and lists in the page's language.

`{{ value|ltr }}`: a reference such as SIL-2026-0008, an e-mail or a phone number,
isolated from the sentence around it so that an Arabic page neither splits nor reorders
it. `{% list_separator %}` and `{{ items|join_list }}`: the page language's separator
between the items of a list (the Arabic comma in Arabic), chosen in this one place.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import pgettext

register = template.Library()


def list_separator() -> str:
    return pgettext("between the items of a list", ", ")


@register.filter
def ltr(value):
    if value in (None, ""):
        return ""
    return format_html('<span dir="ltr">{}</span>', value)


@register.simple_tag(name="list_separator")
def list_separator_tag() -> str:
    return list_separator()


@register.filter
def join_list(items) -> str:
    return list_separator().join(str(item) for item in items)
