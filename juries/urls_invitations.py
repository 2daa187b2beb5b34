"""The page an invitation e-mail leads to: /<lang>/jury/invitations/<token>/"""

from django.urls import path

from juries.views import invitations

app_name = "jury_invitations"
urlpatterns = [
    path("<uuid:token>/", invitations.respond, name="respond"),
]
