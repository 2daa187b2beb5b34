from accounts.models import Organization


def organization_for_user(*, user) -> Organization | None:
    return Organization.objects.filter(owner=user).first()
