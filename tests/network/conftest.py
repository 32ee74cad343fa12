"""Networks for the tests: `network_page(...)` makes one under the networks' list
(made on first use)."""

from __future__ import annotations

import pytest
from django.utils.text import slugify

from home.services import home_page_ensure
from lms.models import Organisation
from network.models import NetworkIndexPage, NetworkMember, NetworkPage
from tests.factories import MembershipFactory, UserFactory


def network_index() -> NetworkIndexPage:
    found = NetworkIndexPage.objects.filter(locale__language_code="nl").first()
    if found is not None:
        return found
    page = NetworkIndexPage(title="Lerende netwerken", slug="netwerken")
    home_page_ensure().add_child(instance=page)
    return page


def network_page(
    title: str = "Lerend netwerk e-inclusie",
    *,
    joining: str = NetworkPage.Joining.OPEN,
    moderators=(),
    **fields,
) -> NetworkPage:
    page = NetworkPage(
        title=title,
        slug=slugify(title),
        purpose=fields.pop("purpose", "<p>Samen leren over digitale inclusie.</p>"),
        joining=joining,
        **fields,
    )
    network_index().add_child(instance=page)
    if moderators:
        page.moderators.set(moderators)
        page.save()
    return page


def member(
    network: NetworkPage,
    *,
    visible: bool = True,
    status: str = NetworkMember.Status.MEMBER,
    organisation: str | None = None,
    **user_fields,
) -> NetworkMember:
    """A person in `network`, working for `organisation` when given."""
    user = UserFactory(**user_fields)
    if organisation:
        place, _ = Organisation.objects.get_or_create(
            name=organisation,
            defaults={"kind": Organisation.Kind.MUNICIPALITY, "postcode": "8670"},
        )
        MembershipFactory(user=user, organisation=place)
    return NetworkMember.objects.create(
        network=network, user=user, status=status, visible=visible
    )


@pytest.fixture
def moderator():
    return UserFactory(first_name="Mona", last_name="Moderator")
