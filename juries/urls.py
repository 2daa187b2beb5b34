"""The juror's workspace: /<lang>/jury/…"""

from django.urls import path

from juries.views import jury

app_name = "jury"
urlpatterns = [
    path("", jury.workspace, name="workspace"),
    path("assignments/<int:pk>/", jury.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/save/", jury.evaluation_save, name="save"),
    path("assignments/<int:pk>/submit/", jury.evaluation_submit, name="submit"),
    path("assignments/<int:pk>/conflict/", jury.conflict_declare, name="declare_conflict"),
    path("assignments/<int:pk>/files/<int:attachment_pk>/", jury.document, name="document"),
    path(
        "assignments/<int:pk>/requested-files/<int:request_pk>/",
        jury.requested_document,
        name="requested_document",
    ),
    path("conflicts/", jury.conflicts, name="conflicts"),
]
