"""The application form: profile, eligibility, the call's steps, review and submit.

django-formtools drives the steps; its storage is the application row, so what the
applicant typed is kept on the server at every step left (valid or not) and at every
autosave, and comes back on any device.
"""

import datetime
from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from formtools.wizard.views import NamedUrlWizardView, StepsHelper, WizardView

from calls.eligibility import Profile, evaluate
from calls.selectors import form_steps
from submissions import selectors, services
from submissions.enums import EDITABLE
from submissions.forms import (
    EligibilityStepForm,
    ProfileStepForm,
    ReviewForm,
    StepAnswersForm,
    part_name,
    profile_step_data,
    working_copy_parts,
)
from submissions.wizard_storage import ApplicationStorage

PROFILE, ELIGIBILITY, REVIEW = "organization", "eligibility", "review"
AUTOSAVE = "autosave"
VERSION_FIELD = "form_version"
VERSION_HEADER = "X-Form-Version"
CLOSES_SOON = datetime.timedelta(days=2)


@method_decorator(login_required, name="dispatch")
class ApplicationWizard(NamedUrlWizardView):
    template_name = "submissions/wizard.html"
    form_list = [(PROFILE, ProfileStepForm)]  # the real list is the call's, see dispatch

    def dispatch(self, request, *args, slug, pk, **kwargs):
        self.application = selectors.application_for_applicant(
            user=request.user, pk=pk, call_slug=slug
        )
        self.call = self.application.call
        if self.application.status not in EDITABLE or not self.call.is_open:
            return redirect("me:application", pk=pk)
        self.call_steps = form_steps(call=self.call)
        self.rules = list(self.call.eligibility_rules.all())
        self.attached = selectors.attachments_by_question(application=self.application)
        self.form_list = self._form_list()
        self.prefix = self.get_prefix(request)
        self.storage = ApplicationStorage(self.application, self.prefix)
        if self.storage.current_step not in self.form_list:
            self.storage.current_step = None  # a step the organizers have since removed
        self._refresh_profile_step(request.user)
        self.steps = StepsHelper(self)
        response = View.dispatch(self, request, *args, **kwargs)
        if request.method == "POST":
            error = self._save_working_copy()
            if error:
                messages.error(request, error)
        elif self.storage.step_changed:
            services.application_step_remember(
                application=self.application, step=self.steps.current, actor=request.user
            )
        return response

    def _form_list(self):
        form_list = OrderedDict([(PROFILE, ProfileStepForm)])
        if self.rules:
            form_list[ELIGIBILITY] = EligibilityStepForm
        for step in self.call_steps:
            form_list[part_name(step)] = StepAnswersForm
        form_list[REVIEW] = ReviewForm
        return form_list

    def _refresh_profile_step(self, user):
        """A profile corrected elsewhere since this draft was saved (the profile page,
        another call's form) replaces the draft's older copy of it."""
        organization = getattr(user, "organization", None)
        saved_at = self.application.form_saved_at
        stored = self.storage.get_step_data(PROFILE)
        if organization and stored and saved_at and organization.updated_at > saved_at:
            self.storage.set_step_data(
                PROFILE, profile_step_data(organization, prefix=self.get_form_prefix(PROFILE))
            )

    def _save_working_copy(self) -> str | None:
        """Save what changed; the refusal's message if the service refuses."""
        if not (self.storage.answers_changed or self.storage.step_changed):
            return None
        try:
            services.application_save_form(
                application=self.application,
                form_data=self.storage.as_form_data(),
                step=self.steps.current,
                actor=self.request.user,
            )
        except services.ApplicationError as error:
            return str(error)
        self.storage.mark_saved()
        return None

    def get_step_url(self, step):
        return reverse(
            "apply:step", kwargs={"slug": self.call.slug, "pk": self.application.pk, "step": step}
        )

    def get_form_kwargs(self, step=None):
        if step == ELIGIBILITY:
            return {"rules": self.rules}
        if step and step.startswith("part-"):
            return {"step": self.call_step(step), "attached": self.attached}
        return {}

    def get_form_instance(self, step):
        return getattr(self.request.user, "organization", None) if step == PROFILE else None

    def call_step(self, name):
        return next(step for step in self.call_steps if part_name(step) == name)

    def posted_for(self, step) -> dict:
        """The posted fields of a step's form (not the token or the wizard's own fields),
        without NUL characters (no text field takes them, and the database refuses them)."""
        prefix = f"{self.get_form_prefix(step)}-"
        return {
            key: [value.replace("\x00", "") for value in values]
            for key, values in self.request.POST.lists()
            if key.startswith(prefix)
        }

    def _keep_posted(self, step):
        """Store what was posted for a step, valid or not: nothing typed is lost."""
        posted = self.posted_for(step)
        if posted or step == REVIEW:
            self.storage.set_step_data(step, posted)

    def post(self, *args, **kwargs):
        current = self.request.POST.get(f"{self.prefix}-current_step")
        if current not in self.get_form_list():
            return redirect(self.get_step_url(self.steps.current))
        self.storage.current_step = current
        if self.request.POST.get(VERSION_FIELD) != self.application.form_version:
            return self.stale(current)
        self._keep_posted(current)
        if AUTOSAVE in self.request.POST:
            return self.autosaved()
        return super().post(*args, **kwargs)

    def stale(self, step):
        """The page was older than the saved copy (another tab or device saved since): keep
        the saved copy, and show the page's typing back for the applicant to check."""
        message = _(
            "This application was changed in another tab or on another device since this "
            "page was opened. What you typed here is shown again: check it and save."
        )
        if AUTOSAVE in self.request.POST:
            return self.autosave_state(message)
        self.storage.mark_saved()  # nothing of this request is saved
        messages.warning(self.request, message)
        return self.render(self.get_form(step=step, data=self.request.POST))

    def autosaved(self):
        """Answer an autosave (htmx, while typing) with the saved state or the refusal."""
        return self.autosave_state(self._save_working_copy())

    def autosave_state(self, error):
        response = render(
            self.request,
            "submissions/includes/autosave_state.html",
            {"error": error, "saved_at": self.application.form_saved_at},
        )
        if error is None:
            response[VERSION_HEADER] = self.application.form_version
        return response

    def process_step(self, form):
        if self.steps.current == PROFILE:
            services.application_link_organization(
                application=self.application, profile=form.cleaned_data, actor=self.request.user
            )
        return self.posted_for(self.steps.current)

    def render_done(self, form, **kwargs):
        """Only the review page's POST submits; opening the submit address shows the review."""
        if self.request.method != "POST":
            return redirect(self.get_step_url(REVIEW))
        return WizardView.render_done(self, form, **kwargs)

    def step_states(self):
        """Each step's name, title and whether its stored answers are complete."""
        titles = {
            PROFILE: pgettext("application step", "Organization"),
            ELIGIBILITY: pgettext("application step", "Eligibility"),
            REVIEW: pgettext("application step", "Review"),
        }
        states = []
        for name in self.get_form_list():
            title = titles.get(name) or self.call_step(name).title
            complete = name != REVIEW and self.get_cleaned_data_for_step(name) is not None
            states.append({"name": name, "title": title, "complete": complete})
        return states

    def verdict(self):
        profile = Profile.of(self.get_cleaned_data_for_step(PROFILE))
        declarations = {}
        if ELIGIBILITY in self.get_form_list():
            form = self.get_form(ELIGIBILITY, data=self.storage.get_step_data(ELIGIBILITY))
            if form.is_valid():
                declarations = form.declarations()
        return evaluate(self.rules, profile, declarations)

    def review_parts(self):
        return working_copy_parts(
            call_steps=self.call_steps, form_data=self.storage.data, attached=self.attached
        )

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        context.update(
            call=self.call,
            application=self.application,
            step_states=self.step_states(),
            attached=self.attached,
            closes_soon=self.call.closes_at - timezone.now() < CLOSES_SOON,
        )
        if current in (ELIGIBILITY, REVIEW):
            context["verdict"] = self.verdict()
        if current.startswith("part-"):
            context["call_step"] = self.call_step(current)
        if current == REVIEW:
            context["review_parts"] = self.review_parts()
        return context

    def done(self, form_list, form_dict, **kwargs):
        answers = {}
        for name, form in form_dict.items():
            if name.startswith("part-"):
                answers.update(form.answers())
        declarations = form_dict[ELIGIBILITY].declarations() if ELIGIBILITY in form_dict else {}
        try:
            services.application_submit(
                application=self.application,
                actor=self.request.user,
                answers=answers,
                declarations=declarations,
            )
        except services.ApplicationError as error:
            messages.error(self.request, str(error))
            return redirect(self.get_step_url(REVIEW))
        self.storage.set_step_data(REVIEW, {})
        self.application.refresh_from_db(fields=["reference"])
        messages.success(
            self.request,
            _("Your application is submitted. Its reference is %(reference)s.")
            % {"reference": self.application.reference},
        )
        return redirect("me:application", pk=self.application.pk)


application_wizard = ApplicationWizard.as_view(url_name="apply:step", done_step_name="submit")
