"""Invitation mails through a real Celery worker (PostgreSQL and Redis, as in CI): the
task delivered more than once mails the invitation once, with a link that works."""

import re

import pytest
from django.test import Client

from coordination.invitations import invitation_create
from coordination.models import Invitation
from coordination.tasks import send_invitation
from lms.models import Membership
from tests.conftest import mailing_worker, mails_in, tasks_queued
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory
from tests.waiting import broker_drained, wait_until


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_mails_an_invitation_once_with_a_working_link(settings, tmp_path):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker (CI)")
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation)
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    ).user
    with (
        tasks_queued(),
        mailing_worker(settings, outbox),
    ):
        invitation = invitation_create(  # queued on commit
            organisation=organisation,
            email="lies@example.be",
            first_name="Lies",
            last_name="Claes",
            role=Membership.Role.LEARNER,
            teams=[team],
            by=coordinator,
        )
        assert wait_until(lambda: len(mails_in(outbox)) >= 1)
        body = mails_in(outbox)[0].get_payload(decode=True).decode()
        token = re.search(r"/uitnodiging/([\w-]+)/", body).group(1)
        send_invitation.delay(invitation.pk, token)  # delivered again
        send_invitation.delay(invitation.pk, token)
        # The duplicate deliveries have done (nothing).
        assert wait_until(broker_drained(settings.CELERY_BROKER_URL))
    assert [m["To"] for m in mails_in(outbox)] == ["lies@example.be"]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    page = Client(HTTP_HOST="localhost").get(f"/uitnodiging/{token}/")
    assert page.status_code == 200
    assert Invitation.objects.get().accepted_at is None
