"""The organizers' jury pages of a call: /<lang>/manage/calls/<slug>/jury/…"""

from django.urls import path

from juries.views import manage

app_name = "jury_manage"
urlpatterns = [
    path("", manage.juries_home, name="home"),
]
