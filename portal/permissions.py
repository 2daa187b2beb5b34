from django.contrib.auth.decorators import login_required
from rules.contrib.views import permission_required


def role_required(perm):
    """Send visitors to the login page; refuse (403) people whose role lacks `perm`."""

    def decorator(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorator
