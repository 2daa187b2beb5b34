from django.urls import path

from juries.views import jury

app_name = "jury"
urlpatterns = [
    path("", jury.workspace, name="workspace"),
]
