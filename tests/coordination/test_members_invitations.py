"""Inviting one person by e-mail, the mails that follow, and accepting the link."""

import hashlib
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coordination.invitations import (
    invitation_accept,
    invitation_create,
    invitation_send,
)
from coordination.models import Invitation
from courses.models import Enrolment
from lms.models import Membership, User
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    VerifiedUserFactory,
    build_course,
)
from tests.factories.coordination import InvitationFactory
from tests.queries import BUDGET

pytestmark = pytest.mark.django_db

PASSWORD = "Zonnebloem-Veld-2026"


@pytest.fixture
def town():
    organisation = OrganisationFactory(name="Gemeente Lede")
    reception = TeamFactory(organisation=organisation, name="Onthaal")
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    )
    return organisation, reception, coordinator.user


def invite(town, capture, email="An.Peeters@Example.be", **extra):
    organisation, reception, coordinator = town
    kwargs = {
        "organisation": organisation,
        "email": email,
        "first_name": "An",
        "last_name": "Peeters",
        "role": Membership.Role.LEARNER,
        "teams": [reception],
        "by": coordinator,
        **extra,
    }
    with capture(execute=True):
        return invitation_create(**kwargs)


def link_in(mail) -> str:
    return re.search(r"https?://\S+/uitnodiging/\S+/", mail.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


# --- invitation_create


def test_inviting_a_new_address_stores_only_the_hash_and_mails_the_link(
    town, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = invite(town, django_capture_on_commit_callbacks)
    assert isinstance(invitation, Invitation)
    assert invitation.email == "an.peeters@example.be"
    assert list(invitation.teams.all()) == [town[1]]
    assert invitation.expires_at > timezone.now() + timedelta(days=29)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["an.peeters@example.be"]
    assert "Gemeente Lede" in mail.subject
    token = link_in(mail).rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40
    assert token not in invitation.token_hash
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert not User.objects.filter(email="an.peeters@example.be").exists()


def test_the_mailed_link_opens_the_sign_up_form(
    town, client, mailoutbox, django_capture_on_commit_callbacks
):
    invite(town, django_capture_on_commit_callbacks)
    response = client.get(path_of(link_in(mailoutbox[0])))
    assert response.status_code == 200
    assert b'data-state="sign_up"' in response.content
    assert b'value="Peeters"' in response.content  # prefilled


def test_the_mail_is_in_the_invitation_language(
    town, mailoutbox, django_capture_on_commit_callbacks
):
    invite(town, django_capture_on_commit_callbacks, language="en")
    assert mailoutbox[0].subject == "Invitation: join Gemeente Lede on Digitaal Meedoen"


def test_an_existing_account_is_only_invited_and_nothing_of_it_reaches_the_coordinator(
    town, client, mailoutbox, django_capture_on_commit_callbacks
):
    organisation, reception, coordinator = town
    course = build_course()
    AssignmentFactory(organisation=organisation, team=reception, course=course)
    person = VerifiedUserFactory(email="jan@example.be", preferred_language="en")
    invitation = invite(
        town, django_capture_on_commit_callbacks, email="JAN@example.be", language="en"
    )
    assert isinstance(invitation, Invitation)
    assert not Membership.objects.filter(user=person).exists()
    assert not Enrolment.objects.filter(user=person).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["jan@example.be"]
    assert "You already have an account" in mailoutbox[0].body
    assert "see your progress" in mailoutbox[0].body
    # The coordinator sees "invited, waiting", and not the person's learning.
    client.force_login(coordinator)
    page = client.get(reverse("coordination:members", args=[organisation.pk]))
    assert b"jan@example.be" in page.content
    assert b"Invited, waiting for an answer" in page.content or (
        b"Uitgenodigd, wacht op antwoord" in page.content
    )
    progress = client.get(reverse("coordination:progress", args=[organisation.pk]))
    assert b"jan@example.be" not in progress.content


def test_the_invited_account_accepts_from_its_learning_path(town, client):
    organisation, reception, _coordinator = town
    course = build_course()
    AssignmentFactory(organisation=organisation, team=reception, course=course)
    person = VerifiedUserFactory(email="jan@example.be")
    invitation = InvitationFactory(
        organisation=organisation, email="jan@example.be", token="t1"
    )
    invitation.teams.set([reception])
    client.force_login(person)
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert 'id="my-invitations"' in dashboard
    assert "Gemeente Lede" in dashboard
    answer = reverse("coordination:invitation_answer", args=[invitation.pk])
    assert client.post(answer, {"answer": "accept"}).status_code == 302
    membership = Membership.objects.get(user=person, organisation=organisation)
    assert list(membership.teams.all()) == [reception]
    assert Enrolment.objects.filter(user=person, course=course).exists()
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert 'id="my-invitations"' not in dashboard


def test_declining_keeps_the_person_out_and_the_coordinator_sees_it(town, client):
    organisation, _reception, coordinator = town
    person = VerifiedUserFactory(email="jan@example.be")
    invitation = InvitationFactory(
        organisation=organisation, email="jan@example.be", token="t1"
    )
    client.force_login(person)
    answer = reverse("coordination:invitation_answer", args=[invitation.pk])
    assert client.post(answer, {"answer": "decline"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert not Membership.objects.filter(user=person).exists()
    # The link in the mail no longer lets them in either.
    assert client.post(accept_url("t1"), {"answer": "accept"}).status_code == 410
    assert not Membership.objects.filter(user=person).exists()
    client.force_login(coordinator)
    page = client.get(reverse("coordination:members", args=[organisation.pk]))
    assert b'data-state="declined"' in page.content


def test_nobody_answers_an_invitation_for_someone_else_or_an_expired_one(town, client):
    organisation, _reception, _coordinator = town
    person = VerifiedUserFactory(email="jan@example.be")
    other = InvitationFactory(organisation=organisation, email="els@example.be")
    expired = InvitationFactory(organisation=organisation, email="jan@example.be")
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save()
    client.force_login(person)
    for invitation in (other, expired):
        url = reverse("coordination:invitation_answer", args=[invitation.pk])
        assert client.post(url, {"answer": "accept"}).status_code == 404
    assert not Membership.objects.filter(user=person).exists()


def test_reinviting_after_a_decline_asks_again(
    town, mailoutbox, django_capture_on_commit_callbacks
):
    VerifiedUserFactory(email="jan@example.be")
    first = invite(town, django_capture_on_commit_callbacks, email="jan@example.be")
    first.declined_at = timezone.now()
    first.save()
    again = invite(town, django_capture_on_commit_callbacks, email="jan@example.be")
    assert again.pk == first.pk and again.declined_at is None
    assert len(mailoutbox) == 2


def test_an_existing_member_is_refused(
    town, mailoutbox, django_capture_on_commit_callbacks
):
    organisation, _reception, _coordinator = town
    member = MembershipFactory(organisation=organisation)
    with pytest.raises(ValidationError) as refused:
        invite(town, django_capture_on_commit_callbacks, email=member.user.email)
    assert "email" in refused.value.message_dict
    assert Membership.objects.filter(organisation=organisation).count() == 2
    assert mailoutbox == []


def test_a_bad_address_or_a_team_of_another_organisation_is_refused(
    town, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        invite(town, django_capture_on_commit_callbacks, email="not-an-address")
    with pytest.raises(ValidationError):
        invite(town, django_capture_on_commit_callbacks, teams=[TeamFactory()])
    assert not Invitation.objects.exists()


def test_inviting_again_mails_a_new_link_and_the_old_one_stops_working(
    town, client, mailoutbox, django_capture_on_commit_callbacks
):
    first = invite(town, django_capture_on_commit_callbacks)
    second = invite(town, django_capture_on_commit_callbacks, role="trainer")
    assert first.pk == second.pk
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 2
    old, new = link_in(mailoutbox[0]), link_in(mailoutbox[1])
    assert old != new
    assert client.get(path_of(old)).status_code == 404
    assert client.get(path_of(new)).status_code == 200
    second.refresh_from_db()
    assert second.role == "trainer"


def test_a_task_delivered_twice_mails_once_and_a_replaced_token_not_at_all(
    town, mailoutbox
):
    invitation = InvitationFactory(organisation=town[0], token="first")
    assert invitation_send(invitation_id=invitation.pk, token="first") is True
    assert invitation_send(invitation_id=invitation.pk, token="first") is False
    assert invitation_send(invitation_id=invitation.pk, token="forged") is False
    assert len(mailoutbox) == 1
    assert "/uitnodiging/first/" in mailoutbox[0].body


def test_a_failing_mail_server_leaves_the_invitation_unsent_for_the_retry(
    town, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    invitation = InvitationFactory(organisation=town[0], token="t")
    with pytest.raises(OSError):
        invitation_send(invitation_id=invitation.pk, token="t")
    invitation.refresh_from_db()
    assert invitation.sent_at is None


# --- Accepting


def accept_url(token: str) -> str:
    return reverse("coordination:invitation", args=[token])


def sign_up(client, token: str, **extra):
    data = {
        "first_name": "Lies",
        "last_name": "Claes",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    return client.post(accept_url(token), data)


def test_accepting_creates_a_verified_account_member_of_the_teams_and_logs_in(
    town, client
):
    organisation, reception, _coordinator = town
    course = build_course()
    AssignmentFactory(organisation=organisation, team=reception, course=course)
    invitation = InvitationFactory(
        organisation=organisation,
        email="lies@example.be",
        role="trainer",
        language="fr",
        token="t1",
    )
    invitation.teams.set([reception])
    response = sign_up(client, "t1", first_name="Liesbeth")
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:dashboard")
    user = User.objects.get(email="lies@example.be")
    assert user.first_name == "Liesbeth"
    assert user.preferred_language == "fr"
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.filter(
        user=user, email="lies@example.be", verified=True, primary=True
    ).exists()
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.role == "trainer"
    assert list(membership.teams.all()) == [reception]
    assert Enrolment.objects.filter(user=user, course=course).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_weak_or_mismatched_password_creates_nothing(town, client):
    invitation = InvitationFactory(organisation=town[0], token="t1")
    response = sign_up(client, "t1", password1="1234", password2="1234")
    assert response.status_code == 200
    assert response.context["form"].has_error("password1")
    response = sign_up(client, "t1", password2=PASSWORD + "x")
    assert response.status_code == 200
    assert response.context["form"].has_error("password2")
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_second_post_of_the_same_link_creates_no_second_account(town, client):
    invitation = InvitationFactory(organisation=town[0], token="t1")
    assert sign_up(client, "t1").status_code == 302
    client.logout()
    response = sign_up(client, "t1")
    assert response.status_code == 404
    assert User.objects.filter(email=invitation.email).count() == 1
    assert Membership.objects.filter(organisation=town[0]).count() == 2


@pytest.mark.parametrize(
    ("state", "status"), [("unknown", 404), ("expired", 410), ("used", 404)]
)
def test_unknown_expired_or_used_links_create_nothing(town, client, state, status):
    invitation = InvitationFactory(organisation=town[0], token="t1")
    if state == "expired":
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
        invitation.save()
    if state == "used":
        invitation.accepted_at = timezone.now()
        invitation.save()
    token = "nope" if state == "unknown" else "t1"
    assert client.get(accept_url(token)).status_code == status
    assert sign_up(client, token).status_code == status
    assert not User.objects.filter(email=invitation.email).exists()
    assert Membership.objects.filter(organisation=town[0]).count() == 1


def test_logged_in_with_the_invited_address_joins_with_one_click(town, client):
    organisation, reception, _coordinator = town
    user = VerifiedUserFactory(email="lies@example.be")
    invitation = InvitationFactory(
        organisation=organisation, email="lies@example.be", token="t1"
    )
    invitation.teams.set([reception])
    client.force_login(user)
    page = client.get(accept_url("t1"))
    assert b'data-state="join"' in page.content
    assert not Membership.objects.filter(user=user).exists()  # GET changes nothing
    response = client.post(accept_url("t1"), {"answer": "accept"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert list(membership.teams.all()) == [reception]
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_logged_in_as_somebody_else_does_not_join(town, client):
    organisation, _reception, _coordinator = town
    invitation = InvitationFactory(organisation=organisation, token="t1")
    other = VerifiedUserFactory()
    client.force_login(other)
    assert client.get(accept_url("t1")).status_code == 403
    assert client.post(accept_url("t1")).status_code == 403
    assert not Membership.objects.filter(user=other).exists()
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=other)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_account_holder_who_is_not_logged_in_is_asked_to_log_in(town, client):
    UserFactory(email="lies@example.be")
    InvitationFactory(organisation=town[0], email="lies@example.be", token="t1")
    page = client.get(accept_url("t1"))
    assert b'data-state="log_in"' in page.content
    login = reverse("account_login") + "?next=" + accept_url("t1")
    assert login.encode() in page.content
    response = sign_up(client, "t1")  # a forged sign-up is not offered either
    assert User.objects.filter(email="lies@example.be").count() == 1
    assert response.status_code == 200


def test_the_accept_page_needs_csrf(town):
    from django.test import Client

    InvitationFactory(organisation=town[0], token="t1")
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    response = sign_up(client, "t1")
    assert response.status_code == 403
    assert not Invitation.objects.filter(accepted_at__isnull=False).exists()


@pytest.mark.parametrize("count", [1, 30])
def test_the_invitations_on_the_learning_path_cost_the_same_for_1_or_30(
    client, count, django_assert_max_num_queries
):
    person = VerifiedUserFactory(email="jan@example.be")
    for _ in range(count):
        InvitationFactory(email="jan@example.be")
    client.force_login(person)
    url = reverse("courses:dashboard")
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        page = client.get(url)
    assert page.content.decode().count("data-invitation=") == count
