"""The page a jury invitation e-mail leads to: /<lang>/jury/invitations/<token>/.

A visitor is asked to create an account or to log in with the invited address (both
come back here through `?next=`), or may decline at once. A person logged in with the
invited address accepts (giving a short juror profile the first time) or declines. The
link works once; logged in with another address, the page says so and changes nothing.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from juries.forms_manage import JurorProfileForm
from juries.models import JuryInvitation
from juries.services import panel


def _with_next(name: str, path: str, **params) -> str:
    return f"{reverse(name)}?{urlencode({'next': path, **params})}"


def _answered(request, invitation, *, status=410):
    member = invitation.member
    context = {
        "invitation": invitation,
        "is_member": bool(
            member and request.user.is_authenticated and member.user_id == request.user.pk
        ),
    }
    return render(request, "juries/invitations/answered.html", context, status=status)


def _declined(request, invitation):
    return render(request, "juries/invitations/declined.html", {"invitation": invitation})


def respond(request, token):
    invitation = get_object_or_404(
        JuryInvitation.objects.select_related("jury__call", "jury__round", "invited_by", "member"),
        token=token,
    )
    if invitation.accepted_at or invitation.declined_at:
        return _answered(request, invitation)
    user = request.user if request.user.is_authenticated else None
    action = request.POST.get("action") if request.method == "POST" else None
    context = {"invitation": invitation, "jury": invitation.jury, "call": invitation.jury.call}

    if action == "decline":
        try:
            panel.invitation_decline(invitation=invitation, user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        return _declined(request, invitation)

    if user is None:
        context.update(
            has_account=User.objects.filter(email__iexact=invitation.email).exists(),
            signup_url=_with_next("account_signup", request.path, email=invitation.email),
            login_url=_with_next("account_login", request.path),
        )
        return render(request, "juries/invitations/welcome.html", context)

    if user.email.strip().lower() != invitation.email.strip().lower():
        return render(request, "juries/invitations/other_email.html", context, status=403)

    needs_profile = not hasattr(user, "juror_profile")
    form = JurorProfileForm(request.POST if action == "accept" else None)
    if action == "accept" and (not needs_profile or form.is_valid()):
        try:
            member = panel.invitation_accept(
                invitation=invitation, user=user, profile=form.values() if needs_profile else None
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
        else:
            messages.success(
                request,
                _("Welcome to the jury of “%(call)s” (%(round)s).")
                % {"call": invitation.jury.call.title, "round": member.jury.round},
            )
            return redirect("jury:workspace")
    context.update(form=form, needs_profile=needs_profile)
    return render(request, "juries/invitations/respond.html", context)
