"""How a stored answer reads, in the language of the page or e-mail being rendered."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from calls.enums import QuestionKind
from portal.templatetags.bidi import list_separator
from submissions.selectors import status_for_applicant, status_label_for_applicant

register = template.Library()


def choice_label(question, value) -> str:
    language = get_language() or "fr"
    for choice in question.choices:
        if choice.get("value") == value:
            return choice.get(language) or choice.get("fr") or value
    return str(value)


@register.filter
def answer_display(value, question) -> str:
    if value in (None, "", []):
        return _("Not answered")
    match question.kind:
        case QuestionKind.YES_NO:
            return _("Yes") if value in (True, "yes", "True") else _("No")
        case QuestionKind.CHOICE:
            return choice_label(question, value)
        case QuestionKind.MULTIPLE_CHOICE:
            return list_separator().join(choice_label(question, item) for item in value)
        case QuestionKind.DATE:
            try:
                return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
            except (TypeError, ValueError):
                return str(value)
        case QuestionKind.NUMBER:
            try:
                return number_format(Decimal(str(value)), force_grouping=True)
            except InvalidOperation:
                return str(value)
    return str(value)


@register.filter
def bound_field(form, name):
    """`form[name]` for a name held in a variable."""
    return form[name]


@register.filter
def dict_get(mapping, key):
    return mapping.get(key, [])


@register.filter
def applicant_status(application) -> str:
    return status_for_applicant(application)


@register.filter
def applicant_status_label(application) -> str:
    return status_label_for_applicant(application)
