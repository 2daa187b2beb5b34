"""The organizers' ranking rules, deliberation and results pages of a call:
/<lang>/manage/calls/<slug>/…"""

from django.urls import path

from awards.urls_deliberation import urlpatterns as deliberation_urlpatterns
from awards.views import publication

app_name = "awards_manage"

urlpatterns = [
    *deliberation_urlpatterns,
    path("ranking-rules/", publication.ranking_rules, name="ranking_rules"),
    path("results/", publication.results, name="results"),
    path("results/publish/", publication.publish, name="publish"),
    path("results/schedule/", publication.schedule, name="schedule"),
    path("results/notices/", publication.notices, name="notices"),
    path("results/notices/prepare/", publication.notices_prepare, name="notices_prepare"),
    path("results/notices/release/", publication.notices_release, name="notices_release"),
    path("results/notices/<int:pk>/", publication.notice_preview, name="notice_preview"),
]
