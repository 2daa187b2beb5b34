"""The texts a call's organizers write for the e-mails to its applicants (receipt of an
application, reminder of an unfinished one, result of the call): their placeholders,
their checking, their rendering, and saving or removing them.

Organizers are not developers, and what they type must never run: a text holds
`{placeholder}`s from a short documented list per kind of e-mail (`placeholders_of`),
not Django template syntax. A text is checked when it is saved (`template_problems`):
an unknown placeholder is refused then, with its name and the names allowed, so a
mistake never surfaces when an e-mail is sent. `{{` and `}}` write a brace itself.

Values are plain text. The HTML e-mail escapes them with the rest of the custom text;
a subject is rendered on one line whatever a value or the typed subject holds
(`one_line`), so no newline can reach an e-mail header.

Where there is no text of the call's for a kind and language, the portal's standard
e-mail is sent: `custom_texts` answers None. The standard e-mail templates ask for the
call's text through the `custom_email` template tag (`calls.templatetags.call_emails`)
and keep their essential facts (reference, dates, links) around it.
"""

import datetime
import logging
import string
import types
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from calls.enums import EmailKind, QuestionKind
from calls.models import Call, EmailTemplate, Question
from notifications.services import absolute_url, render_email

logger = logging.getLogger(__name__)

MOROCCO = ZoneInfo("Africa/Casablanca")
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# The standard e-mail (notifications' `<template>_subject.txt`, `_message.txt`, `.html`)
# that each kind of text customizes.
STANDARD_TEMPLATES = {
    EmailKind.RECEIPT: "submissions/email/receipt",
    EmailKind.REMINDER: "submissions/email/draft_reminder",
    EmailKind.RESULT: "awards/email/result",
}

_REFERENCE = gettext_lazy("the application's reference, such as LAM-2026-0042")
_ORGANIZATION = gettext_lazy("the applicant organization's name")
_CALL = gettext_lazy("the call's title")
_CLOSES_AT = gettext_lazy("when the call closes: date and time in Morocco")
_APPLICATION = gettext_lazy("the address of the application in the applicant's space")

# Per kind, the placeholders its texts may hold and what each one becomes, in order.
PLACEHOLDERS = {
    EmailKind.RECEIPT: {
        "reference": _REFERENCE,
        "organization": _ORGANIZATION,
        "call": _CALL,
        "closes_at": _CLOSES_AT,
        "application_url": _APPLICATION,
    },
    EmailKind.REMINDER: {
        "organization": _ORGANIZATION,
        "call": _CALL,
        "closes_at": _CLOSES_AT,
        "application_url": gettext_lazy(
            "the address where the applicant finishes and sends the application"
        ),
    },
    EmailKind.RESULT: {
        "reference": _REFERENCE,
        "organization": _ORGANIZATION,
        "call": _CALL,
        "outcome": gettext_lazy("the decision: prize, special mention or not selected"),
        "prize": gettext_lazy("the prize's name (empty without a prize)"),
        "amount": gettext_lazy("the prize's amount in dirhams, digits only (empty without one)"),
        "results_url": gettext_lazy("the address of the call's published results"),
        "application_url": _APPLICATION,
    },
}


@dataclass(frozen=True)
class CustomEmail:
    """A call's text for one e-mail, rendered: the subject on one line, the body as
    plain text (the HTML e-mail escapes it)."""

    subject: str
    body: str


# --- placeholders and checking --------------------------------------------------------


def placeholders_of(kind: str) -> dict[str, str]:
    """`{name: what it becomes}` for the texts of `kind`, in the active language."""
    return {name: str(label) for name, label in PLACEHOLDERS[EmailKind(kind)].items()}


def _allowed_list(kind: str) -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS[EmailKind(kind)])


def _fields(text: str) -> list[tuple[str, str | None, str | None]]:
    """The `{…}` fields of `text`: (name, conversion, format spec). Raises ValueError
    for a brace left open or closed alone."""
    return [
        (name, conversion, spec)
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    ]


def _written(name: str, conversion: str | None, spec: str | None) -> str:
    """A field as the organizer typed it, braces included."""
    return (
        "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    )


def template_problems(kind: str, text: str) -> list[str]:
    """What is wrong with a subject or body of `kind`, in words for the organizer;
    empty when the text can be sent."""
    try:
        fields = _fields(text)
    except ValueError:
        return [
            _(
                "A brace { or } is not closed. Write each placeholder as {name}; to write a "
                "brace itself, double it: {{ or }}."
            )
        ]
    allowed = PLACEHOLDERS[EmailKind(kind)]
    problems = []
    for name, conversion, spec in fields:
        if name == "":
            problem = _(
                "Empty braces {} are not a placeholder. Write a name between them, or {{ and "
                "}} for braces themselves."
            )
        elif name not in allowed:
            problem = _("Unknown placeholder %(placeholder)s. You can use: %(allowed)s.") % {
                "placeholder": _written(name, conversion, spec),
                "allowed": _allowed_list(kind),
            }
        elif conversion or spec:
            problem = _(
                "Write the placeholder %(placeholder)s with nothing but its name between the "
                "braces: {%(name)s}."
            ) % {"placeholder": _written(name, conversion, spec), "name": name}
        else:
            continue
        if problem not in problems:
            problems.append(problem)
    return problems


# --- rendering ------------------------------------------------------------------------


def render(text: str, values: Mapping[str, object]) -> str:
    """`text` with each `{name}` replaced by `values[name]` as plain text and `{{`, `}}`
    by braces. Strict: a name missing from `values`, a format spec or a broken brace
    raises (KeyError, ValueError) — texts are checked when saved, so this does not
    happen to a saved text. Nothing is looked up on a value: `{call.title}` is not an
    attribute access but an unknown name."""
    parts = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        parts.append(literal)
        if name is None:
            continue
        if conversion or spec:
            raise ValueError(f"placeholder {_written(name, conversion, spec)} has a format")
        parts.append(str(values[name]))
    return "".join(parts)


def one_line(text: str) -> str:
    """`text` on one line: control characters and every kind of line break or run of
    whitespace become a single space (what may go into an e-mail header)."""
    spaced = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char for char in text
    )
    return " ".join(spaced.split())


def render_custom(kind: str, subject: str, body: str, values: Mapping[str, object]):
    """The call's text rendered with `values`; None (the standard e-mail is sent) when
    the text is not sound, which the checks at saving time prevent."""
    if template_problems(kind, subject) or template_problems(kind, body):
        logger.warning("A custom %s e-mail text has problems; the standard text is sent.", kind)
        return None
    values = {name: values.get(name, "") for name in PLACEHOLDERS[EmailKind(kind)]}
    return CustomEmail(subject=one_line(render(subject, values)), body=render(body, values).strip())


def _templates_of(call: Call) -> dict[tuple[str, str], EmailTemplate]:
    """The call's texts by (kind, language), read once per call object: the subject,
    text and HTML of one e-mail ask three times."""
    cached = call.__dict__.get("_email_templates")
    if cached is None:
        cached = {(t.kind, t.language): t for t in call.email_templates.all()}
        call.__dict__["_email_templates"] = cached
    return cached


def _forget_templates(call: Call) -> None:
    call.__dict__.pop("_email_templates", None)


def custom_texts(
    call: Call, kind: str, language: str, values: Mapping[str, object]
) -> CustomEmail | None:
    """The call's subject and body for this e-mail and language, rendered; None when
    the call has none (the portal's standard text is sent)."""
    template = _templates_of(call).get((kind, language))
    if template is None:
        return None
    return render_custom(kind, template.subject, template.body, values)


def local_datetime(moment: datetime.datetime | None) -> str:
    """A moment as e-mails write it: Morocco's time, the active language's format."""
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment, MOROCCO), "DATETIME_FORMAT")


def values_from_context(kind: str, context) -> dict[str, str]:
    """The placeholders' values from what a standard e-mail template receives:
    `application`, `call`, and per kind `dashboard_url` (receipt), `application_url`,
    `organization_name` (reminder), `notice`, `decision`, `application_url`,
    `results_url` (result). Read in the active language."""
    application = context.get("application")
    call = context.get("call") or getattr(application, "call", None)
    organization = getattr(application, "organization", None)
    values = {
        "reference": getattr(application, "reference", "") or "",
        "organization": (
            organization.name if organization else context.get("organization_name", "")
        ),
        "call": str(call.title) if call else "",
        "closes_at": local_datetime(call.closes_at) if call else "",
    }
    if kind == EmailKind.RECEIPT:
        values["application_url"] = context.get("dashboard_url", "")
    elif kind == EmailKind.REMINDER:
        values["application_url"] = context.get("application_url", "")
    elif kind == EmailKind.RESULT:
        notice = context.get("notice")
        decision = context.get("decision")
        prize = getattr(notice, "outcome", "") == "prize" and decision is not None
        category = getattr(decision, "prize_category", None) if prize else None
        amount = getattr(decision, "amount_mad", None) if prize else None
        values.update(
            outcome=str(notice.get_outcome_display()) if notice else "",
            prize=str(category.label) if category else "",
            amount=intcomma(amount) if amount else "",
            results_url=context.get("results_url", ""),
            application_url=context.get("application_url", ""),
        )
    return {name: str(value or "") for name, value in values.items()}


# --- saving and removing --------------------------------------------------------------


def _require_manager(actor, call: Call) -> None:
    if actor is None or not actor.has_perm("calls.manage_call", call):
        raise PermissionDenied


def _require_kind_and_language(kind: str, language: str) -> None:
    if kind not in EmailKind.values or language not in LANGUAGE_CODES:
        raise ValidationError(_("There is no such e-mail."))


def clean_body(body: str) -> str:
    """A body as stored: the typed text with its line breaks as `\\n`, trailing spaces
    at line ends and blank lines at either end left out."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def text_errors(kind: str, *, subject: str, body: str) -> dict[str, list[str]]:
    """What is wrong with a subject and body, by field; empty when both can be saved."""
    errors = {}
    if not subject:
        errors["subject"] = [_("Write a subject.")]
    elif problems := template_problems(kind, subject):
        errors["subject"] = problems
    if not body.strip():
        errors["body"] = [_("Write the text of the e-mail.")]
    elif problems := template_problems(kind, body):
        errors["body"] = problems
    return errors


@transaction.atomic
def email_template_save(
    *, call: Call, kind: str, language: str, subject: str, body: str, actor
) -> EmailTemplate:
    """Save the call's text for one e-mail and language (created on first save).
    Refused with a ValidationError by field when a text holds an unknown placeholder
    or a stray brace: nothing is saved then."""
    _require_manager(actor, call)
    _require_kind_and_language(kind, language)
    subject, body = one_line(subject), clean_body(body)
    errors = text_errors(kind, subject=subject, body=body)
    if errors:
        raise ValidationError(errors)
    values = {"subject": subject, "body": body, "updated_by": actor, "updated_at": timezone.now()}
    template, created = EmailTemplate.objects.select_for_update().get_or_create(
        call=call, kind=kind, language=language, defaults=values
    )
    if not created and (template.subject, template.body) != (subject, body):
        for field, value in values.items():
            setattr(template, field, value)
        template.save(update_fields=list(values))
    _forget_templates(call)
    return template


@transaction.atomic
def email_template_reset(*, call: Call, kind: str, language: str, actor) -> bool:
    """Go back to the portal's standard text for one e-mail and language. Returns
    whether the call had a text of its own."""
    _require_manager(actor, call)
    _require_kind_and_language(kind, language)
    deleted, _by_model = EmailTemplate.objects.filter(
        call=call, kind=kind, language=language
    ).delete()
    _forget_templates(call)
    return bool(deleted)


# --- preview --------------------------------------------------------------------------


def _sample_application(call: Call, kind: str):
    """One of the call's received applications to show a receipt or a result with; None
    without any, and for a reminder: the drafts it goes to are their applicants' alone."""
    if kind == EmailKind.REMINDER:
        return None
    applications = call.applications.select_related("organization", "applicant").order_by("pk")
    return applications.filter(submitted_at__isnull=False).first()


def _summary(call: Call, application) -> list[tuple[Question, object]]:
    """The answers of `application` next to the call's questions, as the receipt lists
    them (unanswered without an application)."""
    questions = Question.objects.filter(step__call=call).exclude(kind=QuestionKind.FILE)
    answers = (
        {answer.question_id: answer.value for answer in application.answers.all()}
        if application is not None
        else {}
    )
    return [
        (question, answers.get(question.pk))
        for question in questions.order_by("step__position", "step_id", "position", "pk")
    ]


def preview_context(*, call: Call, kind: str, language: str, now=None) -> dict:
    """What the standard template of `kind` receives, for the organizer's preview: one
    of the call's applications when there is one, sample values otherwise."""
    now = now or timezone.now()
    application = _sample_application(call, kind)
    sample = application is None
    if sample:
        with translation.override(language):
            application = types.SimpleNamespace(
                pk=0,
                reference=f"{call.reference_prefix}-{call.edition_year}-0001",
                organization=types.SimpleNamespace(name=_("Tifawin Cooperative (example)")),
                call=call,
            )
        link = absolute_url("me:dashboard", language=language)
        wizard = absolute_url("calls:detail", language=language, slug=call.slug)
    else:
        application.call = call
        link = absolute_url("me:application", language=language, pk=application.pk)
        wizard = absolute_url("apply:wizard", language=language, slug=call.slug, pk=application.pk)
    context = {"application": application, "call": call}
    if kind == EmailKind.RECEIPT:
        context.update(
            submission=types.SimpleNamespace(number=1, submitted_at=now),
            summary=_summary(call, None if sample else application),
            attachments=[],
            dashboard_url=link,
        )
    elif kind == EmailKind.REMINDER:
        organization = getattr(application, "organization", None)
        applicant = getattr(application, "applicant", None)
        context.update(
            closes_at=call.closes_at,
            application_url=wizard,
            organization_name=(
                organization.name if organization else getattr(applicant, "full_name", "")
            ),
        )
    else:
        category = call.prize_categories.order_by("rank", "pk").first()
        with translation.override(language):
            outcome = pgettext("decision", "Prize")
        context.update(
            notice=types.SimpleNamespace(
                outcome="prize", feedback="", get_outcome_display=lambda: outcome
            ),
            decision=types.SimpleNamespace(
                prize_category=category
                or types.SimpleNamespace(label=_sample_prize_label(language)),
                amount_mad=category.amount_mad if category else 50_000,
            ),
            results_url=absolute_url("results:call", language=language, slug=call.slug),
            application_url=link,
        )
    return context


def _sample_prize_label(language: str) -> str:
    with translation.override(language):
        return _("First prize (example)")


def email_preview(
    *, call: Call, kind: str, language: str, subject: str | None = None, body: str | None = None
) -> tuple[str, str, str]:
    """The e-mail of `kind` as an applicant reading `language` would get it:
    (subject, plain text, HTML). With `subject` and `body`, with that text (typed, not
    saved yet); without, as it is sent now (the call's saved text or the standard one)."""
    context = preview_context(call=call, kind=kind, language=language)
    if subject is not None and body is not None:
        context["custom_email_draft"] = {"subject": subject, "body": body}
    return render_email(template=STANDARD_TEMPLATES[kind], context=context, language=language)
