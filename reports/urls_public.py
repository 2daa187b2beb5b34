"""The public impact page: /<lang>/impact/, and its aggregated data as CSV and Excel."""

from django.urls import path

from reports import views

app_name = "impact"
urlpatterns = [
    path("", views.impact_page, name="page"),
    path("data.csv", views.impact_csv, name="data.csv"),
    path("data.xlsx", views.impact_xlsx, name="data.xlsx"),
]
