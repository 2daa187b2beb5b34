"""An applicant's certificates, below /<lang>/me/."""

from django.urls import path

from awards.views import applicant

app_name = "certificates"
urlpatterns = [
    path("applications/<int:pk>/certificate.pdf", applicant.certificate, name="download"),
]
