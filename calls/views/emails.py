"""A call's e-mails to its applicants, for its organizers: which of the receipt,
reminder and result e-mails use the call's own text in each language, the page that
writes one (with its placeholders, its checks and a preview), and the way back to the
portal's standard text.

Every view opens to organizers and site admins only (`calls.open_backoffice`) and finds
the call through `call_for_organizer` (404 for another organizer's call); the writes are
`calls.emails` functions.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from calls.emails import (
    email_preview,
    email_template_reset,
    email_template_save,
    placeholders_of,
)
from calls.enums import EmailKind
from calls.forms.emails import EmailTemplateForm, suggested_texts
from calls.selectors import call_for_organizer
from portal.permissions import role_required

backoffice = role_required("calls.open_backoffice")
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _email_of(request, slug, kind, language):
    """The call (404 when not the person's) and the e-mail's kind and language (404
    when there is no such e-mail)."""
    call = call_for_organizer(user=request.user, slug=slug)
    if kind not in EmailKind.values or language not in LANGUAGE_NAMES:
        raise Http404
    return call, EmailKind(kind)


def _language(code: str) -> dict:
    return {
        "code": code,
        "name": LANGUAGE_NAMES[code],
        "dir": "rtl" if code == "ar" else "ltr",
    }


@backoffice
def email_list(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    saved = {
        (template.kind, template.language): template
        for template in call.email_templates.select_related("updated_by")
    }
    kinds = [
        {
            "kind": kind,
            "label": kind.label,
            "languages": [
                {**_language(code), "template": saved.get((kind.value, code))}
                for code in LANGUAGE_NAMES
            ],
        }
        for kind in EmailKind
    ]
    context = {"call": call, "kinds": kinds, "section": "emails"}
    return render(request, "calls/manage/emails/list.html", context)


def _preview(call, kind, language, subject=None, body=None) -> dict:
    subject, text, html = email_preview(
        call=call, kind=kind, language=language, subject=subject, body=body
    )
    return {"subject": subject, "text": text, "html": html}


@backoffice
def email_edit(request, slug, kind, language):
    call, kind = _email_of(request, slug, kind, language)
    template = call.email_templates.filter(kind=kind, language=language).first()
    previewing = False
    if request.method == "POST":
        form = EmailTemplateForm(request.POST, kind=kind, language=language)
        previewing = "preview" in request.POST
        if form.is_valid() and not previewing:
            try:
                email_template_save(
                    call=call, kind=kind, language=language, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("The text of the e-mail “%(email)s” in %(language)s is saved.")
                    % {"email": kind.label, "language": LANGUAGE_NAMES[language]},
                )
                return redirect("emails_manage:list", slug=call.slug)
    else:
        initial = (
            {"subject": template.subject, "body": template.body}
            if template
            else suggested_texts(kind, language)
        )
        form = EmailTemplateForm(initial=initial, kind=kind, language=language)

    if previewing and form.is_valid():
        # The text typed, not saved yet.
        preview = _preview(call, kind, language, **form.cleaned_data)
    elif request.method == "GET":
        # What applicants get now: the call's saved text or the standard e-mail.
        preview = _preview(call, kind, language)
    else:
        preview = None
    context = {
        "call": call,
        "section": "emails",
        "kind": kind,
        "language": _language(language),
        "template": template,
        "form": form,
        "placeholders": placeholders_of(kind),
        "preview": preview,
        "previewing": previewing,
    }
    return render(request, "calls/manage/emails/edit.html", context)


@backoffice
def email_reset(request, slug, kind, language):
    call, kind = _email_of(request, slug, kind, language)
    if request.method == "POST":
        if email_template_reset(call=call, kind=kind, language=language, actor=request.user):
            messages.success(
                request,
                _("The e-mail “%(email)s” in %(language)s is back to the standard text.")
                % {"email": kind.label, "language": LANGUAGE_NAMES[language]},
            )
        return redirect("emails_manage:list", slug=call.slug)
    template = call.email_templates.filter(kind=kind, language=language).first()
    if template is None:
        return redirect("emails_manage:list", slug=call.slug)
    context = {
        "call": call,
        "section": "emails",
        "kind": kind,
        "language": _language(language),
        "template": template,
        "cancel_url": reverse("emails_manage:edit", args=[call.slug, kind, language]),
    }
    return render(request, "calls/manage/emails/reset_confirm.html", context)
