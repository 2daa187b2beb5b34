from django.urls import path

from accounts.views import applicant

app_name = "accounts"
urlpatterns = [
    path("organization/", applicant.organization_edit, name="organization"),
    path("account/", applicant.account_settings, name="settings"),
]
