"""A call's dashboard in the back-office: /<lang>/manage/calls/<slug>/dashboard/"""

from django.urls import path

from reports import views

app_name = "reports_manage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
