"""A call's e-mails to its applicants, for its organizers:
/<lang>/manage/calls/<slug>/emails/…"""

from django.urls import path

from calls.views import emails

app_name = "emails_manage"
urlpatterns = [
    path("", emails.email_list, name="list"),
    path("<str:kind>/<str:language>/", emails.email_edit, name="edit"),
    path("<str:kind>/<str:language>/reset/", emails.email_reset, name="reset"),
]
