"""Saving the application form: one page's own saves never refuse each other, another
tab's or device's change is shown beside the page's for the person to choose, a page
opened changes nothing, and a submission leaves nothing "not submitted"."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from submissions.enums import ApplicationStatus
from submissions.models import Application
from tests.submissions.conftest import pdf_upload
from tests.submissions.test_wizard import (
    PREFIX,
    fill_everything,
    part,
    part_data,
    post_step,
    profile_data,
    step_url,
    version_of,
)

TAB = "4f1c2a9d0b7e"
OTHER_TAB = "9a8b7c6d5e4f"
CONFLICT = "changed in another tab or on another device"


@pytest.fixture
def started(client, applicant, call_form):
    client.force_login(applicant)
    client.post(reverse("apply:start", kwargs={"slug": call_form.call.slug}))
    return Application.objects.get(applicant=applicant)


def field_of(call_form, step, name):
    return f"{part(call_form, step)}-{call_form.q[name].field_name}"


def save(client, application, step, fields, *, version, tab=TAB, autosave=False, **extra):
    """What a page posts: its step's fields, the version it holds and its tab's token."""
    payload = {f"{PREFIX}-current_step": step, "form_version": version, "form_tab": tab}
    payload.update(fields)
    payload.update(extra)
    if autosave:
        payload["autosave"] = "1"
    return client.post(step_url(application, step), payload)


def stored(application, step):
    application.refresh_from_db()
    return application.form_data["step_data"][step]


def project_fields(call_form, **overrides):
    return {
        f"{part(call_form, 1)}-{name}": value
        for name, value in part_data(call_form, **overrides).items()
    }


def test_save_and_continue_crossing_the_same_pages_autosave_is_saved_not_refused(
    client, started, call_form
):
    opened = version_of(started)
    typed = project_fields(call_form, project="Séchoir solaire")
    autosave = save(client, started, part(call_form, 1), typed, version=opened, autosave=True)
    assert autosave["X-Form-Version"] != opened

    # The button's POST left with the version the page had before the autosave answered.
    typed = project_fields(call_form, project="Séchoir solaire collectif")
    response = save(client, started, part(call_form, 1), typed, version=opened)

    assert response.status_code == 302
    assert response.url == step_url(started, part(call_form, 2))
    project = field_of(call_form, 1, "project")
    assert stored(started, part(call_form, 1))[project] == ["Séchoir solaire collectif"]


def test_a_late_autosave_of_the_previous_step_does_not_refuse_the_next_one(
    client, started, call_form
):
    opened = version_of(started)
    typed = project_fields(call_form)
    save(client, started, part(call_form, 1), typed, version=opened)
    documents_page = version_of(started)  # the next step's page, opened at once
    # The first page's autosave (sent as its button was pressed) arrives after.
    late = save(client, started, part(call_form, 1), typed, version=opened, autosave=True)
    assert CONFLICT not in late.content.decode()
    client.post(
        reverse(
            "apply:upload",
            kwargs={
                "slug": started.call.slug,
                "pk": started.pk,
                "question_pk": call_form.q["statutes"].pk,
            },
        ),
        {"file": pdf_upload()},
    )

    response = save(client, started, part(call_form, 2), {}, version=documents_page)

    assert response.status_code == 302
    assert response.url == step_url(started, "review")


def test_a_step_changed_on_another_device_is_shown_beside_what_this_page_typed(
    client, started, call_form
):
    opened = version_of(started)
    project = field_of(call_form, 1, "project")
    save(
        client,
        started,
        part(call_form, 1),
        project_fields(call_form, project="Version du téléphone"),
        version=opened,
        tab=OTHER_TAB,
    )
    mine = project_fields(call_form, project="Version de l'ordinateur")

    autosave = save(client, started, part(call_form, 1), mine, version=opened, autosave=True)
    button = save(client, started, part(call_form, 1), mine, version=opened)

    for response in (autosave, button):
        assert response.status_code == 200
        page = response.content.decode()
        assert CONFLICT in page
        assert "Version de l&#x27;ordinateur" in page
        assert "Version du téléphone" in page
        assert f'name="keep_version" value="{version_of(started)}"' in page
    assert "X-Form-Version" not in autosave
    assert stored(started, part(call_form, 1))[project] == ["Version du téléphone"]
    # Only the field that differs is compared.
    assert call_form.q["summary"].label not in autosave.content.decode()

    kept = save(
        client,
        started,
        part(call_form, 1),
        mine,
        version=opened,
        keep_version=version_of(started),
        autosave=True,
    )

    assert kept["X-Form-Version"] == version_of(started)
    assert stored(started, part(call_form, 1))[project] == ["Version de l'ordinateur"]


def test_another_device_changing_another_step_does_not_refuse_this_one(
    client, started, call_form, organization
):
    opened = version_of(started)
    save(
        client,
        started,
        "organization",
        {f"organization-{k}": v for k, v in profile_data(organization).items()},
        version=opened,
        tab=OTHER_TAB,
    )

    response = save(
        client,
        started,
        part(call_form, 1),
        project_fields(call_form),
        version=opened,
        autosave=True,
    )

    assert response["X-Form-Version"] == version_of(started)
    assert stored(started, part(call_form, 1))[field_of(call_form, 1, "project")] == [
        "Séchoir solaire collectif"
    ]


def test_a_refused_autosave_changes_nothing_on_the_server(client, started, call_form):
    opened = version_of(started)
    other = project_fields(call_form, project="Autre onglet")
    save(client, started, part(call_form, 1), other, version=opened, tab=OTHER_TAB)
    post_step(client, started, "eligibility", {}, wizard_goto_step="organization")
    before = Application.objects.filter(pk=started.pk).values().get()

    refused = save(
        client,
        started,
        part(call_form, 1),
        project_fields(call_form),
        version=opened,
        autosave=True,
    )

    assert CONFLICT in refused.content.decode()
    assert Application.objects.filter(pk=started.pk).values().get() == before


def test_a_submission_leaves_no_changes_not_submitted(client, started, call_form, organization):
    fill_everything(client, started, call_form, organization)

    post_step(client, started, "review", {"confirm": "on"})
    detail = client.get(reverse("me:application", kwargs={"pk": started.pk}))

    started.refresh_from_db()
    assert started.status == ApplicationStatus.SUBMITTED
    assert started.form_saved_at <= started.last_submitted_at
    assert "changes that are not submitted yet" not in detail.content.decode()


def test_submitting_twice_from_the_same_page_confirms_twice_and_records_one_submission(
    client, started, call_form, organization
):
    fill_everything(client, started, call_form, organization)
    review = version_of(started)

    first = save(client, started, "review", {"review-confirm": "on"}, version=review)
    second = save(client, started, "review", {"review-confirm": "on"}, version=review)

    application_url = reverse("me:application", kwargs={"pk": started.pk})
    assert (first.url, second.url) == (application_url, application_url)
    page = client.get(application_url).content.decode()
    assert page.count("Your application is submitted.") == 2
    assert CONFLICT not in page
    assert started.submissions.count() == 1


def test_a_busy_database_at_submission_says_so_and_keeps_the_draft(
    client, started, call_form, organization, monkeypatch
):
    fill_everything(client, started, call_form, organization)

    def busy(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("submissions.services.application_submit", busy)
    response = post_step(client, started, "review", {"confirm": "on"})

    assert response.url == step_url(started, "review")
    page = client.get(response.url).content.decode()
    assert "too busy to record your application" in page
    started.refresh_from_db()
    assert started.status == ApplicationStatus.DRAFT


def test_the_review_counts_the_documents_step_complete_once_its_files_are_attached(
    client, started, call_form, organization
):
    fill_everything(client, started, call_form, organization)

    review = client.get(step_url(started, "review")).content.decode()

    assert "This step is not complete" not in review


def test_documents_attached_without_pressing_save_on_their_step_can_be_submitted(
    client, started, call_form, organization
):
    post_step(client, started, "organization", profile_data(organization))
    post_step(client, started, "eligibility", {f"declaration_{call_form.declaration.pk}": "yes"})
    post_step(client, started, part(call_form, 1), part_data(call_form))
    client.post(
        reverse(
            "apply:upload",
            kwargs={
                "slug": started.call.slug,
                "pk": started.pk,
                "question_pk": call_form.q["statutes"].pk,
            },
        ),
        {"file": pdf_upload()},
    )
    # From the documents step, straight to the review through the list of steps.
    post_step(client, started, part(call_form, 2), {}, wizard_goto_step="review")

    review = client.get(step_url(started, "review")).content.decode()
    response = post_step(client, started, "review", {"confirm": "on"})

    assert "This step is not complete" not in review
    assert response.url == reverse("me:application", kwargs={"pk": started.pk})
    started.refresh_from_db()
    assert started.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("step", ["organization", "review"])
def test_opening_any_step_writes_nothing(client, started, call_form, organization, step):
    fill_everything(client, started, call_form, organization)
    saved = Application.objects.filter(pk=started.pk).values().get()

    client.get(step_url(started, step))
    client.get(reverse("apply:wizard", kwargs={"slug": started.call.slug, "pk": started.pk}))

    assert Application.objects.filter(pk=started.pk).values().get() == saved
