from django.conf import settings
from django.utils.translation import get_language, get_language_bidi, get_language_info


def language_links(request):
    """Links to the same page in each language (the URL prefix is the only difference)."""
    current = get_language()
    path = request.get_full_path()
    prefix = f"/{current}/"
    links = []
    for code, _name in settings.LANGUAGES:
        url = f"/{code}/{path[len(prefix) :]}" if path.startswith(prefix) else f"/{code}/"
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
