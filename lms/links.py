"""Links that leave the site: in mails, calendar files and exports."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` on the public address of the site (`SITE_URL`), for links in mails."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
