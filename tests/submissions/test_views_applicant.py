"""The applicant's pages, role by role: one's own applications only; 404 for others'."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from submissions import services
from submissions.enums import ApplicationStatus
from tests.factories import CallFactory, OrganizationFactory
from tests.submissions.conftest import MINIMAL_PDF, pdf_upload


@pytest.fixture
def submitted(applicant, call_form):
    application = services.application_start(call=call_form.call, applicant=applicant)
    attachment = services.attachment_add(
        application=application,
        question=call_form.q["statutes"],
        uploaded_file=pdf_upload("النظام الأساسي.pdf"),
        actor=applicant,
    )
    services.application_submit(
        application=application,
        actor=applicant,
        answers=call_form.answers(),
        declarations={call_form.declaration.pk: True},
    )
    application.refresh_from_db()
    application.attachment = attachment
    return application


def urls_of(application):
    slug, pk = application.call.slug, application.pk
    attachment = application.attachments.first()
    return [
        ("get", reverse("me:application", kwargs={"pk": pk})),
        ("get", reverse("me:receipt", kwargs={"pk": pk})),
        ("get", reverse("me:withdraw", kwargs={"pk": pk})),
        ("post", reverse("me:withdraw", kwargs={"pk": pk})),
        ("get", reverse("me:attachment", kwargs={"pk": pk, "attachment_pk": attachment.pk})),
        ("get", reverse("apply:wizard", kwargs={"slug": slug, "pk": pk})),
        ("get", reverse("apply:step", kwargs={"slug": slug, "pk": pk, "step": "organization"})),
        (
            "post",
            reverse(
                "apply:upload",
                kwargs={"slug": slug, "pk": pk, "question_pk": attachment.question_id},
            ),
        ),
        (
            "post",
            reverse(
                "apply:delete_file",
                kwargs={"slug": slug, "pk": pk, "attachment_pk": attachment.pk},
            ),
        ),
    ]


def test_another_applicants_application_and_files_are_404_everywhere(client, submitted):
    client.force_login(OrganizationFactory().owner)

    codes = {url: getattr(client, method)(url).status_code for method, url in urls_of(submitted)}

    assert set(codes.values()) == {404}, codes
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.attachments.count() == 1


def test_a_visitor_is_sent_to_log_in(client, submitted):
    for method, url in urls_of(submitted):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_owner_downloads_a_file_under_its_clean_name(client, submitted):
    client.force_login(submitted.applicant)
    url = reverse(
        "me:attachment", kwargs={"pk": submitted.pk, "attachment_pk": submitted.attachment.pk}
    )

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "/" not in disposition.split("filename", 1)[1]
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_the_receipt_shows_the_reference_and_what_was_sent(client, submitted):
    client.force_login(submitted.applicant)

    page = client.get(reverse("me:receipt", kwargs={"pk": submitted.pk})).content.decode()

    assert submitted.reference in page
    assert "Séchoir solaire collectif" in page
    assert "النظام_الأساسي.pdf" in page


def test_withdrawing_asks_first_then_withdraws(client, submitted):
    client.force_login(submitted.applicant)
    url = reverse("me:withdraw", kwargs={"pk": submitted.pk})

    assert "cannot be undone" in client.get(url).content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED

    response = client.post(url, {"reason": ""})
    submitted.refresh_from_db()
    assert response.url == reverse("me:application", kwargs={"pk": submitted.pk})
    assert submitted.status == ApplicationStatus.WITHDRAWN


def test_an_unpublished_calls_form_is_404(client, applicant):
    call = CallFactory(is_published=False)
    client.force_login(applicant)

    assert client.get(reverse("apply:start", kwargs={"slug": call.slug})).status_code == 404
    assert client.post(reverse("apply:start", kwargs={"slug": call.slug})).status_code == 404


def test_a_closed_call_says_so_and_starts_nothing(client, applicant):
    now = timezone.now()
    call = CallFactory(
        opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=1)
    )
    client.force_login(applicant)

    response = client.post(reverse("apply:start", kwargs={"slug": call.slug}))

    assert "closed on" in response.content.decode()
    assert not applicant.applications.exists()


def test_the_form_of_a_call_that_closed_shows_the_draft_read_only(client, applicant, call_form):
    draft = services.application_start(call=call_form.call, applicant=applicant)
    Call.objects.filter(pk=call_form.call.pk).update(closes_at=timezone.now())
    client.force_login(applicant)

    response = client.get(
        reverse(
            "apply:step", kwargs={"slug": call_form.call.slug, "pk": draft.pk, "step": "review"}
        )
    )

    assert response.url == reverse("me:application", kwargs={"pk": draft.pk})


@pytest.fixture
def upload_url(applicant, call_form):
    draft = services.application_start(call=call_form.call, applicant=applicant)
    return reverse(
        "apply:upload",
        kwargs={
            "slug": call_form.call.slug,
            "pk": draft.pk,
            "question_pk": call_form.q["statutes"].pk,
        },
    )


def test_a_fake_pdf_sent_with_htmx_gets_a_clear_error_in_place(client, applicant, upload_url):
    client.force_login(applicant)
    fake = SimpleUploadedFile("statuts.pdf", b"not a pdf at all")

    response = client.post(upload_url, {"file": fake}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "not a document of an accepted type" in response.content.decode()
    assert not applicant.applications.get().attachments.exists()


def test_a_sixty_megabyte_upload_is_refused_and_the_applicant_sent_back_to_the_step(
    client, applicant, upload_url, call_form
):
    client.force_login(applicant)
    huge = SimpleUploadedFile("rapport.pdf", MINIMAL_PDF + b"0" * (60 * 1024 * 1024))

    response = client.post(upload_url, {"file": huge}, follow=True)

    assert "the call accepts files up to 10 MB" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/part-{call_form.steps[1].pk}/")
    assert not applicant.applications.get().attachments.exists()


@pytest.mark.parametrize("count", [5, 50])
def test_the_dashboard_query_count_does_not_grow_with_applications(
    client, applicant, assert_num_queries, count
):
    now = timezone.now()
    for _ in range(count):
        call = CallFactory(opens_at=now - datetime.timedelta(days=1))
        services.application_start(call=call, applicant=applicant)
    client.force_login(applicant)
    client.get(reverse("me:dashboard"))  # the session is loaded once, outside the budget

    with assert_num_queries(8):
        response = client.get(reverse("me:dashboard"))

    assert response.content.decode().count('class="card application-row"') == count


def test_removing_a_file_after_submitting_keeps_the_submitted_document_until_sent_again(
    client, submitted, call_form
):
    client.force_login(submitted.applicant)
    kwargs = {"slug": call_form.call.slug, "pk": submitted.pk}
    client.post(
        reverse("apply:delete_file", kwargs={**kwargs, "attachment_pk": submitted.attachment.pk})
    )

    detail = client.get(reverse("me:application", kwargs={"pk": submitted.pk})).content.decode()
    assert "النظام_الأساسي.pdf" in detail  # what was submitted
    assert "changes that are not submitted yet" in detail
    assert submitted.attachment.file.storage.exists(submitted.attachment.file.name)

    services.attachment_add(
        application=submitted,
        question=call_form.q["statutes"],
        uploaded_file=pdf_upload("statuts-2.pdf"),
        actor=submitted.applicant,
    )
    services.application_submit(
        application=submitted,
        actor=submitted.applicant,
        answers=call_form.answers(),
        declarations={call_form.declaration.pk: True},
    )

    assert [a.original_name for a in submitted.attachments.all()] == ["statuts-2.pdf"]


def test_a_decision_stays_under_review_for_the_applicant_until_results_are_published(
    client, submitted, call_form
):
    services.application_transition(
        application=submitted, to=ApplicationStatus.ELIGIBLE, actor=None
    )
    services.application_transition(
        application=submitted, to=ApplicationStatus.SHORTLISTED, actor=None
    )
    services.application_transition(application=submitted, to=ApplicationStatus.WINNER, actor=None)
    client.force_login(submitted.applicant)
    pages = [reverse("me:dashboard"), reverse("me:application", kwargs={"pk": submitted.pk})]

    before = [client.get(url).content.decode() for url in pages]
    Call.objects.filter(pk=call_form.call.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=30),
        results_published_at=timezone.now(),
    )
    after = [client.get(url).content.decode() for url in pages]

    assert all("Winner" not in page and "Under review" in page for page in before)
    assert all("Winner" in page for page in after)
