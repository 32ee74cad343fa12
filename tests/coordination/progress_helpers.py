"""A municipality with teams, assignments and members at every stage, for the tests of
the progress view, its exports, the member detail and the summary."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from certificates.models import Certificate
from coordination.models import Assignment
from courses.models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    ModulePage,
    SectionProgress,
)
from courses.services import section_progress_record
from lms.models import Membership, Organisation, Team, User
from quizzes.models import Attempt
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
    build_course,
)


def lessons_of(page) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(page).order_by("path"))


def open_sections(user: User, page, count: int, *, at: datetime | None = None):
    """`user` opened the first `count` sections of the lessons under `page` (through
    the service that records a read), all at the moment `at` (now when None)."""
    opened = [
        (lesson, section_id)
        for lesson in lessons_of(page)
        for section_id in lesson.section_ids
    ][:count]
    for lesson, section_id in opened:
        section_progress_record(user=user, lesson=lesson, section_id=section_id)
    if at is not None and opened:
        these = reduce(
            or_, (Q(lesson=lesson, section_id=section) for lesson, section in opened)
        )
        SectionProgress.objects.filter(these, user=user).update(
            first_viewed_at=at, last_viewed_at=at
        )


def complete_course(user: User, course: CoursePage, *, at: datetime) -> None:
    """Every section opened at `at` and the completion recorded at that moment."""
    open_sections(user, course, 10_000, at=at)
    completion = CourseCompletion.objects.create(user=user, course=course)
    CourseCompletion.objects.filter(pk=completion.pk).update(completed_at=at)


def certificate_create(
    user: User,
    course: CoursePage,
    *,
    issued_at: datetime,
    status: str = Certificate.Status.VALID,
    expires_at: datetime | None = None,
) -> Certificate:
    return Certificate.objects.create(
        user=user,
        course=course,
        verification_code=uuid.uuid4().hex,
        short_code=uuid.uuid4().hex[:12],
        status=status,
        issued_at=issued_at,
        expires_at=expires_at,
    )


def attempt_create(user: User, test, number: int, percent: int, passed: bool):
    return Attempt.objects.create(
        user=user,
        test=test,
        number=number,
        status=Attempt.Status.GRADED,
        submitted_at=timezone.now(),
        max_score=10,
        score=percent / 10,
        percent=percent,
        passed=passed,
    )


@dataclass
class Town:
    """Gemeente Zottegem: everyone must do `basics` (5 sections, due in 30 days);
    the reception team must do module 1 of `counter` (overdue for 30 days)."""

    organisation: Organisation
    reception: Team
    social: Team
    coordinator: Membership
    basics: CoursePage
    counter: CoursePage
    counter_module: ModulePage
    everyone: Assignment
    reception_module: Assignment
    anna: Membership  # reception, basics 40%, module not started → overdue
    bram: Membership  # social, basics completed on 12/11/2026
    chris: Membership  # no team, basics not started
    elsewhere: Membership  # a learner of another municipality

    @property
    def members(self) -> list[Membership]:
        return [self.anna, self.bram, self.chris]


def member(organisation, first, last, email, teams=(), role="learner") -> Membership:
    membership = MembershipFactory(
        organisation=organisation,
        role=role,
        user=UserFactory(first_name=first, last_name=last, email=email),
    )
    membership.teams.set(teams)
    return membership


def town_build() -> Town:
    today = timezone.localdate()
    organisation = OrganisationFactory(name="Gemeente Zottegem")
    reception = TeamFactory(organisation=organisation, name="Onthaal")
    social = TeamFactory(organisation=organisation, name="Sociaal huis")
    coordinator = member(
        organisation, "Cora", "Coördinator", "cora@zottegem.be", role="coordinator"
    )
    basics = build_course(modules=1, lessons=1, sections=5)
    counter = build_course(modules=2, lessons=1, sections=2)
    counter_module = ModulePage.objects.child_of(counter).order_by("path").first()
    everyone = Assignment.objects.create(
        organisation=organisation,
        course=basics,
        mandatory=True,
        due_date=today + timedelta(days=30),
    )
    reception_module = Assignment.objects.create(
        organisation=organisation,
        team=reception,
        course=counter,
        module=counter_module,
        mandatory=True,
        due_date=today - timedelta(days=30),
    )
    anna = member(organisation, "Anna", "Aerts", "anna@zottegem.be", [reception])
    bram = member(organisation, "Bram", "Bosmans", "bram@zottegem.be", [social])
    chris = member(organisation, "Chris", "Claes", "chris@zottegem.be")
    # Joining enrolled them: everyone in `basics`, the reception also in `counter`.
    assert Enrolment.objects.filter(course=basics).count() == 3
    assert Enrolment.objects.filter(course=counter).get().user == anna.user
    open_sections(anna.user, basics, 2)
    complete_course(
        bram.user,
        basics,
        at=timezone.make_aware(datetime(2026, 11, 12, 10, 0)),
    )
    other = OrganisationFactory(name="Gemeente Ninove")
    elsewhere = member(
        other, "Eva", "Elders", "eva@ninove.be", [TeamFactory(organisation=other)]
    )
    Assignment.objects.create(organisation=other, course=basics)
    return Town(
        organisation, reception, social, coordinator, basics, counter, counter_module,
        everyone, reception_module, anna, bram, chris, elsewhere,
    )  # fmt: skip


def members_bulk(town: Town, count: int, *, start: int = 0) -> list[Membership]:
    """`count` more members in a few statements: half at the reception, all enrolled
    in `basics`, every third one with two sections of it opened."""
    users = User.objects.bulk_create(
        [
            User(
                email=f"bulk{n}@zottegem.be",
                first_name="Lid",
                last_name=f"Nummer {n:04}",
            )
            for n in range(start, start + count)
        ]
    )
    memberships = Membership.objects.bulk_create(
        [Membership(user=user, organisation=town.organisation) for user in users]
    )
    Membership.teams.through.objects.bulk_create(
        [
            Membership.teams.through(membership=m, team=town.reception)
            for m in memberships[::2]
        ]
    )
    Enrolment.objects.bulk_create(
        [Enrolment(user=user, course=town.basics) for user in users]
    )
    now = timezone.now()
    lesson = lessons_of(town.basics)[0]
    SectionProgress.objects.bulk_create(
        [
            SectionProgress(
                user=user,
                lesson=lesson,
                section_id=section_id,
                first_viewed_at=now,
                last_viewed_at=now,
            )
            for user in users[::3]
            for section_id in lesson.section_ids[:2]
        ]
    )
    return memberships
