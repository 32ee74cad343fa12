"""Profile: names, preferred language and organisations; the language follows the user."""

import pytest
from django.test import Client
from django.urls import reverse

from lms.models import JoinRequest, Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = UserFactory(first_name="Els", last_name="Vermeulen")
    client.force_login(user)
    return user


def test_profile_saves_names_language_and_asks_to_join_an_organisation(client, user):
    organisation = OrganisationFactory(name="Gemeente Lede")
    MembershipFactory(organisation=organisation, role="coordinator")
    response = client.post(
        reverse("profile"),
        {
            "first_name": "Elsie",
            "last_name": "Vermeulen",
            "preferred_language": "fr",
            "forum_mail": "weekly",
            "organisation": organisation.pk,
        },
        follow=True,
    )
    user.refresh_from_db()
    assert (user.first_name, user.preferred_language) == ("Elsie", "fr")
    assert user.forum_mail == "weekly"
    # A request, not a membership: the organisation's coordinator decides.
    assert not Membership.objects.filter(user=user).exists()
    assert JoinRequest.objects.filter(
        user=user, organisation=organisation, status="pending"
    ).exists()
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Votre profil" in html
    assert "Gemeente Lede" in html
    # Said in the language the form was sent in.
    assert "Je aanvraag om lid te worden van Gemeente Lede is verstuurd" in html


def test_a_bad_profile_form_keeps_the_input_and_saves_nothing(client, user):
    response = client.post(
        reverse("profile"),
        {"first_name": "Nieuwe naam", "last_name": "", "preferred_language": "xx"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Nieuwe naam"' in html
    assert 'aria-invalid="true"' in html
    user.refresh_from_db()
    assert user.first_name == "Els"


def test_preferred_language_applies_on_any_pc_after_login(user):
    user.preferred_language = "en"
    user.save()
    other_pc = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="nl")
    other_pc.force_login(user)
    html = other_pc.get(reverse("courses:dashboard")).content.decode()
    assert '<html lang="en">' in html and "My learning path" in html


def test_the_language_switch_is_remembered_for_a_logged_in_user(client, user):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "fr"


def test_anonymous_language_switch_sets_the_cookie_only(client):
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    html = client.get(reverse("account_login")).content.decode()
    assert '<html lang="fr">' in html


def test_dutch_is_the_default(client):
    html = client.get(
        reverse("account_login"), HTTP_ACCEPT_LANGUAGE=""
    ).content.decode()
    assert '<html lang="nl">' in html


def test_leaving_a_learner_membership(client, user):
    membership = MembershipFactory(user=user)
    response = client.post(reverse("membership_leave", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_someone_elses_membership_is_404(client, user):
    theirs = MembershipFactory()
    response = client.post(reverse("membership_leave", args=[theirs.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_a_coordinator_role_is_not_ended_by_the_member(client, user):
    mine = MembershipFactory(user=user, role=Membership.Role.COORDINATOR)
    assert client.post(reverse("membership_leave", args=[mine.pk])).status_code == 404
    assert Membership.objects.filter(pk=mine.pk).exists()
