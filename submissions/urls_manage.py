"""The organizers' pages of a call's applications: /<lang>/manage/calls/<slug>/applications/…"""

from django.urls import path

from submissions.views import manage

app_name = "applications_manage"
urlpatterns = [
    path("", manage.application_list, name="list"),
    path("bulk/", manage.bulk_action, name="bulk"),
    path("bulk/<uuid:token>/", manage.bulk_progress, name="bulk_progress"),
    path("<int:pk>/", manage.application_detail, name="detail"),
    path("<int:pk>/screening/", manage.application_screening, name="screen"),
    path(
        "<int:pk>/files/<int:attachment_pk>/",
        manage.attachment_download,
        name="attachment",
    ),
]
