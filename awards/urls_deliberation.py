"""The deliberation pages, reached by organizers (awards.urls_manage) and by the chair of
the call's jury (awards.urls_chair) under their own namespaces."""

from django.urls import path

from awards.views import deliberation

urlpatterns = [
    path("deliberation/", deliberation.deliberation, name="deliberation"),
    path("deliberation/rounds/<int:round_pk>/", deliberation.round_ranking, name="round"),
    path(
        "deliberation/applications/<int:application_pk>/",
        deliberation.decision,
        name="decision",
    ),
    path("deliberation/proposal/", deliberation.proposal_accept, name="proposal_accept"),
    path("deliberation/ties/", deliberation.chair_order, name="chair_order"),
    path("deliberation/lock/", deliberation.lock, name="lock"),
    path("deliberation/minutes.pdf", deliberation.minutes_pdf, name="minutes"),
]
