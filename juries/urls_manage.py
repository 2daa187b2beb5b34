"""The organizers' jury pages of a call: /<lang>/manage/calls/<slug>/jury/…"""

from django.urls import path

from juries.views import manage

app_name = "jury_manage"

ROUND = "round/<int:round_pk>/"

urlpatterns = [
    path("", manage.juries_home, name="home"),
    path(f"{ROUND}settings/", manage.jury_settings, name="settings"),
    # members and invitations
    path(f"{ROUND}members/", manage.members, name="members"),
    path(f"{ROUND}members/invite/", manage.invite, name="invite"),
    path(f"{ROUND}members/<int:pk>/", manage.member_edit, name="member_edit"),
    path(f"{ROUND}members/<int:pk>/remove/", manage.member_deactivate, name="member_deactivate"),
    path(
        f"{ROUND}members/<int:pk>/reactivate/",
        manage.member_reactivate,
        name="member_reactivate",
    ),
    path(
        f"{ROUND}invitations/<int:pk>/resend/",
        manage.invitation_resend,
        name="invitation_resend",
    ),
    path(
        f"{ROUND}invitations/<int:pk>/withdraw/",
        manage.invitation_cancel,
        name="invitation_cancel",
    ),
    # the scoring grid
    path(f"{ROUND}grid/", manage.grid, name="grid"),
    path(f"{ROUND}grid/add/", manage.criterion_add, name="criterion_add"),
    path(f"{ROUND}grid/<int:pk>/", manage.criterion_edit, name="criterion_edit"),
    path(f"{ROUND}grid/<int:pk>/delete/", manage.criterion_delete, name="criterion_delete"),
    path(f"{ROUND}grid/<int:pk>/move/", manage.criterion_move, name="criterion_move"),
    # assignment
    path(f"{ROUND}assignment/", manage.assignment, name="assignment"),
    path(f"{ROUND}assignment/automatic/", manage.assignment_preview, name="assignment_preview"),
    path(
        f"{ROUND}assignment/applications/<int:pk>/",
        manage.assign_application,
        name="assign_application",
    ),
    path(f"{ROUND}assignment/jurors/<int:pk>/", manage.assign_member, name="assign_member"),
    path(f"{ROUND}assignment/<int:pk>/remove/", manage.assignment_remove, name="assignment_remove"),
    # progress
    path(f"{ROUND}progress/", manage.progress, name="progress"),
    path(f"{ROUND}progress/remind/", manage.remind, name="remind"),
    path(
        f"{ROUND}evaluations/<int:pk>/reopen/",
        manage.evaluation_reopen,
        name="evaluation_reopen",
    ),
]
