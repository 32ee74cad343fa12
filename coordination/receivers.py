"""Keeping enrolments in step with assignments, however a person joins: an invitation,
an import, the profile form, sign-up or the Wagtail admin; and telling coordinators of
a request to join."""

from lms.models import Membership
from lms.queue import task_after_commit

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


def join_request_waiting(sender, join_request, **kwargs) -> None:
    """A request to join waits for the coordinators: tell them after the commit."""
    task_after_commit("coordination.tasks.send_join_request", join_request.pk)
