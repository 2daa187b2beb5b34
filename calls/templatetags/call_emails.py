"""The call's own text for a standard e-mail, in the language being rendered.

    {% load call_emails %}
    {% custom_email application.call "receipt" as custom %}
    {% if custom %}{{ custom.subject }}{% else %}…the standard subject…{% endif %}

`custom` is a `calls.emails.CustomEmail` (`subject` on one line, `body` as plain text)
or None when the call has no text of its own for this e-mail and language. The
placeholders' values come from the template's context (`calls.emails.values_from_context`).
The organizer's preview passes the text being edited as `custom_email_draft`.
"""

from django import template
from django.conf import settings
from django.utils import translation

from calls.emails import custom_texts, render_custom, values_from_context

register = template.Library()


@register.simple_tag(takes_context=True)
def custom_email(context, call, kind):
    if call is None:
        return None
    values = values_from_context(kind, context)
    draft = context.get("custom_email_draft")
    if draft is not None:
        return render_custom(kind, draft["subject"], draft["body"], values)
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return custom_texts(call, kind, language, values)
