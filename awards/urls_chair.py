"""The deliberation for the chair of a call's jury: /<lang>/jury/calls/<slug>/…"""

from awards.urls_deliberation import urlpatterns

app_name = "deliberation_chair"

__all__ = ["urlpatterns"]
