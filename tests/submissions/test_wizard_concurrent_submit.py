"""Three presses of "Submit the application" at once, on the embedded SQLite database (a
file, as `make run` serves it): each press is answered with the confirmation, one
submission is recorded, and nothing is left "not submitted". Run in a process of its
own, on its own database file, as the test database lives in memory."""

import json
import subprocess
import sys
import textwrap

from tests.portal.test_embedded_mode import manage_environment
from tests.portal.test_production_settings import ROOT

THREE_PRESSES = textwrap.dedent(
    """
    import json, threading, django
    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment
    setup_test_environment()
    call_command("migrate", verbosity=0)

    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation
    from submissions import selectors, services
    from submissions.forms import profile_step_data
    from submissions.models import Application
    from tests.factories import CallFactory, OrganizationFactory, QuestionFactory, StepFactory

    translation.activate("en")
    call = CallFactory()
    question = QuestionFactory(step=StepFactory(call=call))
    organization = OrganizationFactory()
    user = organization.owner
    application = services.application_start(call=call, applicant=user)
    part = f"part-{question.step_id}"
    services.application_save_form(
        application=application,
        form_data={"step_data": {
            "organization": profile_step_data(organization, prefix="organization"),
            part: {f"{part}-{question.field_name}": ["Séchoir solaire"]},
        }},
        actor=user,
    )
    kwargs = {"slug": call.slug, "pk": application.pk, "step": "review"}
    review = reverse("apply:step", kwargs=kwargs)
    page = Client()
    page.force_login(user)
    assert page.get(review).status_code == 200
    posted = {
        "application_wizard-current_step": "review",
        "review-confirm": "on",
        "form_version": Application.objects.get(pk=application.pk).form_version,
        "form_tab": "0123456789ab",
    }
    barrier = threading.Barrier(3)
    answers = []

    def press():
        client = Client()
        client.cookies = page.cookies
        try:
            barrier.wait()
            response = client.post(review, posted)
            shown = ""
            if response.status_code == 302:
                shown = client.get(response["Location"]).content.decode()
            answers.append([
                response.status_code,
                "Your application is submitted." in shown,
                "changed in another tab" in shown,
            ])
        except Exception as error:
            answers.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(3)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    application = Application.objects.get(pk=application.pk)
    print(json.dumps({
        "answers": sorted(answers, key=str),
        "submissions": application.submissions.count(),
        "status": application.status,
        "unsent": selectors.has_unsent_changes(application=application),
    }))
    """
)


def test_three_simultaneous_submits_on_sqlite_each_confirm_one_submission(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", THREE_PRESSES],
        cwd=ROOT,
        env={**manage_environment(), "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {
        "answers": [[302, True, False]] * 3,
        "submissions": 1,
        "status": "submitted",
        "unsent": False,
    }
