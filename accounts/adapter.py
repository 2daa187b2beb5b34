from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.translation import get_language

from notifications.services import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's mails through the outbox, in the recipient's language."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "")
        user.language = get_language()
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        """Organizers and site admins land in the back-office, jurors who do not apply
        for an organization in the jury's workspace, everyone else in their space (a
        `next` address, when there is one, is followed before this)."""
        user = request.user
        if user.has_perm("calls.open_backoffice"):
            return reverse("manage:home")
        if user.has_perm("juries.open_workspace") and not hasattr(user, "organization"):
            return reverse("jury:workspace")
        return super().get_login_redirect_url(request)

    def get_logout_redirect_url(self, request):
        """The home page in the language of the page the person left."""
        return reverse("home")

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None) or get_language()
        email_enqueue(to=email, template=template_prefix, context=context, language=language)
