"""Signal receivers of the sessions, connected in `CoursesConfig.ready`.

A seat can be freed without `registration_cancel`: a registration deleted by any path
(an admin, or the participant's account deleted or erased, which CASCADEs), or its
holder leaving the organisation the session is for. Both act after the commit, so a
deletion that is rolled back changes nothing, and seats change under their own lock.
`robust`: the deletion is committed by then, so a failure here is logged rather than
raised at whoever deleted.
"""

from django.db import transaction

from lms.models import Membership
from training.models import Registration, TrainingSession
from training.sessions.services import (
    registrations_cancel_after_leaving,
    session_fill_seats,
)


def registration_deleted(sender, instance: Registration, using: str, **kwargs) -> None:
    """A deleted seat goes to the next in line; a waiting-list place frees nothing."""
    if instance.status != Registration.Status.CONFIRMED:
        return
    session_id = instance.session_id

    def fill() -> None:
        # Deleting a session deletes its registrations: then there is nothing to fill.
        session = TrainingSession.objects.filter(pk=session_id).first()
        if session is not None:
            session_fill_seats(session=session)

    transaction.on_commit(fill, using=using, robust=True)


def membership_deleted(sender, instance: Membership, using: str, **kwargs) -> None:
    """Leaving an organisation ends the registrations for its own sessions. (When the
    user was deleted, their registrations are gone already and this finds none.)"""
    user_id, organisation_id = instance.user_id, instance.organisation_id

    def cancel() -> None:
        registrations_cancel_after_leaving(
            user_id=user_id, organisation_id=organisation_id
        )

    transaction.on_commit(cancel, using=using, robust=True)
