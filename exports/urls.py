"""Exports of the organizers' back-office: /<lang>/manage/exports/…"""

from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("calls/<slug:slug>/", views.call_exports, name="call"),
    path("calls/<slug:slug>/<slug:kind>/", views.export_request, name="request"),
    path("<uuid:token>/", views.export_detail, name="detail"),
    path("<uuid:token>/download/", views.export_download, name="download"),
]
