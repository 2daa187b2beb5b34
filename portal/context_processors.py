from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import get_language, get_language_bidi, get_language_info


def language_links(request):
    """Links to the same page in each language: the URL prefix is the only difference, in
    the path and in a `next` destination (a login page leads back in the chosen language)."""
    current = get_language()
    prefix = f"/{current}/"
    links = []
    for code, _name in settings.LANGUAGES:
        path = request.path
        url = f"/{code}/{path[len(prefix) :]}" if path.startswith(prefix) else f"/{code}/"
        query = [
            (
                key,
                f"/{code}/{value[len(prefix) :]}"
                if key == "next" and value.startswith(prefix)
                else value,
            )
            for key, values in request.GET.lists()
            for value in values
        ]
        if query:
            url += "?" + urlencode(query)
        info = get_language_info(code)
        links.append(
            {"code": code, "name": info["name_local"], "url": url, "current": code == current}
        )
    return links


def portal(request):
    return {
        "language_links": language_links(request),
        "text_direction": "rtl" if get_language_bidi() else "ltr",
    }
