"""Signal receivers of the sessions, connected in `CoursesConfig.ready`.

A seat can be freed without `registration_cancel` when its holder leaves the
organisation the session is for (a deleted registration: `booking.receivers`). This
acts after the commit, so a deletion that is rolled back changes nothing.
`robust`: the deletion is committed by then, so a failure here is logged rather than
raised at whoever deleted.
"""

from django.db import transaction

from lms.models import Membership
from training.sessions.services import registrations_cancel_after_leaving


def membership_deleted(sender, instance: Membership, using: str, **kwargs) -> None:
    """Leaving an organisation ends the registrations for its own sessions. (When the
    user was deleted, their registrations are gone already and this finds none.)"""
    user_id, organisation_id = instance.user_id, instance.organisation_id

    def cancel() -> None:
        registrations_cancel_after_leaving(
            user_id=user_id, organisation_id=organisation_id
        )

    transaction.on_commit(cancel, using=using, robust=True)
