"""Links that leave the site: in mails, calendar files and exports."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def absolute_url(path: str) -> str:
    """`path` on the public address of the site (`SITE_URL`), for links in mails. An
    address that is whole already (a page of another site, an image on a CDN, a
    `mailto:`) or empty is returned as it is."""
    if not path or path.startswith(("https://", "http://", "mailto:")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def learner_agent(user) -> dict:
    """A learner in an xAPI statement: their account on the platform (`SITE_URL`),
    named by its id; never their address or name. The one rule for the H5P
    statements kept and the learning records sent to an LRS."""
    return {
        "objectType": "Agent",
        "account": {"homePage": absolute_url("/"), "name": str(user.pk)},
    }


def on_this_site(request, url: str) -> bool:
    """Whether `url` (a `next` or a referrer) stays on this site: safe to send the
    visitor back to."""
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
