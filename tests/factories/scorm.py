"""SCORM packages built in the tests from the specification (`scorm.demo.SamplePackage`:
SCO pages that find the API, resume, ask questions and report), and the rows that
place them in a lesson."""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from courses.models import LessonPage
from lms.storage import private_storage
from scorm.demo import Question, SamplePackage, Sco
from scorm.models import ScormActivity, ScormPackage
from tests.factories.courses import LessonPageFactory, lesson_body

CAPITAL = Question("Wat is de hoofdstad van België?", ("Brussel", "Gent", "Luik"), 0)
PIN = Question("Mag je de pincode van een ander intikken?", ("Ja", "Nee"), 1)
PHISHING = Question(
    "Een mail vraagt je wachtwoord. Wat doe je?",
    ("Ik antwoord meteen", "Ik klik de link aan", "Ik verwijder de mail"),
    2,
)


def scorm12_package(**changes) -> SamplePackage:
    """One SCO of two questions, mastery score 50."""
    fields = {
        "version": "1.2",
        "identifier": "be.digitaalmeedoen.test12",
        "title": "Veilig online (SCORM 1.2)",
        "scos": (
            Sco("veilig", "Veilig online", (CAPITAL, PIN), mastery_score=50,
                launch_data="mode=test"),
        ),
    }  # fmt: skip
    return SamplePackage(**{**fields, **changes})


def scorm2004_package(**changes) -> SamplePackage:
    """Three SCOs of one question each (the second passed from 0.5 scaled)."""
    fields = {
        "version": "2004",
        "identifier": "be.digitaalmeedoen.test2004",
        "title": "Digitale basis (SCORM 2004)",
        "scos": (
            Sco("een", "Deel een", (CAPITAL,)),
            Sco("twee", "Deel twee", (PIN,), mastery_score=0.5),
            Sco("drie", "Deel drie", (PHISHING,)),
        ),
    }
    return SamplePackage(**{**fields, **changes})


def ready_package(sample: SamplePackage) -> ScormPackage:
    """A package as the import leaves it: its files unpacked in private storage under
    its folder, its manifest normalised, ready to play."""
    data = sample.zip()
    sha = hashlib.sha256(data).hexdigest()
    existing = ScormPackage.objects.filter(sha256=sha).first()
    if existing is not None:
        return existing
    package = ScormPackage(
        sha256=sha,
        title=sample.title,
        size=len(data),
        version=sample.version,
        manifest=sample.manifest(),
        status=ScormPackage.Status.READY,
        extracted_at=timezone.now(),
    )
    package.file.save(f"{sha}.zip", ContentFile(data), save=False)
    package.save()
    for name, content in sample.members().items():
        private_storage.save(f"{package.folder}/{name}", ContentFile(content))
    return package


def scorm_activity(sample: SamplePackage | None = None, **fields) -> ScormActivity:
    package = ready_package(sample or scorm12_package())
    fields.setdefault("title", package.title)
    return ScormActivity.objects.create(package=package, **fields)


def scorm_block(activity: ScormActivity) -> dict:
    return {"type": "scorm", "id": str(uuid.uuid4()), "value": activity.pk}


def lesson_with_scorm(module, activity: ScormActivity, sections: int = 2) -> LessonPage:
    """A lesson of `sections` sections, the first holding `activity`."""
    body = lesson_body(sections)
    body[0]["value"]["content"].append(scorm_block(activity))
    return LessonPageFactory(parent=module, body=body)
