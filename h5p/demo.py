"""The demo's H5P exercise: the H5P.TrueFalse content that ships with the npm package
h5p-standalone 2.1.0 (installed from the registry by `make run`), with a Dutch
question, placed in a lesson of the Digihelper course."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path

from django.conf import settings

from courses.models import CoursePage, LessonPage, ModulePage
from h5p.models import H5PActivity
from h5p.services import package_import

WORKSPACE = (
    Path(settings.BASE_DIR)
    / "node_modules"
    / "h5p-standalone-fixture"
    / "test"
    / "workspace"
)

DUTCH = {
    "question": "<p>Een bezoeker vraagt je om zijn itsme-code voor hem in te tikken. "
    "Dat mag, als hij het zelf vraagt.</p>",
    "correct": "false",
    "l10n": {
        "trueText": "Waar",
        "falseText": "Niet waar",
        "score": "Je hebt @score van de @total punten",
        "checkAnswer": "Controleer",
        "showSolutionButton": "Toon de oplossing",
        "tryAgain": "Opnieuw",
        "wrongAnswerMessage": "Niet juist: de bezoeker tikt zijn code altijd zelf in.",
        "correctAnswerMessage": "Juist: de bezoeker tikt zijn code altijd zelf in.",
        "scoreBarLabel": "Je hebt :num van de :total punten",
    },
}


def workspace_package(content: dict | None = None) -> bytes:
    """The TrueFalse workspace as an .h5p file, with `content` merged into its
    content.json (the top-level notes file of the workspace is left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(WORKSPACE.rglob("*")):
            name = str(path.relative_to(WORKSPACE))
            if not path.is_file() or ("/" not in name and name != "h5p.json"):
                continue
            data = path.read_bytes()
            if name == "content/content.json" and content:
                merged = json.loads(data)
                for key, value in content.items():
                    if isinstance(value, dict):
                        merged[key] = {**merged.get(key, {}), **value}
                    else:
                        merged[key] = value
                data = json.dumps(merged).encode()
            archive.writestr(name, data)
    return out.getvalue()


def load_demo_h5p(courses: dict[str, CoursePage]) -> None:
    """A lesson "Oefening: je code is van jou" with the TrueFalse exercise."""
    module = ModulePage.objects.child_of(courses["digihelper"]).get(
        slug="module-3-aanmelden-bij-de-overheid"
    )
    if LessonPage.objects.child_of(module).filter(slug="oefening-je-code").exists():
        return
    package, _ = package_import(
        upload=io.BytesIO(workspace_package(DUTCH)), title="Waar of niet waar: je code"
    )
    activity, _ = H5PActivity.objects.get_or_create(
        package=package,
        defaults={"title": "Oefening: mag je de code van een bezoeker intikken?"},
    )
    module.add_child(
        instance=LessonPage(
            title="Oefening: je code is van jou",
            slug="oefening-je-code",
            summary="Een korte oefening: waar of niet waar?",
            body=[
                {
                    "type": "section",
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "demo/h5p/1")),
                    "value": {
                        "title": "Waar of niet waar?",
                        "content": [
                            {
                                "type": "text",
                                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "demo/h5p/2")),
                                "value": "<p>Lees de uitspraak en kies: waar of "
                                "niet waar? Daarna zie je meteen of je juist zat.</p>",
                            },
                            {
                                "type": "h5p",
                                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "demo/h5p/3")),
                                "value": activity.pk,
                            },
                        ],
                    },
                },
                {
                    "type": "section",
                    "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "demo/h5p/4")),
                    "value": {
                        "title": "Waarom je code van jou is",
                        "content": [
                            {
                                "type": "text",
                                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "demo/h5p/5")),
                                "value": "<p>Met je itsme-code of je pincode zet je "
                                "een handtekening. Wie de code intikt, tekent. Daarom "
                                "tikt de bezoeker zijn code altijd zelf in, ook als hij "
                                "het jou vraagt. Jij legt uit waar hij moet tikken en "
                                "kijkt weg terwijl hij typt.</p>",
                            }
                        ],
                    },
                },
            ],
        )
    )
