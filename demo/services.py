"""The demo site, put together from every app's demo content (`make run`).

This app sits on top of the house: it is the one place that knows every app's demo,
and the order they need (tests after their courses, certificate templates before the
demo learner completes a course, forums, kits, exercises and sessions after the
accounts). Every step is get-or-create, so loading twice changes nothing.
"""

from django.db import transaction

from badges.demo import load_demo_credentials
from certificates.demo import load_certificate_templates
from coordination.demo import load_demo_coordination
from courses.demo import (
    ACCOUNTS,
    DemoAccount,
    load_demo_accounts,
    load_demo_courses,
    translate_demo_courses,
)
from courses.services import enrolment_create
from events.demo import load_demo_agenda
from forums.demo import load_demo_forums
from h5p.demo import load_demo_h5p
from library.demo import load_demo_library
from lms.models import User
from network.demo import load_demo_networks
from newsletter.demo import load_demo_newsletter
from quizzes.demo import (
    demo_complete_course,
    demo_learner_progress,
    load_tests,
    translate_demo_questions,
    translate_demo_tests,
)
from scorm.demo import load_demo_scorm
from training.kits.demo import load_demo_kits, load_demo_sessions
from xapi.demo import load_demo_learning_records


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    """Build or complete the demo site; returns the demo accounts."""
    courses = load_demo_courses()
    for course in courses:
        load_tests(course)
    accounts = load_demo_accounts()
    translate_demo_courses(courses)
    translate_demo_tests(courses)
    translate_demo_questions()
    apprenant = User.objects.get(email="apprenant@demo.digitaalmeedoen.be")
    enrolment_create(user=apprenant, course=courses[0])  # Connectoo, read in French
    load_certificate_templates(courses)
    load_demo_coordination(courses)
    learner = User.objects.get(email=ACCOUNTS[0].email)
    demo_learner_progress(learner, courses[0])
    load_demo_forums(courses)
    by_slug = {course.slug: course for course in courses}
    load_demo_kits(by_slug)
    load_demo_h5p(by_slug)
    load_demo_scorm(by_slug)
    load_demo_sessions(
        by_slug,
        trainer=User.objects.get(email="trainer@demo.digitaalmeedoen.be"),
        learner=learner,
        digihelper=User.objects.get(email="digihelper@demo.digitaalmeedoen.be"),
    )
    load_demo_library(
        learner=learner,
        submitter=User.objects.get(email="digihelper@demo.digitaalmeedoen.be"),
    )
    networks = load_demo_networks(
        moderator=User.objects.get(email="coordinator@demo.digitaalmeedoen.be"),
        members=[
            User.objects.get(email=f"{name}@demo.digitaalmeedoen.be")
            for name in ("digihelper", "trainer", "coordinator.herzele", "apprenant")
        ],
    )
    load_demo_agenda(
        courses_by_slug=by_slug,
        networks=tuple(networks),
        organiser=User.objects.get(email="trainer@demo.digitaalmeedoen.be"),
        participants=list(
            User.objects.filter(email__startswith="deelnemer").order_by("email")
        ),
    )
    # The agenda's demo writes the learner's attendance directly; announce it so an
    # LRS configured for the demo receives it like the rest of the journey.
    load_demo_learning_records(learner)
    # After the agenda: Connectoo+ asks for its webinars, which the learner attended
    # or watched.
    demo_complete_course(learner, courses[1])
    load_demo_newsletter()
    # A demo database loaded before there was a key: its valid certificates get
    # their credentials now (a fresh load makes them in the render, on commit).
    load_demo_credentials()
    return accounts
