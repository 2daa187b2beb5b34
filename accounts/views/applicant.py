from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import selectors, services
from accounts.forms import EmailLanguageForm, OrganizationForm


@login_required
def organization_edit(request):
    organization = selectors.organization_for_user(user=request.user)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.organization_save(owner=request.user, data=form.cleaned_data)
        messages.success(request, _("Your organization profile is saved."))
        return redirect("me:dashboard")
    return render(
        request, "accounts/organization_form.html", {"form": form, "organization": organization}
    )


@login_required
def account_settings(request):
    form = EmailLanguageForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        services.user_language_set(user=request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Your settings are saved."))
        return redirect("me:dashboard")
    return render(request, "accounts/account_settings.html", {"form": form})
