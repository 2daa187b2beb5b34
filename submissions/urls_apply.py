"""The application form, below a call: /<lang>/calls/<slug>/apply/…"""

from django.urls import path

from submissions.views import applicant, wizard

app_name = "apply"
urlpatterns = [
    path("", applicant.apply_start, name="start"),
    path("<int:pk>/", applicant.wizard_resume, name="wizard"),
    path("<int:pk>/files/<int:question_pk>/", applicant.attachment_upload, name="upload"),
    path(
        "<int:pk>/files/<int:attachment_pk>/delete/",
        applicant.attachment_delete,
        name="delete_file",
    ),
    path("<int:pk>/<str:step>/", wizard.application_wizard, name="step"),
]
