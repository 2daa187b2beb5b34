"""What the sign-up tests post, and the addresses they ask for."""

from django.urls import reverse
from django.utils import translation

SIGNUP = {
    "full_name": "Fatima Zahra Ait Lahcen",
    "email": "fatima@tifawin.ma",
    "password1": "Argan-Taroudant-2026",
    "password2": "Argan-Taroudant-2026",
    "privacy_consent": "on",
}


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)
