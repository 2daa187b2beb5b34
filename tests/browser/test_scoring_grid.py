"""The juror's scoring grid in the browser, when something typed is refused.

A juror scores three criteria one at a time, the second out of range: the autosave keeps
the two others (found again after reloading), marks the faulty one beside its field and
in its criterion's title, and never says "Saved". Submitting then is refused with a list
of what to fix, focused, whose link opens the criterion and puts the cursor in its score.
Once fixed and submitted, the page offers the next application. On a phone in French and
on a desktop in Arabic; every page checked for accessibility, language and sideways
scrolling, and blind review (the organization never named).
"""

import re
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from django.utils import translation
from playwright.sync_api import expect

from juries.models import Evaluation
from tests.browser.checks import check_page, tr
from tests.browser.checks import field as form_field
from tests.factories import PASSWORD
from tests.juries.workspace_fixtures import (
    ORGANIZATION_NAME,
    add_juror,
    assign,
    build_call,
    identified_organization,
    submit_application,
)

pytestmark = pytest.mark.browser

LABELS = {
    "fr": ("Impact social", "Viabilité économique", "Participation des femmes"),
    "ar": ("الأثر الاجتماعي", "الجدوى الاقتصادية", "مشاركة النساء"),
}
# What the pages show as typed (the applicant's answers, in French) and the reference.
TYPED = ("Séchoir solaire collectif", "Nous séchons le safran au soleil.", "Project title")
LATIN_ALLOWED = {"LAM", "Your", "story", "Budget", "MAD", "Project", "title"}
GUIDANCE = {"fr": "1 : faible ; 3 : moyen ; 5 : excellent", "ar": "1: ضعيف؛ 3: متوسط؛ 5: ممتاز"}


def scene_with_two_assignments():
    scene = build_call(blind=True)
    for criterion, fr, ar in zip(scene.criteria, *LABELS.values(), strict=True):
        criterion.label_fr, criterion.label_ar, criterion.label_en = fr, ar, fr
        criterion.guidance_fr, criterion.guidance_ar = GUIDANCE["fr"], GUIDANCE["ar"]
        criterion.guidance_en = GUIDANCE["fr"]
        criterion.save()
    member = add_juror(scene)
    first = assign(scene, member, submit_application(scene, organization=identified_organization()))
    second = assign(scene, member, submit_application(scene))
    return scene, member.user, first, second


def check(page, language):
    """The shared checks (every size, axe-core, language), and blind review."""
    check_page(page, language, role="juror", typed_values=TYPED, allowed=LATIN_ALLOWED)
    assert ORGANIZATION_NAME not in page.content()


def ngettext(language, singular, plural, count):
    with translation.override(language):
        return translation.ngettext(singular, plural, count) % {"count": count}


def carries(response, name, value):
    request = response.request
    return (
        request.method == "POST"
        and response.url.endswith("/save/")
        and parse_qs(request.post_data or "").get(name) == [value]
    )


@pytest.mark.parametrize(
    ("viewport", "language"), [("phone", "fr"), ("desktop", "ar")], ids=["phone-fr", "desktop-ar"]
)
def test_a_score_out_of_range_is_marked_the_rest_saved_and_the_submit_leads_to_it(
    server, page, viewport, language
):
    scene, juror, first, second = scene_with_two_assignments()
    one, faulty, three = scene.criteria
    page.goto(f"{server}/{language}/accounts/login/?next=/{language}/jury/")
    form_field(page, "login").fill(juror.email)
    form_field(page, "password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{server}/{language}/jury/")
    page.goto(f"{server}/{language}/jury/assignments/{first.pk}/")

    # One criterion at a time: 3, then 9 (the scale is 0 to 5), then 4.
    for number, (criterion, value) in enumerate(
        zip(scene.criteria, ("3", "9", "4"), strict=True), 1
    ):
        expect(page.locator(f"#criterion-{number}")).to_have_attribute("open", "")
        if number < 3:
            form_field(page, f"score-{criterion.pk}").fill(value)
            page.locator(f"#criterion-{number}").get_by_role(
                "link", name=tr(language, "Next criterion"), exact=True
            ).click()
    with page.expect_response(lambda r: carries(r, f"score-{three.pk}", "4")) as saving:
        form_field(page, f"score-{three.pk}").fill("4")
    assert saving.value.ok

    state = page.locator("#save-state")
    saved = ngettext(language, "%(count)s score saved", "%(count)s scores saved", 2)
    expect(state).to_contain_text(saved)
    expect(state).to_contain_text(
        ngettext(language, "%(count)s score needs fixing", "%(count)s scores need fixing", 1)
    )
    expect(state.locator(".autosave--saved")).to_have_count(0)
    score = form_field(page, f"score-{faulty.pk}")
    expect(score).to_have_attribute("aria-invalid", "true")
    expect(form_field(page, f"score-{one.pk}")).not_to_have_attribute("aria-invalid", "true")
    scale = tr(language, "Give a score from %(min)s to %(max)s.") % {"min": 0, "max": 5}
    expect(page.locator(f"#errors-{faulty.pk}")).to_have_text(scale)
    assert f"errors-{faulty.pk}" in score.get_attribute("aria-describedby").split()
    expect(page.locator(f"#flag-{faulty.pk}")).to_have_text(tr(language, "To fix"))
    evaluation = Evaluation.objects.get(assignment=first)
    assert dict(evaluation.scores.values_list("criterion_id", "value")) == {
        one.pk: Decimal(3),
        three.pk: Decimal(4),
    }
    check(page, language)

    # Reloaded: the valid scores are there.
    page.reload()
    assert form_field(page, f"score-{one.pk}").input_value() == "3"
    assert form_field(page, f"score-{three.pk}").input_value() == "4"
    assert form_field(page, f"score-{faulty.pk}").input_value() == ""

    # Submitted with the second criterion still empty: refused, what to fix focused.
    page.locator("main").get_by_role(
        "button", name=tr(language, "Submit the evaluation"), exact=True
    ).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text(tr(language, "Score this criterion before submitting."))
    expect(page.locator("#criterion-2")).to_have_attribute("open", "")
    expect(page.locator("#criterion-1")).not_to_have_attribute("open", "")
    check(page, language)
    page.locator("#criterion-2 > summary").click()  # closed by hand, then the link opens it
    summary.get_by_role("link").click()
    expect(page.locator("#criterion-2")).to_have_attribute("open", "")
    expect(score).to_be_focused()
    expect(score).to_be_in_viewport()

    # Fixed and submitted: the next application is offered.
    score.fill("2")
    page.locator("main").get_by_role(
        "button", name=tr(language, "Submit the evaluation"), exact=True
    ).click()
    page.wait_for_url(re.compile(rf"/{language}/jury/assignments/{first.pk}/$"))
    following = page.locator("a[data-next-application]")
    expect(following).to_be_visible()
    expect(following).to_contain_text(tr(language, "Next application"))
    expect(following).to_contain_text(second.application.reference)
    check(page, language)
    following.click()
    page.wait_for_url(f"{server}/{language}/jury/assignments/{second.pk}/")
