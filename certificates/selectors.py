"""Who may see which certificate."""

from django.db.models import Q, QuerySet

from lms.models import Membership, Organisation, User
from lms.roles import coordinated_organisations

from .models import Certificate


def certificates_of(user: User) -> QuerySet[Certificate]:
    """A learner's certificates, newest first, each with its course and its Open
    Badges credential (`open_badge`, from the badges app above, joined by name; its
    signed JSON is left out of the list) in the same query."""
    return (
        Certificate.objects.filter(user=user)
        .select_related("course", "open_badge")
        .defer("open_badge__document")
        .order_by("-issued_at")
    )


def certificate_for_download(user: User, certificate_id) -> Certificate | None:
    """The certificate when `user` owns it or coordinates an organisation its owner
    belongs to; None otherwise (the view answers 404, saying nothing more)."""
    return (
        Certificate.objects.filter(pk=certificate_id)
        .exclude(pdf="")
        .filter(
            Q(user=user)
            | Q(user__memberships__organisation__in=coordinated_organisations(user))
        )
        .distinct()
        .first()
    )


def shared_organisation(member: User, coordinator: User) -> Organisation | None:
    """An organisation `member` belongs to and `coordinator` coordinates (the one
    whose log records what the coordinator did with the member's data)."""
    return (
        Organisation.objects.filter(memberships__user=member)
        .filter(
            memberships__user=coordinator,
            memberships__role=Membership.Role.COORDINATOR,
        )
        .order_by("name")
        .first()
    )
