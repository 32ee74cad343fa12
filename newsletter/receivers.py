"""Signal receivers of the newsletter, connected in `NewsletterConfig.ready`."""

from __future__ import annotations

from lms.models import User

from .services import subscription_follow_address


def account_saved(sender, instance: User, update_fields=None, **kwargs) -> None:
    """An account's subscription follows the account's address."""
    if kwargs.get("raw") or (
        update_fields is not None and "email" not in update_fields
    ):
        return
    subscription_follow_address(instance)
