from django.urls import path

from calls.views import public

app_name = "calls"
urlpatterns = [
    path("", public.call_list, name="list"),
    path("<slug:slug>/", public.call_detail, name="detail"),
    path("<slug:slug>/rules.pdf", public.rules_document, name="rules_document"),
    path("<slug:slug>/eligibility/", public.eligibility_check, name="eligibility_check"),
]
