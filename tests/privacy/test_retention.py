"""What is kept only for a while goes on time, and nothing else: unconfirmed
accounts, unused invitations, records of mails, uploaded member lists, expired
downloads, log-in records."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessLog
from django.utils import timezone

from coordination.models import Invitation, MemberImport, ReminderDelivery
from forums.models import PostNotification
from lms.models import User
from privacy.models import DataExport
from privacy.retention import retention_apply
from privacy.services import data_export_request
from tests.factories import MembershipFactory, PostFactory, UserFactory
from tests.factories.coordination import InvitationFactory

pytestmark = pytest.mark.django_db


def joined(days_ago: int, *, verified: bool, **fields) -> User:
    user = UserFactory(**fields)
    User.objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - timedelta(days=days_ago)
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=verified)
    return user


def test_accounts_never_confirmed_go_after_30_days_and_no_sooner():
    old = joined(31, verified=False)
    recent = joined(29, verified=False)
    confirmed = joined(400, verified=True)
    admin = joined(400, verified=False, is_staff=True)
    counts = retention_apply()
    assert counts["unverified_accounts"] == 1
    assert set(User.objects.values_list("pk", flat=True)) == {
        recent.pk, confirmed.pk, admin.pk,
    }  # fmt: skip
    assert old.email not in set(EmailAddress.objects.values_list("email", flat=True))


def test_the_period_is_a_setting(settings):
    settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS = 7
    joined(8, verified=False)
    assert retention_apply()["unverified_accounts"] == 1


def test_unused_invitations_go_after_their_expiry_accepted_ones_stay():
    now = timezone.now()
    expired = InvitationFactory(expires_at=now - timedelta(minutes=1))
    declined = InvitationFactory(declined_at=now)
    open_ = InvitationFactory()
    accepted = InvitationFactory(
        expires_at=now - timedelta(days=3), accepted_at=now - timedelta(days=20)
    )
    assert retention_apply()["unused_invitations"] == 2
    assert set(Invitation.objects.values_list("pk", flat=True)) == {
        open_.pk, accepted.pk,
    }  # fmt: skip
    assert not Invitation.objects.filter(pk__in=[expired.pk, declined.pk]).exists()


def test_records_of_mails_go_after_a_year():
    now = timezone.now()
    member = MembershipFactory()
    old = ReminderDelivery.objects.create(
        rule="digest", user=member.user, organisation=member.organisation,
        period="2025-W01", sent_at=now - timedelta(days=366),
    )  # fmt: skip
    recent = ReminderDelivery.objects.create(
        rule="digest", user=member.user, organisation=member.organisation,
        period="2026-W40", sent_at=now - timedelta(days=300),
    )  # fmt: skip
    unsent = ReminderDelivery.objects.create(
        rule="digest", user=member.user, organisation=member.organisation,
        period="2026-W49",
    )  # fmt: skip
    post = PostFactory()
    PostNotification.objects.create(
        post=post, user=member.user, sent_at=now - timedelta(days=400)
    )
    counts = retention_apply()
    assert (counts["reminder_records"], counts["forum_mail_records"]) == (1, 1)
    assert set(ReminderDelivery.objects.values_list("pk", flat=True)) == {
        recent.pk, unsent.pk,
    }  # fmt: skip
    assert old.pk not in ReminderDelivery.objects.values_list("pk", flat=True)


def test_member_lists_login_records_and_expired_downloads_go(
    django_capture_on_commit_callbacks,
):
    now = timezone.now()
    coordinator = MembershipFactory(role="coordinator")
    old_list = MemberImport.objects.create(
        organisation=coordinator.organisation, created_by=coordinator.user,
        filename="oud.csv", rows=[{"email": "a@example.be"}],
    )  # fmt: skip
    MemberImport.objects.filter(pk=old_list.pk).update(
        created_at=now - timedelta(days=31)
    )
    new_list = MemberImport.objects.create(
        organisation=coordinator.organisation, created_by=coordinator.user,
        filename="nieuw.csv", rows=[],
    )  # fmt: skip
    log = AccessLog.objects.create(
        username="a@example.be", ip_address="198.51.100.1", user_agent="x",
        http_accept="*/*", path_info="/",
    )  # fmt: skip
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=now - timedelta(days=91))
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=coordinator.user)
    export.refresh_from_db()
    path = export.file.path
    DataExport.objects.filter(pk=export.pk).update(expires_at=now - timedelta(hours=1))
    counts = retention_apply()
    assert (counts["member_imports"], counts["login_logs"], counts["data_exports"]) == (
        1, 1, 1,
    )  # fmt: skip
    assert list(MemberImport.objects.values_list("pk", flat=True)) == [new_list.pk]
    assert not DataExport.objects.exists()
    import os

    assert not os.path.exists(path)
