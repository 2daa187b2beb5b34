from django.urls import path

from calls.views import manage

app_name = "manage"
urlpatterns = [
    path("", manage.backoffice_home, name="home"),
]
