"""Edges found in review: addresses someone merely typed, look-alike addresses in the
log, deleting in the admin, a download finished during an erasure or taken over after
a requeue, retention of odd accounts, counts of erased people, erased authors."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLogEntry
from coordination.invitations import invitation_create, invitation_decline
from coordination.models import Invitation
from forums.models import PostingSuspension
from lms.models import Membership, User
from privacy.models import DataExport
from privacy.retention import retention_apply
from privacy.services import (
    data_export_build,
    data_export_request,
    data_export_write,
    data_exports_requeue,
    user_erase,
)
from quizzes.models import Attempt
from quizzes.reports import report_for_test
from tests.certificates.helpers import certified_course, complete
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PostFactory,
    UserFactory,
    VerifiedUserFactory,
)

pytestmark = pytest.mark.django_db


def coordinator_of(organisation):
    return MembershipFactory(organisation=organisation, role="coordinator").user


def invite(organisation, email, by):
    return invitation_create(
        organisation=organisation, email=email, first_name="", last_name="",
        role="learner", teams=[], by=by,
    )  # fmt: skip


def test_an_address_someone_merely_typed_is_not_theirs_to_export_or_erase():
    ghent = OrganisationFactory(name="Stad Gent")
    invite(ghent, "schepen@gent.be", coordinator_of(ghent))
    AccessAttempt.objects.create(
        username="schepen@gent.be", ip_address="203.0.113.9", user_agent="x",
        failures_since_start=4, get_data="", post_data="",
    )  # fmt: skip
    attacker = VerifiedUserFactory()
    EmailAddress.objects.create(user=attacker, email="schepen@gent.be", verified=False)
    target = io.BytesIO()
    data_export_write(user=attacker, target=target)
    assert json.loads(zipfile.ZipFile(target).read("invitations.json")) == []
    user_erase(user=attacker, reason="command")
    assert Invitation.objects.filter(email="schepen@gent.be").exists()
    assert AccessAttempt.objects.filter(username="schepen@gent.be").exists()


def test_erasing_a_at_x_leaves_the_log_about_anna_at_x():
    organisation = OrganisationFactory()
    invite(organisation, "anna@stad.be", coordinator_of(organisation))
    user_erase(user=VerifiedUserFactory(email="a@stad.be"), reason="command")
    assert AuditLogEntry.objects.get(action="coordination.invite").label == (
        "anna@stad.be"
    )


def test_the_log_does_not_name_who_declined(client):
    organisation = OrganisationFactory()
    boss = coordinator_of(organisation)
    person = VerifiedUserFactory(
        email="prive@gmail.com", first_name="Geheime", last_name="Persoon"
    )
    EmailAddress.objects.create(user=person, email="werk@stad.be", verified=True)
    invitation_decline(
        invitation=invite(organisation, "werk@stad.be", boss), user=person
    )
    client.force_login(boss)
    html = client.get(reverse("coordination:log", args=[organisation.pk])).content
    assert b"prive@gmail.com" not in html and b"Geheime" not in html
    assert b"De betrokkene zelf" in html


def test_a_request_from_an_unconfirmed_address_is_not_shown_nor_decided(client):
    organisation = OrganisationFactory()
    boss = coordinator_of(organisation)
    from lms.joining import join_request_create

    impostor = UserFactory(email="burgemeester@stad.be")  # never verified
    request = join_request_create(user=impostor, organisation=organisation)
    client.force_login(boss)
    members = client.get(reverse("coordination:members", args=[organisation.pk]))
    assert b"burgemeester@stad.be" not in members.content
    url = reverse(
        "coordination:join_request_decide", args=[organisation.pk, request.pk]
    )
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert not Membership.objects.filter(user=impostor).exists()


def test_nobody_can_ask_to_join_an_organisation_without_coordinators(client):
    person = VerifiedUserFactory()
    lonely = OrganisationFactory(name="VZW Zonder Coördinator")
    client.force_login(person)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "An", "last_name": "Claes", "preferred_language": "nl",
            "forum_mail": "off", "organisation": lonely.pk,
        },
        follow=True,
    )  # fmt: skip
    assert "Niemand coördineert VZW Zonder Coördinator" in response.content.decode()
    assert not person.join_requests.exists()


def test_deleting_a_user_in_the_wagtail_admin_erases_them(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        course, final = certified_course()
        person = complete(course, final, VerifiedUserFactory())
        data_export_request(user=person)
    export = person.data_exports.get()
    certificate = person.certificates.get()
    files = [Path(export.file.path), Path(certificate.pdf.path)]
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailusers_users:delete", args=[person.pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not any(path.exists() for path in files)
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and "name" not in certificate.printed
    entry = AuditLogEntry.objects.get(action="privacy.erase")
    assert (entry.user, entry.data) == (admin, {"reason": "admin"})


def test_a_download_finished_after_its_owner_was_erased_is_thrown_away(
    django_capture_on_commit_callbacks, settings
):
    person = VerifiedUserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        export = data_export_request(user=person)

    def erase_meanwhile(**kwargs):
        user_erase(user=person, reason="command")

    with mock.patch("privacy.services.data_export_write", erase_meanwhile):
        assert data_export_build(export_id=str(export.pk)) is False
    exports = Path(settings.PRIVATE_MEDIA_ROOT) / "exports"
    assert not exports.exists() or not any(exports.iterdir())


def test_a_requeue_does_not_take_over_a_download_being_built_now():
    person = VerifiedUserFactory()
    export = DataExport.objects.create(
        user=person, status="building", started_at=timezone.now()
    )
    # Asked an hour ago, while the broker was down; a worker started it just now.
    DataExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    with mock.patch("privacy.services.task_after_commit") as queued:
        data_exports_requeue()
    assert DataExport.objects.get(pk=export.pk).status == "building"
    assert not queued.called


def test_retention_erases_an_unconfirmed_account_with_two_addresses_once():
    old = UserFactory(email="nooit@stad.be")
    EmailAddress.objects.create(user=old, email="nooit@stad.be", verified=False)
    EmailAddress.objects.create(user=old, email="ander@stad.be", verified=False)
    User.objects.filter(pk=old.pk).update(
        date_joined=timezone.now() - timedelta(days=40)
    )
    assert retention_apply()["unverified_accounts"] == 1
    assert not User.objects.filter(pk=old.pk).exists()


def test_failed_downloads_go_after_a_week():
    export = DataExport.objects.create(user=UserFactory(), status="failed")
    DataExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    assert retention_apply()["data_exports"] == 1


def test_two_erased_learners_still_count_as_two(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        course, final = certified_course()
        first, second = complete(course, final), complete(course, final)
    for learner in (first, second):
        user_erase(user=learner, reason="command")
    assert Attempt.objects.filter(test=final, user=None).count() == 2
    assert report_for_test(final).learners == 2


def test_an_erased_author_cannot_be_suspended_and_nothing_breaks(client):
    from lms.models import Membership as M

    post = PostFactory(author=None)
    moderator = MembershipFactory(role=M.Role.TRAINER).user
    client.force_login(moderator)
    response = client.post(
        reverse("forums:forum_post_moderate", args=[post.pk]),
        {"action": "suspend", "suspend-days": "7", "suspend-reason": "Spam"},
    )
    # Only a forged request gets here (the page offers no suspension): refused.
    assert response.status_code == 400
    assert not PostingSuspension.objects.exists()


def test_a_stored_file_left_by_an_old_export_is_not_taken_for_a_new_one(
    django_capture_on_commit_callbacks,
):
    person = VerifiedUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=person)
    export.refresh_from_db()
    assert export.file.read().startswith(b"PK")
    export.file.save("x.zip", ContentFile(b"old"), save=True)
    assert export.file.read() == b"old"
