from django.urls import path

from calls.views import manage

app_name = "manage"

call = "calls/<slug:slug>/"
urlpatterns = [
    path("", manage.backoffice_home, name="home"),
    path("calls/new/", manage.call_create, name="call_create"),
    path(call, manage.call_detail, name="call"),
    path(f"{call}edit/", manage.call_edit, name="call_edit"),
    path(f"{call}publish/", manage.call_publish, name="call_publish"),
    path(f"{call}unpublish/", manage.call_unpublish, name="call_unpublish"),
    path(f"{call}duplicate/", manage.call_duplicate, name="call_duplicate"),
    path(f"{call}eligibility/", manage.rule_list, name="rules"),
    path(f"{call}eligibility/new/", manage.rule_add, name="rule_add"),
    path(f"{call}eligibility/<int:pk>/", manage.rule_edit, name="rule_edit"),
    path(f"{call}eligibility/<int:pk>/delete/", manage.rule_delete, name="rule_delete"),
    path(f"{call}eligibility/<int:pk>/move/", manage.rule_move, name="rule_move"),
    path(f"{call}form/", manage.form_builder, name="form"),
    path(f"{call}form/steps/new/", manage.step_add, name="step_add"),
    path(f"{call}form/steps/<int:pk>/", manage.step_edit, name="step_edit"),
    path(f"{call}form/steps/<int:pk>/delete/", manage.step_delete, name="step_delete"),
    path(f"{call}form/steps/<int:pk>/move/", manage.step_move, name="step_move"),
    path(
        f"{call}form/steps/<int:step_pk>/questions/new/",
        manage.question_add,
        name="question_add",
    ),
    path(f"{call}form/questions/<int:pk>/", manage.question_edit, name="question_edit"),
    path(f"{call}form/questions/<int:pk>/delete/", manage.question_delete, name="question_delete"),
    path(f"{call}form/questions/<int:pk>/move/", manage.question_move, name="question_move"),
    path(f"{call}prizes/", manage.prize_categories, name="prizes"),
    path(f"{call}rounds/", manage.rounds, name="rounds"),
]
