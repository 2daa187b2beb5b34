"""The applicant's space: /<lang>/me/ and their applications below it."""

from django.urls import path

from submissions.views import applicant, documents

app_name = "me"
urlpatterns = [
    path("", applicant.dashboard, name="dashboard"),
    path("applications/<int:pk>/", applicant.application_detail, name="application"),
    path("applications/<int:pk>/receipt/", applicant.application_receipt, name="receipt"),
    path("applications/<int:pk>/withdraw/", applicant.application_withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/files/<int:attachment_pk>/",
        applicant.attachment_download,
        name="attachment",
    ),
    path(
        "applications/<int:pk>/documents/<int:request_pk>/",
        documents.document_request,
        name="document_request",
    ),
    path(
        "applications/<int:pk>/documents/<int:request_pk>/file/",
        documents.document_request_file,
        name="document_request_file",
    ),
]
