"""Keeping enrolments in step with assignments, however a person joins: an invitation,
an import, the profile form, sign-up or the Wagtail admin."""

from lms.models import Membership

from .services import member_enrol_in_assignments


def membership_saved(sender, instance: Membership, created: bool, **kwargs) -> None:
    """A new member is enrolled in what the whole organisation was assigned."""
    if created:
        member_enrol_in_assignments(membership=instance)


def membership_teams_changed(
    sender, instance, action: str, reverse: bool, pk_set, **kwargs
) -> None:
    """A member who joins a team is enrolled in what that team was assigned (from the
    team's side too: `reverse`, when a team's members are edited)."""
    if action != "post_add" or not pk_set:
        return
    memberships = Membership.objects.filter(pk__in=pk_set) if reverse else [instance]
    for membership in memberships:
        member_enrol_in_assignments(membership=membership)
