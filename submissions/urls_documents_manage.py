"""Missing documents of an application, for its organizers:
/<lang>/manage/calls/<slug>/applications/<pk>/documents/…"""

from django.urls import path

from submissions.views import documents

app_name = "documents_manage"
urlpatterns = [
    path("", documents.requests_list, name="list"),
    path("request/", documents.request_create, name="request"),
    path("<int:request_pk>/cancel/", documents.request_cancel, name="cancel"),
    path("<int:request_pk>/file/", documents.request_file, name="file"),
]
