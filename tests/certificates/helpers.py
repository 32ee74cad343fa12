"""A learner who completes a course with a certificate template, the way it happens for
real: lessons opened and the final evaluation passed."""

from courses.models import LessonPage
from courses.services import enrolment_create, section_progress_record
from quizzes.grading import right_response
from quizzes.services import attempt_start, attempt_submit
from tests.factories import UserFactory, build_course
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.quizzes import make_test


def certified_course(**template_options):
    course = build_course(modules=1, lessons=1, sections=1)
    _, final = make_test(course=course, parent=course, questions=2, question_count=2)
    CertificateTemplateFactory(courses=[course], **template_options)
    return course, final


def complete(course, final, user=None):
    user = user or UserFactory()
    enrolment_create(user=user, course=course)
    for lesson in LessonPage.objects.descendant_of(course):
        for section_id in lesson.section_ids:
            section_progress_record(user=user, lesson=lesson, section_id=section_id)
    attempt = attempt_start(user=user, test=final)
    attempt_submit(
        attempt=attempt,
        responses={str(q["slot"]): right_response(q) for q in attempt.draw},
    )
    return user


def scan_qr(certificate, folder) -> str:
    """What a phone reads from the QR code on the certificate's PDF (poppler + zbar)."""
    import shutil
    import subprocess

    assert shutil.which("pdftoppm") and shutil.which("zbarimg"), (
        "poppler-utils, zbar-tools"
    )
    pdf = folder / "certificaat.pdf"
    with certificate.pdf.open("rb") as handle:
        pdf.write_bytes(handle.read())
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", str(pdf), str(folder / "page")], check=True
    )
    return subprocess.run(
        ["zbarimg", "-q", "--raw", str(folder / "page-1.png")],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
