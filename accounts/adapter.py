from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import perform_login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from notifications.services import email_enqueue


def local_destination(request):
    """The request's `next` address when it is a path on this site, else None."""
    destination = (request.POST.get("next") or request.GET.get("next")) if request else None
    if (
        destination
        and destination.startswith("/")
        and url_has_allowed_host_and_scheme(destination, allowed_hosts=None)
    ):
        return destination
    return None


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's mails through the outbox, in the recipient's language."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "")
        user.language = form.cleaned_data.get("language") or get_language()
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

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link carries the page the person was going to (the call they apply to),
        so that it leads there whichever browser opens it."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        destination = local_destination(request)
        return f"{url}?{urlencode({'next': destination})}" if destination else url

    def confirm_email(self, request, email_address):
        """Confirming the address also logs the person in, even in a browser other than
        the one they signed up in (allauth's ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION only
        covers the same browser): a phone's mail app opens links in its own browser.
        The link logs in once: its key only matches an address not yet confirmed, and
        it expires like a password-reset link."""
        confirmed = super().confirm_email(request, email_address)
        if confirmed and not request.user.is_authenticated:
            # The redirect it answers is the confirmation view's to give.
            perform_login(request, email_address.user, email=email_address.email)
        return confirmed

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None) or get_language()
        email_enqueue(to=email, template=template_prefix, context=context, language=language)
