from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user) -> str:
    """How a person is named on a page: full name, else address; "Deleted user" once
    their account is gone (their forum posts and test attempts stay)."""
    if user is None:
        return _("Deleted user")
    return user.get_full_name() or user.email
