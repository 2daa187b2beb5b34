"""A jury from start to finish, in the browser.

The organizer (on a phone, in French) sets up the jury of a closed call's screening
round, builds its scoring grid (weights first adding up to 110 %, which the grid refuses
clearly, then to 100 %), and invites two jurors by e-mail: a new one, who signs up
through the e-mailed link, confirms her address (which logs her in and leads back to the
invitation) and accepts with a short juror profile; an expert who already has an
account, who logs in through the link and accepts. The organizer previews the automatic
assignment (load per juror), then confirms it.

The new juror, on her phone, finds her queue, declares a conflict of interest with one
application (it leaves her queue, and its address answers 404), scores two others
criterion by criterion with autosave (htmx), finds her scores again after reloading,
and submits each (locked). The organizer then reads the jury's progress: her submitted
evaluations, her conflict and the application now short of a juror.

Every page is checked on both phones and a desktop (`checks.check_page`: sideways
scrolling, the navigation, squeezed text, axe-core, language and direction, English left
untranslated); under blind review no juror page names an organization or shows an
applicant's e-mail. The juror's part runs again in Arabic.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from calls import services as call_services
from calls.enums import QuestionKind, RoundKind
from calls.models import Call
from juries.enums import EvaluationStatus, MemberRole
from juries.models import Assignment, ConflictDeclaration, Criterion, Evaluation, JuryInvitation
from juries.services import assignment as assignment_services
from juries.services import panel as panel_services
from notifications.models import Message
from submissions import services as submissions
from submissions.enums import ApplicationStatus
from tests.browser import checks
from tests.browser.checks import field as form_field
from tests.browser.checks import tr
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, PHONE
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import (
    CallFactory,
    JurorFactory,
    OrganizationFactory,
    OrganizerFactory,
    QuestionFactory,
    StepFactory,
)

pytestmark = pytest.mark.browser

NEW_JUROR_PASSWORD = "Safran-Taliouine-2026"

# The applicants: what blind review must keep from every juror page.
ORGANIZATIONS = [
    ("Coopérative Tafoukt Imintanout", "presidente@tafoukt-coop.ma"),
    ("Association Amal Tiznit", "contact@amal-tiznit.org"),
    ("Coopérative Argan Tamanar", "bureau@argan-tamanar.ma"),
    ("Coopérative Safran Taliouine", "safran@taliouine-coop.ma"),
]
PROJECTS = [
    "Séchoir solaire collectif",
    "Atelier de couture solidaire",
    "Presse à huile d'argan partagée",
    "Conditionnement du safran",
]

# The grid the organizer builds: (label, guidance, weight). The last weight is first
# typed as 40 (the weights then add up to 110 %), then corrected to 30.
CRITERIA = [
    ("Impact social", "1 : aucun bénéficiaire identifié ; 3 : les membres ; 5 : le douar", 40),
    ("Viabilité économique", "1 : aucun marché ; 3 : acheteurs locaux ; 5 : commandes", 30),
    ("Participation des femmes", "1 : symbolique ; 3 : majoritaire ; 5 : gouvernance", 30),
]
WRONG_LAST_WEIGHT = 40

# What the juror types on each of the two applications she scores: a value and a
# comment per criterion, and an overall comment; in the language of her pages.
SCORES = {
    "fr": [
        (["4", "3.5", "5"], ["Bon ancrage local", "Marché à préciser", "Bureau féminin"]),
        (["2", "3", "4"], ["Peu de bénéficiaires", "Débouchés réels", "Majorité de femmes"]),
    ],
    "ar": [
        (["4", "3.5", "5"], ["تجذر محلي جيد", "السوق غير واضح", "مكتب نسائي"]),
        (["2", "3", "4"], ["مستفيدون قلائل", "منافذ حقيقية", "أغلبية نسائية"]),
    ],
}
OVERALL = {
    "fr": ["Projet solide, à accompagner.", "Projet utile mais encore fragile."],
    "ar": ["مشروع متين يستحق المواكبة.", "مشروع مفيد لكنه ما يزال هشا."],
}

# Latin words an Arabic page of the juror's journey may legitimately show:
# - "LAM": the applications' references (LAM-2026-0001…), the identifiers organizers,
#   jurors and applicants quote to one another, written the same in every language.
# (The applicants' answers, written in French, are shown as written: the journey passes
# them as typed values, like what the juror types.)
LATIN_ALLOWED = {"LAM"}


def check_page(page, language, typed=(), role="organizer"):
    checks.check_page(page, language, role=role, typed_values=typed, allowed=LATIN_ALLOWED)


def assert_blind(text, where):
    """Nothing a juror reads names an applicant: no organization, no e-mail."""
    for name, email in ORGANIZATIONS:
        for secret in (name, email, email.split("@")[1]):
            assert secret not in text, f"blind review: {secret!r} shown on {where}"


def check_juror_page(page, language, typed=(), role="juror"):
    check_page(page, language, typed, role)
    assert_blind(page.inner_text("body"), page.url)
    assert_blind(page.content(), page.url)


def button(page, language, label, context=None):
    return page.locator("main").get_by_role("button", name=tr(language, label, context), exact=True)


def link(page, language, label, context=None):
    return page.locator("main").get_by_role("link", name=tr(language, label, context), exact=True)


def message(page):
    return page.locator(".messages").inner_text().strip()


def log_in(page, email, password, language="fr"):
    form_field(page, "login").fill(email)
    form_field(page, "password").fill(password)
    button(page, language, "Sign In").click()


def link_in(mail) -> str:
    return re.search(r"https?://\S+", mail.body_text).group(0)


def on_server(server, address) -> str:
    """An e-mailed address on the test's server: the e-mails name the portal's public
    address (a setting), the journey runs on the live server."""
    return server + urlsplit(address).path


def new_phone(browser, language):
    context = browser.new_context(**PHONE, locale=f"{language}-MA")
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context, page


# --- the call, as the applicants left it ----------------------------------------------


@dataclass
class ClosedCall:
    call: Call
    round: object
    organizer: object
    applications: list = field(default_factory=list)


def closed_call(*, prefix="LAM") -> ClosedCall:
    """A blind call whose four applications (from four organizations) were submitted
    while it was open, two of them found eligible since; closed now, with a screening
    round and no jury yet."""
    with translation.override("fr"):
        organizer = OrganizerFactory(full_name="Salma Organisatrice")
        call = CallFactory(
            organizers=[organizer],
            blind_review=True,
            reference_prefix=prefix,
            title_fr="Prix Lalla Al Moutaaouina 2026",
            title_ar="جائزة للا المتعاونة 2026",
            title_en="Lalla Al Moutaaouina prize 2026",
        )
        step = StepFactory(call=call, position=1, title_fr="Le projet", title_ar="المشروع")
        question = QuestionFactory(
            step=step,
            kind=QuestionKind.SHORT_TEXT,
            label_fr="Nom du projet",
            label_ar="اسم المشروع",
            label_en="Name of the project",
        )
        applications = []
        for index, ((name, email), project) in enumerate(zip(ORGANIZATIONS, PROJECTS, strict=True)):
            organization = OrganizationFactory(name=name, owner__email=email)
            application = submissions.application_start(call=call, applicant=organization.owner)
            application = submissions.application_submit(
                application=application,
                actor=organization.owner,
                answers={question.pk: project},
                notify=False,
            )
            if index % 2:
                application = submissions.application_transition(
                    application=application, to=ApplicationStatus.ELIGIBLE, actor=organizer
                )
            applications.append(application)
        Call.objects.filter(pk=call.pk).update(
            closes_at=timezone.now() - datetime.timedelta(days=1)
        )
        call_services.rounds_save(
            call=call, actor=organizer, rows=[(None, {"kind": RoundKind.SCREENING, "position": 0})]
        )
    call.refresh_from_db()
    return ClosedCall(
        call=call,
        round=call.rounds.get(kind=RoundKind.SCREENING),
        organizer=organizer,
        applications=sorted(applications, key=lambda a: a.reference),
    )


# --- the juror's part, in French or in Arabic -----------------------------------------


def is_autosave(response, assignment, carrying=""):
    """The htmx autosave of this assignment's grid (carrying `carrying`, if given)."""
    request = response.request
    return (
        request.method == "POST"
        and response.url.endswith(f"/jury/assignments/{assignment.pk}/save/")
        and request.headers.get("hx-request") == "true"
        and parse_qs(request.post_data or "").get("overall_comment", [""]) == [carrying]
    )


def post_from_page(page, url, data):
    """A request sent with the page's session and CSRF token, as htmx sends it: what a
    juror could send whatever the page shows."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.request.post(url, form=data, headers={"HX-Request": "true", "X-CSRFToken": token})


def queue_references(page):
    return [text.strip() for text in page.locator(".queue-item h2").all_inner_texts()]


def score(page, language, assignment, values, comments, overall, shown=()):
    """Fill the grid of an assignment criterion by criterion, wait for the autosave, see
    the saved state; reload and find what the server kept; submit; see it locked.
    `shown`: what the pages may show as typed already; returns it with what was typed."""
    criteria = list(Criterion.objects.filter(round_id=assignment.jury.round_id))
    typed = [*shown, *values, *comments, overall]
    for number, (criterion, value, comment) in enumerate(
        zip(criteria, values, comments, strict=True), 1
    ):
        details = page.locator(f"#criterion-{number}")
        expect(details).to_have_attribute("open", "")
        form_field(page, f"score-{criterion.pk}").fill(value)
        form_field(page, f"comment-{criterion.pk}").fill(comment)
        # "Next criterion": on a phone the grid reads one criterion at a time.
        name = "To the overall comment" if number == len(criteria) else "Next criterion"
        details.get_by_role("link", name=tr(language, name), exact=True).click()
    overall_field = form_field(page, "overall_comment")
    with page.expect_response(lambda r: is_autosave(r, assignment, overall)) as saved:
        overall_field.fill(overall)
    assert saved.value.ok
    assert_blind(saved.value.text(), "the autosave's response")
    saved_state = page.locator("#save-state .autosave--saved")
    expect(saved_state).to_contain_text(tr(language, "Saved at %(time)s").split("%")[0].strip())
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert evaluation.status == EvaluationStatus.DRAFT
    assert evaluation.overall_comment == overall
    stored = {s.criterion_id: s for s in evaluation.scores.all()}
    assert [str(stored[c.pk].value.normalize()) for c in criteria] == values
    assert [stored[c.pk].comment for c in criteria] == comments
    # The summary of each criterion shows its value (swapped in by the autosave).
    for criterion, value in zip(criteria, values, strict=True):
        shown = page.locator(f"#score-{criterion.pk}").inner_text()
        assert shown.replace(",", ".").replace("٫", ".") == value
    check_juror_page(page, language, typed)

    # Reloaded: the values come from the server.
    page.reload()
    for criterion, value, comment in zip(criteria, values, comments, strict=True):
        assert form_field(page, f"score-{criterion.pk}").input_value() == value
        assert form_field(page, f"comment-{criterion.pk}").input_value() == comment
    assert overall_field.input_value() == overall
    expect(page.locator("#save-state .autosave--saved")).to_be_visible()
    check_juror_page(page, language, typed)

    # Submitted: locked.
    button(page, language, "Submit the evaluation").click()
    page.wait_for_url(re.compile(rf"/{language}/jury/assignments/{assignment.pk}/$"))
    with translation.override(language):
        thanks = translation.gettext("Your evaluation of %(reference)s is submitted. Thank you!")
    assert message(page) == thanks % {"reference": assignment.application.reference}
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED
    page.locator("#scoring-form fieldset[disabled]").wait_for(state="attached")
    for criterion in criteria:
        expect(form_field(page, f"score-{criterion.pk}")).to_be_disabled()
    expect(overall_field).to_be_disabled()
    expect(button(page, language, "Submit the evaluation")).to_have_count(0)
    expect(button(page, language, "Save the draft")).to_have_count(0)
    check_juror_page(page, language, typed)
    # Sent anyway (an old tab, a crafted request): refused, nothing changes.
    save_url = page.url.split("#")[0] + "save/"
    data = {"version": str(evaluation.version), "overall_comment": "Changé après coup"}
    data.update({f"score-{criterion.pk}": "0" for criterion in criteria})
    refused = post_from_page(page, save_url, data)
    assert refused.ok
    with translation.override(language):
        locked = translation.gettext(
            "This evaluation is submitted and locked. Only the organizers can reopen it."
        )
    assert "autosave--error" in refused.text()
    assert locked in refused.text().replace("&#x27;", "'")
    evaluation.refresh_from_db()
    assert evaluation.overall_comment == overall
    assert evaluation.status == EvaluationStatus.SUBMITTED
    return typed


def juror_part(server, page, language, member, assignments):
    """The juror (logged in) goes through her queue: a conflict, then two evaluations."""
    assert len(assignments) == 4
    conflicted, first, second, left = assignments
    # The applicants' answers, as they wrote them (in French), are shown as written.
    typed = list(PROJECTS)

    page.goto(f"{server}/{language}/jury/")
    check_juror_page(page, language, typed)
    references = [a.application.reference for a in assignments]
    assert sorted(queue_references(page)) == sorted(references)
    to_do = tr(language, "To do", "evaluation status")
    assert page.locator(".queue-item .badge", has_text=to_do).count() == 4

    # A conflict of interest, declared from the application's page.
    page.locator(".queue-item h2").get_by_role(
        "link", name=conflicted.application.reference
    ).click()
    conflicted_url = f"{server}/{language}/jury/assignments/{conflicted.pk}/"
    page.wait_for_url(conflicted_url)
    assert conflicted.application.reference in page.get_by_role("heading", level=1).inner_text()
    check_juror_page(page, language, typed)
    page.locator("#conflict > summary").click()
    reason = {"fr": "J'ai conseillé ce projet l'an dernier.", "ar": "قدمت استشارة لهذا المشروع."}
    typed.append(reason[language])
    page.locator('#conflict [name="reason"]').fill(reason[language])
    check_juror_page(page, language, typed)
    button(page, language, "Declare the conflict and leave this application").click()
    page.wait_for_url(f"{server}/{language}/jury/")
    with translation.override(language):
        recorded = translation.gettext(
            "Your conflict of interest is recorded and %(reference)s has left your queue. "
            "The organizers will give it to another juror."
        ) % {"reference": conflicted.application.reference}
    assert message(page) == recorded
    assert conflicted.application.reference not in queue_references(page)
    assert len(queue_references(page)) == 3
    declaration = ConflictDeclaration.objects.get(juror=member.user)
    assert declaration.application_id == conflicted.application_id
    check_juror_page(page, language, typed)
    # Its address no longer opens it: not its page, not its grid's autosave.
    response = page.goto(conflicted_url)
    assert response.status == 404
    check_juror_page(page, language, typed)
    saving = post_from_page(page, f"{conflicted_url}save/", {"version": "0"})
    assert saving.status == 404

    # Two evaluations, from the queue.
    for assignment, (values, comments), overall in zip(
        (first, second), SCORES[language], OVERALL[language], strict=True
    ):
        page.goto(f"{server}/{language}/jury/")
        page.locator(".queue-item h2").get_by_role(
            "link", name=assignment.application.reference
        ).click()
        page.wait_for_url(f"{server}/{language}/jury/assignments/{assignment.pk}/")
        check_juror_page(page, language, typed)
        typed = score(page, language, assignment, values, comments, overall, typed)

    page.goto(f"{server}/{language}/jury/")
    assert sorted(queue_references(page)) == sorted(
        a.application.reference for a in (first, second, left)
    )
    with translation.override(language):
        summary = translation.ngettext(
            "%(done)s of %(counter)s evaluation submitted",
            "%(done)s of %(counter)s evaluations submitted",
            3,
        ) % {"done": 2, "counter": 3}
    assert " ".join(page.locator("#jury-progress-label").inner_text().split()) == summary
    check_juror_page(page, language, typed)
    return typed


# --- the journey ----------------------------------------------------------------------


def manage_url(server, scene, tail=""):
    return f"{server}/fr/manage/calls/{scene.call.slug}/jury/round/{scene.round.pk}/{tail}"


def round_nav(page, label):
    page.locator("nav.subnav--round").get_by_role("link", name=tr("fr", label), exact=True).click()


def add_criterion(page, label, guidance, weight):
    link(page, "fr", "Add a criterion").click()
    page.wait_for_url(re.compile(r"/grid/add/$"))
    check_page(page, "fr", [label, guidance])
    form_field(page, "weight").fill(str(weight))
    form_field(page, "min_score").fill("0")
    form_field(page, "max_score").fill("5")
    form_field(page, "label_fr").fill(label)
    form_field(page, "guidance_fr").fill(guidance)
    button(page, "fr", "Save the criterion").click()
    page.wait_for_url(re.compile(r"/grid/#criterion-\d+$"))
    assert message(page) == tr("fr", "The criterion is saved.")


def invite(page, email, role, cap):
    form_field(page, "email").fill(email)
    form_field(page, "role").select_option(role)
    form_field(page, "max_assignments").fill(str(cap))
    button(page, "fr", "Send the invitation").click()
    page.wait_for_url(re.compile(r"/members/$"))
    assert message(page) == tr("fr", "The invitation is sent to %(email)s.") % {"email": email}


def test_organizer_builds_the_jury_juror_declares_a_conflict_and_scores_organizer_follows(
    server, browser, page
):
    scene = closed_call()
    expert = JurorFactory(
        email="youssef.alami@inra-agadir.ma", full_name="Youssef Alami", language="fr"
    )
    newcomer = "nadia.bennani@univ-ibnzohr.ma"
    grid_typed = [text for label, guidance, _w in CRITERIA for text in (label, guidance)]
    organizer_typed = [*grid_typed, newcomer, expert.email, str(expert), "Salma"]

    # 1. The organizer, on her phone: the call's jury pages, the jury's settings.
    page.goto(f"{server}/fr/accounts/login/?next=/fr/manage/calls/{scene.call.slug}/")
    log_in(page, scene.organizer.email, FACTORY_PASSWORD)
    page.wait_for_url(f"{server}/fr/manage/calls/{scene.call.slug}/")
    page.locator("nav.subnav").get_by_role("link", name=tr("fr", "Jury"), exact=True).click()
    page.wait_for_url(f"{server}/fr/manage/calls/{scene.call.slug}/jury/")
    check_page(page, "fr", organizer_typed)
    page.locator(f"#round-{scene.round.pk}").get_by_role(
        "link", name=re.compile(tr("fr", "Set up the jury"))
    ).click()
    page.wait_for_url(manage_url(server, scene, "settings/"))
    check_page(page, "fr", organizer_typed)
    deadline = timezone.localtime(
        timezone.now() + datetime.timedelta(days=14), ZoneInfo("Africa/Casablanca")
    ).replace(hour=18, minute=0, second=0, microsecond=0)
    form_field(page, "deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    form_field(page, "jurors_per_application").fill("2")
    button(page, "fr", "Create the jury").click()
    page.wait_for_url(manage_url(server, scene, "members/"))
    assert message(page) == tr(
        "fr", "The jury is created. Build its scoring grid and invite its jurors."
    )
    jury = scene.round.jury
    assert jury.jurors_per_application == 2
    assert jury.deadline == deadline  # typed in Morocco's time
    check_page(page, "fr", organizer_typed)

    # 2. The scoring grid: three criteria whose weights first add up to 110 %.
    round_nav(page, "Scoring grid")
    page.wait_for_url(manage_url(server, scene, "grid/"))
    check_page(page, "fr", organizer_typed)
    weights = [weight for _l, _g, weight in CRITERIA[:-1]] + [WRONG_LAST_WEIGHT]
    for (label, guidance, _weight), weight in zip(CRITERIA, weights, strict=True):
        add_criterion(page, label, guidance, weight)
    problem = tr(
        "fr", "The weights add up to %(total)s %%; they must add up to exactly 100 %%."
    ) % {"total": 110}
    state = page.locator("main .alert--error")
    expect(state).to_contain_text(tr("fr", "The grid cannot be used yet."))
    expect(state).to_contain_text(problem)
    check_page(page, "fr", organizer_typed)
    # Assignment waits for a valid grid, and says why.
    round_nav(page, "Assignment")
    page.wait_for_url(manage_url(server, scene, "assignment/"))
    expect(page.locator("main .alert--error").first).to_contain_text(problem)
    expect(link(page, "fr", "Preview the automatic assignment")).to_have_count(0)
    check_page(page, "fr", organizer_typed)
    # The last weight corrected: the grid is ready.
    round_nav(page, "Scoring grid")
    last = Criterion.objects.get(round=scene.round, label_fr=CRITERIA[-1][0])
    page.locator(f"#criterion-{last.pk}").get_by_role(
        "link", name=re.compile(tr("fr", "Edit"))
    ).click()
    page.wait_for_url(manage_url(server, scene, f"grid/{last.pk}/"))
    check_page(page, "fr", organizer_typed)
    form_field(page, "weight").fill(str(CRITERIA[-1][2]))
    button(page, "fr", "Save the criterion").click()
    page.wait_for_url(re.compile(r"/grid/#criterion-\d+$"))
    with translation.override("fr"):
        ready = translation.ngettext(
            "The grid is ready: %(n)s criterion, weights adding up to 100 %%.",
            "The grid is ready: %(n)s criteria, weights adding up to 100 %%.",
            3,
        ) % {"n": 3}
    expect(page.locator("main div.alert--success")).to_have_text(ready)
    check_page(page, "fr", organizer_typed)

    # 3. Two jurors invited by e-mail: one new to the portal, one with an account.
    round_nav(page, "Jurors")
    page.wait_for_url(manage_url(server, scene, "members/"))
    invite(page, newcomer, MemberRole.MEMBER, 10)
    invite(page, expert.email, MemberRole.CHAIR, 10)
    expect(page.locator("#invitations-title + .item-list > li")).to_have_count(2)
    check_page(page, "fr", organizer_typed)

    # 4a. The newcomer, on her phone: the e-mailed link, sign up, confirm (which logs her
    # in and leads back to the invitation), accept.
    juror_context, juror = new_phone(browser, "fr")
    invitation_mail = Message.objects.get(template="juries/email/invitation", to_email=newcomer)
    assert invitation_mail.language == "fr"
    invitation_link = on_server(server, link_in(invitation_mail))
    invitation_url = f"/fr/jury/invitations/{JuryInvitation.objects.get(email=newcomer).token}/"
    assert invitation_link.endswith(invitation_url)
    juror_typed = ["Nadia Bennani", "Nadia", newcomer]
    juror.goto(invitation_link)
    check_juror_page(juror, "fr", juror_typed, role="anonymous")
    juror.locator("main .card__actions").get_by_role(
        "link", name=tr("fr", "Create an account"), exact=True
    ).click()
    juror.wait_for_url(re.compile(r"/fr/accounts/signup/"))
    check_juror_page(juror, "fr", juror_typed, role="anonymous")
    expect(form_field(juror, "email")).to_have_value(newcomer)
    form_field(juror, "full_name").fill("Nadia Bennani")
    form_field(juror, "password1").fill(NEW_JUROR_PASSWORD)
    form_field(juror, "password2").fill(NEW_JUROR_PASSWORD)
    form_field(juror, "privacy_consent").check()
    button(juror, "fr", "Sign Up").click()
    juror.wait_for_url(re.compile(r"/fr/accounts/confirm-email/"))
    check_juror_page(juror, "fr", juror_typed, role="anonymous")
    confirmation = Message.objects.filter(to_email=newcomer).exclude(
        template="juries/email/invitation"
    )
    juror.goto(link_in(confirmation.get()))
    check_juror_page(juror, "fr", juror_typed, role="anonymous")
    button(juror, "fr", "Confirm").click()
    # Logged in, back on the invitation (no second login): her juror profile, then accept.
    juror.wait_for_url(invitation_link)
    check_juror_page(juror, "fr", juror_typed, role="applicant")
    juror.locator('main [name="expertise_sectors"][value="saffron"]').check()
    juror.locator('main [name="regions"][value="souss-massa"]').check()
    juror.locator('main [name="languages"][value="fr"]').check()
    juror.locator('main [name="languages"][value="ar"]').check()
    button(juror, "fr", "Accept and join the jury").click()
    juror.wait_for_url(f"{server}/fr/jury/")
    with translation.override("fr"):
        welcome = translation.gettext("Welcome to the jury of “%(call)s” (%(round)s).") % {
            "call": scene.call.title_fr,
            "round": scene.round,
        }
    assert message(juror) == welcome
    member = jury.members.get(user__email=newcomer)
    assert member.user.juror_profile.languages == ["fr", "ar"]
    check_juror_page(juror, "fr", juror_typed)

    # 4b. The expert, who has an account: the link, log in, accept.
    expert_context, expert_page = new_phone(browser, "fr")
    expert_mail = Message.objects.get(template="juries/email/invitation", to_email=expert.email)
    expert_page.goto(on_server(server, link_in(expert_mail)))
    check_juror_page(expert_page, "fr", [expert.email], role="anonymous")
    expert_page.locator("main .card__actions").get_by_role(
        "link", name=tr("fr", "Log in"), exact=True
    ).click()
    log_in(expert_page, expert.email, FACTORY_PASSWORD)
    expert_page.wait_for_url(re.compile(r"/fr/jury/invitations/[\w-]+/$"))
    check_juror_page(expert_page, "fr", [expert.email], role="applicant")
    button(expert_page, "fr", "Accept and join the jury").click()
    expert_page.wait_for_url(f"{server}/fr/jury/")
    check_juror_page(expert_page, "fr")
    expert_context.close()

    # 5. The organizer: both jurors in the jury; the automatic assignment previewed
    # (load per juror), then confirmed.
    page.reload()
    members = page.locator("#members-title ~ .table-wrap tbody tr")
    expect(members).to_have_count(2)
    expect(page.locator("#invitations-title")).to_have_count(0)
    check_page(page, "fr", organizer_typed + ["Nadia Bennani"])
    round_nav(page, "Assignment")
    link(page, "fr", "Preview the automatic assignment").click()
    page.wait_for_url(manage_url(server, scene, "assignment/automatic/"))
    loads = page.locator("#plan-loads ~ .table-wrap tbody tr, #plan-loads + .table-wrap tbody tr")
    expect(loads).to_have_count(2)
    for row in loads.all():
        cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
        assert cells == ["0", "4", "0", "4", "10"], cells  # now, added, back, after, cap
    assert Assignment.objects.filter(jury=jury).count() == 0  # nothing changed yet
    check_page(page, "fr", organizer_typed + ["Nadia Bennani"])
    button(page, "fr", "Confirm and assign").click()
    page.wait_for_url(manage_url(server, scene, "assignment/"))
    assert message(page) == tr(
        "fr", "The automatic assignment is applied: %(added)s added, %(removed)s taken back."
    ) % {"added": 8, "removed": 0}
    assert Assignment.objects.filter(jury=jury).count() == 8
    check_page(page, "fr", organizer_typed + ["Nadia Bennani"])

    # 6. The newcomer's evaluations: a conflict, then two applications scored.
    assignments = sorted(
        Assignment.objects.filter(member=member).select_related("application", "jury"),
        key=lambda a: a.application.reference,
    )
    juror_part(server, juror, "fr", member, assignments)
    juror_context.close()

    # 7. The organizer reads the jury's progress: the newcomer's two evaluations
    # submitted, one left to do, and the application she declared a conflict with, to
    # give to another juror (the expert, the only other juror, already has it).
    round_nav(page, "Progress")
    page.wait_for_url(manage_url(server, scene, "progress/"))
    check_page(page, "fr", organizer_typed + ["Nadia Bennani"])
    with translation.override("fr"):
        to_reassign = translation.ngettext("%(n)s to reassign", "%(n)s to reassign", 1) % {"n": 1}
        submitted = translation.gettext("%(done)s of %(total)s evaluations submitted") % {
            "done": 2,
            "total": 7,
        }
    expect(page.locator("#progress-summary")).to_have_text(submitted)
    newcomer_row = page.locator("#progress-jurors ~ .table-wrap tbody tr", has_text="Nadia")
    # Assigned (that she may evaluate), to do, in progress, submitted.
    cells = [cell.strip() for cell in newcomer_row.locator("td").all_inner_texts()]
    assert cells == ["3", "1", "0", "2"], cells
    expect(newcomer_row.locator("th")).to_contain_text(to_reassign)
    expert_row = page.locator("#progress-jurors ~ .table-wrap tbody tr", has_text=str(expert))
    cells = [cell.strip() for cell in expert_row.locator("td").all_inner_texts()]
    assert cells == ["4", "4", "0", "0"], cells
    conflicted = assignments[0].application
    rows = page.locator("#progress-applications ~ .table-wrap tbody tr")
    for row in rows.all():
        reference = row.locator("th").inner_text().strip()
        received, jurors = (cell.strip() for cell in row.locator("td").all_inner_texts())
        if reference == conflicted.reference:
            assert received == "0 / 1"
            assert tr("fr", "fewer than %(k)s") % {"k": 2} in jurors
            assert to_reassign in jurors
        else:
            scored = reference in {a.application.reference for a in assignments[1:3]}
            assert received == ("1 / 2" if scored else "0 / 2")
            assert jurors == "2"
    assert rows.count() == 4


def test_a_juror_declares_a_conflict_and_scores_in_arabic(server, browser):
    """The juror's part again, in Arabic: the jury built through the services."""
    scene = closed_call(prefix="LAM")
    with translation.override("fr"):
        jury = panel_services.jury_save(
            round=scene.round,
            actor=scene.organizer,
            deadline=timezone.now() + datetime.timedelta(days=14),
            jurors_per_application=2,
            scores_visible_after_submit=False,
        )
        for position, (label, guidance, weight) in enumerate(CRITERIA):
            panel_services.criterion_save(
                round=scene.round,
                actor=scene.organizer,
                label_fr=label,
                label_ar=["الأثر الاجتماعي", "الجدوى الاقتصادية", "مشاركة النساء"][position],
                label_en="",
                guidance_fr=guidance,
                guidance_ar="1: ضعيف؛ 3: متوسط؛ 5: ممتاز",
                guidance_en="",
                weight=weight,
                min_score=0,
                max_score=5,
            )
        members = []
        for email, language in (
            ("amina.idrissi@um5-rabat.ma", "ar"),
            ("omar@enam-meknes.ma", "fr"),
        ):
            user = JurorFactory(email=email, full_name="أمينة الإدريسي", language=language)
            invitation = panel_services.invitation_send(
                jury=jury,
                actor=scene.organizer,
                email=email,
                role=MemberRole.MEMBER,
                max_assignments=10,
            )
            members.append(panel_services.invitation_accept(invitation=invitation, user=user))
        plan = assignment_services.assignment_preview(jury=jury, actor=scene.organizer)
        assignment_services.assignment_apply(jury=jury, actor=scene.organizer, plan=plan)
    member = members[0]
    assignments = sorted(
        Assignment.objects.filter(member=member).select_related("application", "jury"),
        key=lambda a: a.application.reference,
    )
    context, page = new_phone(browser, "ar")
    try:
        page.goto(f"{server}/ar/accounts/login/?next=/ar/jury/")
        log_in(page, member.user.email, FACTORY_PASSWORD, "ar")
        page.wait_for_url(f"{server}/ar/jury/")
        juror_part(server, page, "ar", member, assignments)
    finally:
        context.close()
