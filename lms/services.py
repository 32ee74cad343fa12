"""State changes on people and organisations. Views and commands call these."""

from .models import Membership, Organisation, User


def membership_join(
    *, user: User, organisation: Organisation, role: str = Membership.Role.LEARNER
) -> Membership:
    """Make `user` a member of `organisation`; an existing membership keeps its role."""
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    return membership


def membership_leave(*, membership: Membership) -> None:
    """End a learner membership. Trainer and coordinator roles are ended by an admin."""
    if membership.role != Membership.Role.LEARNER:
        raise PermissionError("Only learner memberships can be ended by the member.")
    membership.delete()


def user_update_profile(
    *,
    user: User,
    first_name: str,
    last_name: str,
    preferred_language: str,
    forum_mail: str = User.ForumMail.IMMEDIATE,
) -> User:
    """Save the profile fields."""
    user.first_name = first_name
    user.last_name = last_name
    user.preferred_language = preferred_language
    user.forum_mail = forum_mail
    user.save(
        update_fields=["first_name", "last_name", "preferred_language", "forum_mail"]
    )
    return user
