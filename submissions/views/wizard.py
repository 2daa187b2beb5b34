"""The application form: profile, eligibility, the call's steps, review and submit.

django-formtools drives the steps; its storage is the application row, so what the
applicant typed is kept on the server at every step left (valid or not) and at every
autosave, and comes back on any device.
"""

import datetime
from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import OperationalError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from formtools.wizard.views import NamedUrlWizardView, StepsHelper, WizardView

from calls.eligibility import Profile, evaluate
from calls.selectors import form_steps
from submissions import selectors, services
from submissions.forms import (
    EligibilityStepForm,
    ProfileStepForm,
    ReviewForm,
    StepAnswersForm,
    differing_answers,
    part_name,
    profile_step_data,
    working_copy_parts,
)
from submissions.wizard_storage import ApplicationStorage

PROFILE, ELIGIBILITY, REVIEW = "organization", "eligibility", "review"
AUTOSAVE = "autosave"
VERSION_FIELD = "form_version"
# The version of the copy saved from another tab or device, which "Keep what I typed" sends.
KEEP_FIELD = "keep_version"
TAB_FIELD = "form_tab"
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
        refusal = services.application_editing_refusal(application=self.application)
        if refusal:
            return self.refuse(refusal)
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
        self.conflict = None  # the comparison a refused save shows beside the button
        self.page_version = None  # the version a refused page keeps, until the person chooses
        response = View.dispatch(self, request, *args, **kwargs)
        if request.method == "POST":
            error = self._save_working_copy()  # the step the person moved to
            if error:
                messages.error(request, error)
        return response

    def refuse(self, refusal):
        """The form no longer takes changes (the call closed while it was open, or it was
        submitted elsewhere): an autosave says why beside the button, with no new version,
        so the page keeps what was typed on the device; a pressed button leads to the
        application, with the reason."""
        if self.request.method != "POST":
            return redirect("me:application", pk=self.application.pk)
        if AUTOSAVE in self.request.POST:
            return render(
                self.request, "submissions/includes/autosave_state.html", {"error": refusal}
            )
        messages.error(self.request, refusal)
        return redirect("me:application", pk=self.application.pk)

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

    def _save_working_copy(self, page=None) -> str | None:
        """Save what changed (checked against the `page` it comes from, if given); the
        refusal's message if the service refuses. The confirmation box of the review is
        ticked for one submission and never kept. FormConflict is left to the caller."""
        changed = self.storage.changed_steps()
        changed.pop(REVIEW, None)
        if not (changed or self.storage.step_changed or page):
            return None
        try:
            services.application_save_form(
                application=self.application,
                form_data={"step_data": changed},
                step=self.steps.current,
                actor=self.request.user,
                page=page,
            )
        except services.FormConflict:
            raise
        except services.ApplicationError as error:
            return str(error)
        self.storage.mark_saved()
        return None

    def _page(self, step) -> services.FormPage:
        """The page a POST comes from: its version, its tab and the steps it shows (the
        review shows them all)."""
        posted = self.request.POST
        version = posted.get(KEEP_FIELD) or posted.get(VERSION_FIELD, "")
        if step == REVIEW:
            steps = tuple(name for name in self.get_form_list() if name != REVIEW)
        else:
            steps = (step,)
        return services.FormPage(
            version=int(version) if version.isdigit() else 0,
            tab=posted.get(TAB_FIELD, "")[:64],
            steps=steps,
        )

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
        """Store what was posted for a step, valid or not: nothing typed is lost. A step of
        documents only posts nothing: it is kept as seen (its files are its answers)."""
        posted = self.posted_for(step)
        if posted or step == REVIEW or not self.get_form(step).fields:
            self.storage.set_step_data(step, posted)

    def post(self, *args, **kwargs):
        current = self.request.POST.get(f"{self.prefix}-current_step")
        if current not in self.get_form_list():
            return redirect(self.get_step_url(self.steps.current))
        self.storage.current_step = current
        self._keep_posted(current)
        try:
            error = self._save_working_copy(page=self._page(current))
        except services.FormConflict as conflict:
            self.storage.mark_saved()  # nothing of this request is saved
            return self.conflicted(current, conflict)
        if AUTOSAVE in self.request.POST:
            return self.autosave_state(error)
        if error:
            messages.error(self.request, error)
            return self.render(self.get_form(step=current, data=self.request.POST))
        return super().post(*args, **kwargs)

    def conflicted(self, step, conflict):
        """Another tab or device changed this step since the page loaded it: keep both
        copies, show them field by field beside the button, and let the person choose."""
        saved = conflict.application
        self.page_version = self._page(step).version
        self.application.form_data = saved.form_data
        self.application.form_saved_at = saved.form_saved_at
        if step == REVIEW:
            message = _(
                "This application was changed in another tab or on another device since "
                "this review was opened. The review now shows the latest answers: check "
                "them, then submit."
            )
            if AUTOSAVE in self.request.POST:
                return self.autosave_state(None, conflict={"message": message, "rows": []})
            messages.warning(self.request, message)
            return redirect(self.get_step_url(REVIEW))
        theirs = (saved.form_data or {}).get("step_data", {}).get(step) or {}
        self.conflict = {
            "message": str(conflict),
            "rows": differing_answers(
                self.get_form(step=step, data=self.request.POST),
                self.get_form(step=step, data=MultiValueDict(theirs)),
            ),
            "version": saved.form_version,
        }
        if AUTOSAVE in self.request.POST:
            return self.autosave_state(None, conflict=self.conflict)
        return self.render(self.get_form(step=step, data=self.request.POST))

    def autosave_state(self, error, conflict=None):
        """Answer an autosave (htmx, while typing): saved, refused, or the two copies."""
        response = render(
            self.request,
            "submissions/includes/autosave_state.html",
            {
                "error": error,
                "conflict": conflict,
                "saved_at": self.application.form_saved_at,
                "step_url": self.get_step_url(self.steps.current),
            },
        )
        if error is None and conflict is None:
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
            form_version=self.page_version or self.application.form_version,
            conflict=self.conflict,
            step_url=self.get_step_url(current),
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
        except OperationalError:  # the database stayed busy (another submit, on SQLite)
            messages.error(
                self.request,
                _(
                    "The server was too busy to record your application: it is not "
                    "submitted yet. Nothing is lost: press “Submit the application” again."
                ),
            )
            return redirect(self.get_step_url(REVIEW))
        self.application.refresh_from_db(fields=["reference"])
        messages.success(
            self.request,
            _("Your application is submitted. Its reference is %(reference)s.")
            % {"reference": self.application.reference},
        )
        return redirect("me:application", pk=self.application.pk)


application_wizard = ApplicationWizard.as_view(url_name="apply:step", done_step_name="submit")
