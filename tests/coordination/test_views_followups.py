"""Follow-up moments: planned by a coordinator for a team, registered for by that team
only, and counted toward an assignment that asks for one."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from coordination.selectors import Status, progress_table
from coordination.services import assignment_create
from courses.models import LessonPage
from courses.services import section_progress_record
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    build_course,
)
from training.models import Registration, TrainingSession
from training.sessions.services import attendance_record, registration_create

pytestmark = pytest.mark.django_db


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def setting():
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation, name="Onthaal")
    coordinator = MembershipFactory(organisation=organisation, role="coordinator")
    member = MembershipFactory(organisation=organisation)
    member.teams.add(team)
    colleague = MembershipFactory(organisation=organisation)  # not in the team
    course = build_course(modules=1, lessons=1, sections=1)
    return organisation, team, coordinator, member, colleague, course


def _plan(client, organisation, team, course, **extra):
    start = timezone.now() + timedelta(days=10)
    data = {
        "title": "Terugkommoment Onthaal",
        "course": course.pk,
        "team": team.pk if team else "",
        "starts_at": _local(start),
        "ends_at": _local(start + timedelta(hours=2)),
        "registration_deadline": _local(start - timedelta(days=2)),
        "place": "Stadhuis, zaal 2",
        "capacity": "15",
        **extra,
    }
    return client.post(reverse("coordination:follow_ups", args=[organisation.pk]), data)


def test_coordinator_plans_a_follow_up_for_a_team(client, setting):
    organisation, team, coordinator, member, colleague, course = setting
    client.force_login(coordinator.user)
    response = _plan(client, organisation, team, course)
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert session.kind == TrainingSession.Kind.FOLLOW_UP
    assert (session.organisation, session.team, session.course) == (
        organisation,
        team,
        course,
    )
    assert session.minimum == 1
    assert list(session.trainers.all()) == [coordinator.user]
    page = client.get(reverse("coordination:follow_ups", args=[organisation.pk]))
    assert "Terugkommoment Onthaal" in page.content.decode()
    # Only the team registers; the colleague at another counter cannot.
    assert registration_create(session=session, user=member.user).status == "confirmed"
    with pytest.raises(PermissionDenied):
        registration_create(session=session, user=colleague.user)
    visitor = Client(HTTP_HOST="localhost")
    visitor.force_login(colleague.user)
    detail = reverse("training:session_detail", args=[session.pk])
    assert visitor.get(detail).status_code == 404


def test_bad_input_is_refused_and_kept(client, setting):
    organisation, team, coordinator, *_rest, course = setting
    client.force_login(coordinator.user)
    response = _plan(
        client, organisation, team, course, place="", capacity="15", title="Mijn titel"
    )
    assert response.status_code == 200
    assert not TrainingSession.objects.exists()
    page = response.content.decode()
    assert 'value="Mijn titel"' in page
    # The date-time pickers get their values back in the format browsers read.
    assert f'value="{response.context["form"].data["starts_at"]}"' in page
    foreign = TeamFactory()
    response = _plan(client, organisation, foreign, course)
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not TrainingSession.objects.exists()


def test_other_coordinators_and_members_get_404(client, setting):
    organisation, team, coordinator, member, _colleague, course = setting
    other = MembershipFactory(role="coordinator")
    url = reverse("coordination:follow_ups", args=[organisation.pk])
    for user in (other.user, member.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert _plan(client, organisation, team, course).status_code == 404
    assert not TrainingSession.objects.exists()


def test_attending_completes_an_assignment_that_asks_for_it(setting):
    organisation, team, coordinator, member, _colleague, course = setting
    assignment_create(
        organisation=organisation,
        course=course,
        team=team,
        requires_follow_up=True,
        by=coordinator.user,
    )
    lesson = LessonPage.objects.descendant_of(course).get()
    section_progress_record(
        user=member.user, lesson=lesson, section_id=lesson.section_ids[0]
    )

    def cell():
        table = progress_table(organisation)
        row = next(r for r in table.rows if r.user == member.user)
        return row.cells_in(table.targets)[0]

    assert cell().status == Status.IN_PROGRESS  # the course is done, not the moment
    with translation.override("en"):
        assert any("follow-up" in text for text in cell().missing)

    def attend(session_organisation, session_team):
        start = timezone.now() - timedelta(hours=3)
        session = TrainingSession.objects.create(
            kind=TrainingSession.Kind.FOLLOW_UP,
            title="Terugkommoment",
            course=course,
            organisation=session_organisation,
            team=session_team,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            registration_deadline=start - timedelta(days=1),
            capacity=10,
            minimum=1,
            place="Zaal",
        )
        session.trainers.add(coordinator.user)
        registration = Registration.objects.create(
            session=session, user=member.user, status="confirmed"
        )
        attendance_record(
            session=session, trainer=coordinator.user, present={registration.pk}
        )
        return session

    # Another organisation's follow-up moment does not count for this one.
    attend(OrganisationFactory(), None)
    assert cell().status == Status.IN_PROGRESS
    session = attend(organisation, team)
    done = cell()
    assert done.status == Status.COMPLETED
    assert done.completed_at >= session.ends_at - timedelta(seconds=1)
