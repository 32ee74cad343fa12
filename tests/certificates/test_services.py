"""Issuing on completion, frozen text, idempotent rendering, life cycle."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from certificates.codes import SHORT_CODE_ALPHABET, normalise_short_code
from certificates.models import Certificate
from certificates.services import (
    certificate_reissue,
    certificate_render,
    certificate_revoke,
    certificates_remind_expiring,
    certificates_requeue_pending,
)
from quizzes.grading import right_response
from quizzes.services import attempt_start, attempt_submit
from tests.factories import MembershipFactory, UserFactory, translate_tree

from .helpers import certified_course, complete

pytestmark = pytest.mark.django_db


def pdf_text(certificate: Certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        return " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages
        )


@pytest.fixture
def issued(django_capture_on_commit_callbacks):
    course, final = certified_course()
    learner = UserFactory(first_name="Lotte", last_name="Peeters")
    MembershipFactory(user=learner, organisation__name="Stad Mechelen")
    with django_capture_on_commit_callbacks(execute=True):
        complete(course, final, learner)
    return Certificate.objects.get(user=learner), course, final


def test_completing_a_course_issues_one_rendered_certificate(issued):
    certificate, course, _ = issued
    assert certificate.status == Certificate.Status.VALID
    assert certificate.course == course
    assert certificate.pdf_sha256 and certificate.pdf
    text = pdf_text(certificate)
    for expected in ("Lotte Peeters", course.title, certificate.short_code, "Certificaat",
                     timezone.now().strftime("%d/%m/%Y"), "Stad Mechelen"):  # fmt: skip
        assert expected in text
    assert mail.outbox[-1].to == [certificate.user.email]


def test_the_pdf_is_in_french_for_a_french_speaking_learner(
    django_capture_on_commit_callbacks,
):
    course, final = certified_course()
    learner = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        complete(course, final, learner)
    text = pdf_text(Certificate.objects.get(user=learner))
    assert "Certificat" in text and "a terminé" in text and "Délivré" in text


def test_a_french_certificate_names_the_course_by_its_french_title(
    django_capture_on_commit_callbacks,
):
    course, final = certified_course()
    french = translate_tree(course)
    learners = [UserFactory(preferred_language=code) for code in ("fr", "nl")]
    with django_capture_on_commit_callbacks(execute=True):
        for learner in learners:
            complete(course, final, learner)
    in_french, in_dutch = (Certificate.objects.get(user=u) for u in learners)
    assert in_french.printed["course"] == french.title == f"FR {course.title}"
    assert french.title in pdf_text(in_french)
    assert in_dutch.printed["course"] == course.title
    assert french.title not in pdf_text(in_dutch)


def test_codes_are_random_long_and_typeable(issued):
    certificate, _, _ = issued
    assert len(certificate.verification_code) >= 32  # 192 bits, URL-safe
    letters = certificate.short_code.replace("-", "")
    assert len(letters) == 12 and set(letters) <= set(SHORT_CODE_ALPHABET)
    assert normalise_short_code(certificate.short_code.lower().replace("-", " ")) == (
        certificate.short_code
    )


def test_later_edits_change_nothing_printed(issued):
    certificate, course, _ = issued
    printed = dict(certificate.printed)
    course.title = "Nieuwe titel"
    course.save()
    certificate.user.first_name = "Anders"
    certificate.user.save()
    certificate.template.body_nl = "Iets anders"
    certificate.template.save()
    certificate.refresh_from_db()
    assert certificate.printed == printed


def test_deleting_the_course_keeps_the_certificate(issued):
    certificate, course, _ = issued
    course.delete()
    certificate.refresh_from_db()
    assert certificate.course is None and certificate.printed["course"]


@pytest.fixture
def pending():
    """A certificate issued and waiting for its render (the task is queued on a commit
    that a test in one transaction never reaches)."""
    course, final = certified_course()
    certificate = Certificate.objects.get(user=complete(course, final))
    assert certificate.status == Certificate.Status.PENDING
    return certificate


def files_of(certificate: Certificate) -> list[str]:
    _folders, files = certificate.pdf.storage.listdir("certificates")
    return sorted(name for name in files if name.startswith(str(certificate.pk)))


def test_of_two_deliveries_at_once_one_keeps_its_pdf_and_the_other_removes_its_own(
    pending, monkeypatch
):
    from certificates import services

    real_render = services.render_pdf

    def render_while_the_other_delivery_finishes(html):
        monkeypatch.setattr(services, "render_pdf", real_render)
        assert certificate_render(str(pending.pk)) is True  # the other, done first
        return real_render(html)

    monkeypatch.setattr(
        services, "render_pdf", render_while_the_other_delivery_finishes
    )

    assert certificate_render(str(pending.pk)) is False
    kept = Certificate.objects.get(pk=pending.pk)
    assert kept.status == Certificate.Status.VALID and kept.pdf_sha256
    assert files_of(kept) == [kept.pdf.name.removeprefix("certificates/")]
    assert len(mail.outbox) == 1  # one "ready" mail


def test_a_certificate_revoked_during_its_render_stays_revoked_without_a_pdf(
    pending, monkeypatch
):
    from certificates import services

    real_render = services.render_pdf

    def render_while_an_admin_revokes(html):
        certificate_revoke(certificate=pending, reason="Fout uitgereikt", notify=False)
        return real_render(html)

    monkeypatch.setattr(services, "render_pdf", render_while_an_admin_revokes)

    assert certificate_render(str(pending.pk)) is False
    revoked = Certificate.objects.get(pk=pending.pk)
    assert revoked.status == Certificate.Status.REVOKED
    assert not revoked.pdf and files_of(revoked) == []
    assert mail.outbox == []


def test_rendering_twice_renders_once(issued):
    certificate, _, _ = issued
    assert certificate_render(str(certificate.pk)) is False
    again = Certificate.objects.get(pk=certificate.pk)
    assert (again.pdf.name, again.pdf_sha256) == (
        certificate.pdf.name,
        certificate.pdf_sha256,
    )


def test_a_pending_certificate_is_queued_again_by_the_periodic_task(issued):
    certificate, _, _ = issued
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.PENDING,
        pdf="",
        pdf_sha256="",
        issued_at=timezone.now() - timedelta(minutes=5),
    )
    assert certificates_requeue_pending() == 1  # eager here: rendered on the spot
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID and certificate.pdf_sha256


def test_revoking_tells_the_learner(issued, django_capture_on_commit_callbacks):
    certificate, _, _ = issued
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, reason="Fraude bij de test")
    certificate.refresh_from_db()
    assert certificate.state == "revoked"
    assert "Fraude bij de test" in mail.outbox[-1].body


def test_reissue_gives_new_codes_and_supersedes_the_old(
    issued, django_capture_on_commit_callbacks
):
    old, _, _ = issued
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(certificate=old)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED
    assert new.previous == old and new.status == Certificate.Status.VALID
    assert (
        new.short_code != old.short_code
        and new.verification_code != old.verification_code
    )


def test_expiring_certificates_get_one_reminder(issued):
    certificate, _, _ = issued
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_at=timezone.now() + timedelta(days=20)
    )
    sent = len(mail.outbox)
    assert certificates_remind_expiring() == 1
    assert certificates_remind_expiring() == 0
    assert len(mail.outbox) == sent + 1


def test_passing_the_final_evaluation_again_renews_an_expiring_certificate(
    issued, django_capture_on_commit_callbacks
):
    old, _, final = issued
    Certificate.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() + timedelta(days=10)
    )
    final.max_attempts = 0
    final.save()
    with django_capture_on_commit_callbacks(execute=True):
        attempt = attempt_start(user=old.user, test=final)
        attempt_submit(
            attempt=attempt,
            responses={str(q["slot"]): right_response(q) for q in attempt.draw},
        )
    renewed = Certificate.objects.get(previous=old)
    assert renewed.status == Certificate.Status.VALID
    assert renewed.expires_at > timezone.now() + timedelta(days=365)
    assert Certificate.objects.get(pk=old.pk).status == Certificate.Status.SUPERSEDED


def test_a_certifying_quiz_earns_its_own_certificate(
    django_capture_on_commit_callbacks,
):
    from tests.factories.quizzes import make_test

    course, _ = certified_course()
    _, quiz = make_test(course=course, questions=2, question_count=2, certifying=True)
    user = UserFactory()
    from courses.services import enrolment_create

    enrolment_create(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = attempt_start(user=user, test=quiz)
        attempt_submit(
            attempt=attempt,
            responses={str(q["slot"]): right_response(q) for q in attempt.draw},
        )
    certificate = Certificate.objects.get(user=user)
    assert certificate.test == quiz and certificate.printed["course"] == quiz.title
