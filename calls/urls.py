from django.urls import path

from calls.views import public

app_name = "calls"
urlpatterns = [
    path("", public.call_list, name="list"),
]
