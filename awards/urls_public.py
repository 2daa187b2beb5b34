"""Published results: /<lang>/calls/<slug>/results/ and the winners gallery /<lang>/winners/."""

from django.urls import path

from awards.views import public

app_name = "results"
urlpatterns = [
    path("calls/<slug:slug>/results/", public.call_results, name="call"),
    path("winners/", public.gallery, name="gallery"),
]
