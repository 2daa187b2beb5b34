from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("submissions.urls_applicant")),
    path("me/", include("awards.urls_applicant")),
    path("me/", include("accounts.urls")),
    path("calls/<slug:slug>/apply/", include("submissions.urls_apply")),
    path("", include("awards.urls_public")),
    path("impact/", include("reports.urls_public")),
    path("calls/", include("calls.urls")),
    path("manage/calls/<slug:slug>/jury/", include("juries.urls_manage")),
    path("manage/calls/<slug:slug>/", include("awards.urls_manage")),
    path(
        "manage/calls/<slug:slug>/applications/<int:pk>/documents/",
        include("submissions.urls_documents_manage"),
    ),
    path("manage/calls/<slug:slug>/applications/", include("submissions.urls_manage")),
    path("manage/calls/<slug:slug>/dashboard/", include("reports.urls_manage")),
    path("manage/exports/", include("exports.urls")),
    path("manage/calls/<slug:slug>/emails/", include("calls.urls_emails")),
    path("manage/", include("calls.urls_manage")),
    path("jury/invitations/", include("juries.urls_invitations")),
    path("jury/calls/<slug:slug>/", include("awards.urls_chair")),
    path("jury/", include("juries.urls")),
    path("admin/", admin.site.urls),
)

handler500 = "portal.views.server_error"
