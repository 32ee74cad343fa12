"""A person who used every part of the platform, with someone else around whose data
must survive their erasure: the fixture of the export and erasure tests."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from axes.models import AccessLog
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from certificates.models import Certificate
from coordination.invitations import invitation_create
from coordination.models import MemberImport, ReminderDelivery
from forums.models import Post, PostReport, Subscription
from h5p.models import H5PActivity
from h5p.results import statement_record
from h5p.services import package_import
from library.models import Favourite
from lms.joining import join_request_create
from lms.models import Membership, Organisation, User
from privacy.services import data_export_request
from tests.certificates.helpers import certified_course, complete
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PostFactory,
    TeamFactory,
    ThreadFactory,
    TrainingSessionFactory,
    VerifiedUserFactory,
    document,
    kit,
    library_item,
)
from tests.factories.h5p import build_package
from training.models import KitDownload, Registration, TrainingSession
from training.sessions.services import registration_create

#: Words found nowhere in the database once the person is erased.
FIRST_NAME = "Quirijn"
LAST_NAME = "Zwaneveld"
EMAIL = "quirijn.zwaneveld@example.be"

# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@dataclass
class Life:
    person: User
    other: User
    coordinator: User
    organisation: Organisation
    certificate: Certificate
    final_test: object
    own_post: Post
    reply: Post
    session: TrainingSession
    waiting: Registration
    private_files: list[str] = field(default_factory=list)


def a_full_life(capture) -> Life:
    """`capture`: pytest-django's `django_capture_on_commit_callbacks`."""
    organisation = OrganisationFactory(name="Gemeente Lede")
    team = TeamFactory(organisation=organisation, name="Onthaal")
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    ).user
    person = VerifiedUserFactory(
        email=EMAIL, first_name=FIRST_NAME, last_name=LAST_NAME
    )
    other = VerifiedUserFactory(first_name="Ria", last_name="Anders")
    membership = MembershipFactory(user=person, organisation=organisation)
    membership.teams.set([team])
    own = OrganisationFactory(name="Bib Zele")
    MembershipFactory(user=person, organisation=own, role=Membership.Role.COORDINATOR)

    with capture(execute=True):
        # Learning, a test, a completed course and its certificate (PDF rendered).
        course, final = certified_course()
        complete(course, final, person)
        complete(course, final, other)
        # Invited by a coordinator of another organisation; asked to join a third.
        elsewhere = OrganisationFactory(name="OCMW Erps")
        MembershipFactory(organisation=elsewhere, role=Membership.Role.COORDINATOR)
        invitation_create(
            organisation=elsewhere, email=EMAIL, first_name=FIRST_NAME,
            last_name=LAST_NAME, role="learner", teams=[],
            by=coordinator,
        )  # fmt: skip
        asked = MembershipFactory(role=Membership.Role.COORDINATOR).organisation
        join_request_create(user=person, organisation=asked)
        # The databank: a favourite, material they shared (published), and material
        # still waiting for the editors, with its file.
        shared = library_item("Stappenplan bibliotheek", submitted_by=person)
        draft_file = document("Mijn concept", b"%PDF-1.4 concept", name="concept.pdf")
        library_item(
            "Mijn concept", status="submitted", submitted_by=person, document=draft_file
        )
        Favourite.objects.create(user=person, item=shared)
        # The person's own download of their data.
        data_export_request(user=person)
        package, _ = package_import(upload=io.BytesIO(build_package()))

    certificate = Certificate.objects.get(user=person)

    # Forum: their thread with an image, and someone else's reply to it.
    thread = ThreadFactory(author=person, title="Hoe werkt itsme?")
    own_post = thread.posts.get()
    own_post.image.save("foto.png", ContentFile(PNG), save=False)
    own_post.image_alt = "Schermafbeelding"
    own_post.save()
    reply = PostFactory(thread=thread, author=other, source="Zo werkt het.")
    Subscription.objects.create(user=person, thread=thread)
    PostReport.objects.create(post=reply, reporter=person, reason="other")

    # An H5P exercise done.
    activity = H5PActivity.objects.create(title="Oefening", package=package)
    statement_record(
        user=person,
        activity=activity,
        statement={
            "id": str(uuid.uuid4()),
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "result": {"completion": True, "score": {"raw": 1, "max": 1}},
        },
    )

    # A session: they hold the only seat, `other` waits.
    session = TrainingSessionFactory(
        kind=TrainingSession.Kind.TRAIN_THE_TRAINER, capacity=1, minimum=1,
        course=course,
    )  # fmt: skip
    registration_create(session=session, user=person)
    waiting = registration_create(session=session, user=other)
    KitDownload.objects.create(kit=kit(course), user=person)

    # Coordination: a reminder they got, a member list with them in it.
    ReminderDelivery.objects.create(
        rule="not_started", user=person, organisation=organisation,
        sent_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    MemberImport.objects.create(
        organisation=organisation, created_by=coordinator, filename="leden.csv",
        rows=[
            {"line": 2, "first_name": FIRST_NAME, "last_name": LAST_NAME,
             "email": EMAIL, "teams": [], "role": ""},
            {"line": 3, "first_name": "Ria", "last_name": "Anders",
             "email": other.email, "teams": [], "role": ""},
        ],
    )  # fmt: skip

    # As coordinator of their own organisation they assigned a course, logged in
    # from an address; the admin's own log has them too; and log-in records.
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.9")
    client.force_login(person)
    client.post(
        reverse("coordination:assignments", args=[own.pk]),
        {"course": course.pk, "target": "", "mandatory": ""},
    )
    log(instance=own, action="wagtail.edit", user=person)
    AccessLog.objects.create(
        username=EMAIL, ip_address="203.0.113.9", user_agent="Firefox",
        http_accept="*/*", path_info="/account/login/",
    )  # fmt: skip

    life = Life(
        person=person, other=other, coordinator=coordinator,
        organisation=organisation, certificate=certificate, final_test=final,
        own_post=own_post, reply=reply, session=session, waiting=waiting,
    )  # fmt: skip
    life.private_files = [
        certificate.pdf.path,
        own_post.image.path,
        person.data_exports.get().file.path,
        draft_file.file.path,
    ]
    return life
