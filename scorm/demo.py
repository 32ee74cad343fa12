"""The demo's SCORM lesson, and the SCORM packages it and the tests are built from.

The lesson "Oefenpakket: veilig aanmelden" closes module 1 of Digihelper (open to
every learner in the catalogue; no demo account has finished it, so nobody's progress
changes): a SCORM 2004 package of two parts, in Dutch, and in the French lesson the
same package in French.

The packages are written here from the SCORM 1.2 and 2004 specifications (content
packaging and run-time), so they can be redistributed: `SamplePackage` writes the
`imsmanifest.xml` and one page per SCO that runs `samples/sco.js` (it finds the API by
walking up its parents, resumes from location and suspend data, asks its questions,
records interactions, score, completion and success). `tests/factories/scorm.py`
builds its packages with the same class.
"""

from __future__ import annotations

import html
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    Translation,
    TranslationSource,
)

from courses.models import CoursePage, LessonPage, ModulePage
from languages.demo import copy_with_texts, translated_once
from scorm.models import ScormActivity
from scorm.services import package_import

SAMPLES = Path(__file__).resolve().parent / "samples"

#: What the sample SCOs say, in the package's language (content, not the platform's).
WORDS = {
    "nl": {
        "question": "Vraag %n van %t",
        "previous": "Je vorige antwoord:",
        "welcome": "Welkom terug! Je gaat verder waar je stopte.",
        "done": "Klaar!",
        "score": "Je score: %s%",
        "no-lms": "Dit onderdeel vindt het leerplatform niet.",
    },
    "fr": {
        "question": "Question %n sur %t",
        "previous": "Ta réponse précédente :",
        "welcome": "Bon retour ! Tu reprends là où tu t’étais arrêté.",
        "done": "Terminé !",
        "score": "Ton score : %s%",
        "no-lms": "Cette partie ne trouve pas la plateforme d’apprentissage.",
    },
}


@dataclass(frozen=True)
class Question:
    text: str
    options: tuple[str, ...]
    correct: int  # the position of the right option


@dataclass(frozen=True)
class Sco:
    identifier: str
    title: str
    questions: tuple[Question, ...]
    # SCORM 1.2: adlcp:masteryscore (0–100); 2004: the primary objective's
    # minNormalizedMeasure (0–1). None: the package sets the status itself.
    mastery_score: float | None = None
    launch_data: str = ""

    @property
    def href(self) -> str:
        return f"{self.identifier}/index.html"


@dataclass(frozen=True)
class SamplePackage:
    """A SCORM package of one or more SCOs, as an authoring tool would export it."""

    version: str  # "1.2" or "2004"
    identifier: str
    title: str
    scos: tuple[Sco, ...]
    language: str = "nl"
    extra: dict[str, bytes] = field(default_factory=dict)  # more files, by path

    def manifest_xml(self) -> str:
        is2004 = self.version == "2004"
        items, resources = [], []
        for sco in self.scos:
            inner = f"<title>{html.escape(sco.title)}</title>"
            if sco.launch_data:
                tag = "adlcp:dataFromLMS" if is2004 else "adlcp:datafromlms"
                inner += f"<{tag}>{html.escape(sco.launch_data)}</{tag}>"
            if sco.mastery_score is not None and is2004:
                inner += (
                    "<imsss:sequencing><imsss:objectives>"
                    f'<imsss:primaryObjective objectiveID="{sco.identifier}-goal" '
                    'satisfiedByMeasure="true"><imsss:minNormalizedMeasure>'
                    f"{sco.mastery_score}</imsss:minNormalizedMeasure>"
                    "</imsss:primaryObjective></imsss:objectives></imsss:sequencing>"
                )
            elif sco.mastery_score is not None:
                inner += (
                    f"<adlcp:masteryscore>{sco.mastery_score:g}</adlcp:masteryscore>"
                )
            items.append(
                f'<item identifier="item-{sco.identifier}" '
                f'identifierref="res-{sco.identifier}">{inner}</item>'
            )
            kind = "adlcp:scormType" if is2004 else "adlcp:scormtype"
            resources.append(
                f'<resource identifier="res-{sco.identifier}" type="webcontent" '
                f'{kind}="sco" href="{sco.href}"><file href="{sco.href}"/>'
                '<dependency identifierref="shared"/></resource>'
            )
        resources.append(
            '<resource identifier="shared" type="webcontent" '
            f'{"adlcp:scormType" if is2004 else "adlcp:scormtype"}="asset">'
            '<file href="shared/sco.js"/><file href="shared/sco.css"/></resource>'
        )
        if is2004:
            head = (
                'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
                'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
                'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"'
            )
            schema = "2004 4th Edition"
        else:
            head = (
                'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
                'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
            )
            schema = "1.2"
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<manifest identifier={quoteattr(self.identifier)} version="1" {head}>'
            f"<metadata><schema>ADL SCORM</schema><schemaversion>{schema}"
            "</schemaversion></metadata>"
            '<organizations default="org"><organization identifier="org">'
            f"<title>{html.escape(self.title)}</title>{''.join(items)}"
            f"</organization></organizations><resources>{''.join(resources)}"
            "</resources></manifest>"
        )

    def sco_page(self, sco: Sco) -> str:
        words = WORDS[self.language]
        questions = [
            {"text": q.text, "options": list(q.options), "correct": q.correct}
            for q in sco.questions
        ]
        mastery = sco.mastery_score
        if mastery is not None and self.version == "2004":
            mastery *= 100
        attributes = {
            "data-scorm": self.version,
            "data-questions": json.dumps(questions, ensure_ascii=False),
            "data-mastery": "" if mastery is None else f"{mastery:g}",
            **{f"data-{key}": value for key, value in words.items()},
        }
        attrs = " ".join(
            f"{key}={quoteattr(value)}" for key, value in attributes.items()
        )
        return (
            f'<!DOCTYPE html>\n<html lang="{self.language}"><head><meta charset="utf-8">'
            f"<title>{html.escape(sco.title)}</title>"
            '<link rel="stylesheet" href="../shared/sco.css"></head>'
            f"<body {attrs}><main><h1>{html.escape(sco.title)}</h1>"
            '<div id="sco" aria-live="polite"></div></main>'
            '<script src="../shared/sco.js"></script></body></html>'
        )

    def members(self) -> dict[str, bytes]:
        members = {
            "imsmanifest.xml": self.manifest_xml().encode(),
            "shared/sco.js": (SAMPLES / "sco.js").read_bytes(),
            "shared/sco.css": (SAMPLES / "sco.css").read_bytes(),
        }
        for sco in self.scos:
            members[sco.href] = self.sco_page(sco).encode()
        return {**members, **self.extra}

    def zip(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.members().items():
                archive.writestr(name, data)
        return out.getvalue()

    def manifest(self) -> dict:
        """What `ScormPackage.manifest` holds of this package once imported."""
        return {
            "identifier": self.identifier,
            "title": self.title,
            "version": self.version,
            "scos": [
                {
                    "identifier": f"item-{sco.identifier}",
                    "title": sco.title,
                    "href": sco.href,
                    "parameters": "",
                    "mastery_score": sco.mastery_score,
                    "launch_data": sco.launch_data,
                    "asset": False,
                }
                for sco in self.scos
            ],
        }


#: The demo package's texts by language: its title, then per part its title, the
#: question, the options and the right one.
DEMO_TEXTS = {
    "nl": ("Oefenpakket: veilig aanmelden", (
        ("Wat is CSAM?", "Waarmee meld je je aan bij de online overheid?",
         ("Met itsme of je identiteitskaart", "Met je e-mailadres",
          "Met je telefoonnummer"), 0),
        ("Je code is van jou",
         "Een bezoeker vraagt je zijn itsme-code in te tikken. Doe je dat?",
         ("Ja, als hij het vraagt", "Nee, hij tikt die altijd zelf in"), 1),
    )),
    "fr": ("Exercice : se connecter en toute sécurité", (
        ("Qu’est-ce que CSAM ?",
         "Avec quoi te connectes-tu aux services publics en ligne ?",
         ("Avec itsme ou ta carte d’identité", "Avec ton adresse e-mail",
          "Avec ton numéro de téléphone"), 0),
        ("Ton code est à toi",
         "Un visiteur te demande de taper son code itsme. Tu le fais ?",
         ("Oui, s’il me le demande", "Non, il le tape toujours lui-même"), 1),
    )),
}  # fmt: skip

#: The parts' identifiers and mastery scores, the same in every language.
PARTS = (("csam", None), ("code", 0.5))


def _demo_package(language: str) -> SamplePackage:
    """Two parts of one question each; the second passed from 0.5."""
    title, parts = DEMO_TEXTS[language]
    return SamplePackage(
        version="2004",
        identifier="be.digitaalmeedoen.demo.csam"
        + ("" if language == "nl" else f".{language}"),
        title=title,
        language=language,
        scos=tuple(
            Sco(identifier, part[0], (Question(*part[1:]),), mastery_score=mastery)
            for (identifier, mastery), part in zip(PARTS, parts, strict=True)
        ),
    )


def _activity(language: str) -> ScormActivity:
    sample = _demo_package(language)
    package, _ = package_import(upload=io.BytesIO(sample.zip()), title=sample.title)
    activity, _ = ScormActivity.objects.get_or_create(
        package=package, defaults={"title": sample.title}
    )
    return activity


def _block_id(n: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo/scorm/{n}"))


#: The lesson's texts in Dutch, and in French where the lesson is translated.
TEXTS = {
    "Oefenpakket": "Exercice",
    "<p>Beantwoord de vragen in de twee delen. Stop je halverwege? Dan ga je de "
    "volgende keer verder waar je was.</p>": "<p>Réponds aux questions des deux "
    "parties. Tu t’arrêtes en cours de route ? Tu reprends la prochaine fois là où "
    "tu étais.</p>",
    "Waarom dit pakket?": "Pourquoi cet exercice ?",
    "<p>Veel organisaties hebben al e-learning, gemaakt met een auteurstool en "
    "bewaard als SCORM-pakket. Het platform speelt zulke pakketten af en onthoudt "
    "waar je was.</p>": "<p>Beaucoup d’organisations ont déjà de l’e-learning, créé "
    "avec un outil auteur et enregistré comme paquet SCORM. La plateforme lit ces "
    "paquets et retient où tu en étais.</p>",
}


def _body(activity: ScormActivity) -> list[dict]:
    """Two sections: the package, then a word on why (in Dutch: `TEXTS`' keys)."""
    title, introduction, why, explanation = TEXTS
    return [
        {
            "type": "section",
            "id": _block_id(1),
            "value": {
                "title": title,
                "content": [
                    {"type": "text", "id": _block_id(2), "value": introduction},
                    {"type": "scorm", "id": _block_id(3), "value": activity.pk},
                ],
            },
        },
        {
            "type": "section",
            "id": _block_id(4),
            "value": {
                "title": why,
                "content": [{"type": "text", "id": _block_id(5), "value": explanation}],
            },
        },
    ]


def load_demo_scorm(courses: dict[str, CoursePage]) -> None:
    """The lesson with the SCORM package, in Dutch and (where the module is in
    French) in French; nothing changes when it is there already."""
    module = ModulePage.objects.child_of(courses["digihelper"]).get(
        slug="module-1-rol-van-een-digihelper"
    )
    if LessonPage.objects.child_of(module).filter(slug="oefenpakket-csam").exists():
        return
    lesson = module.add_child(
        instance=LessonPage(
            title="Oefenpakket: veilig aanmelden",
            slug="oefenpakket-csam",
            summary="Een oefenpakket in twee delen, gemaakt met een e-learningtool "
            "(SCORM). Je kunt stoppen en later verdergaan, ook op een andere computer.",
            body=_body(_activity("nl")),
        )
    )
    if module.get_translations().filter(locale__language_code="fr").exists():
        translated_once(
            lesson,
            "fr",
            copy_with_texts(
                lesson,
                TEXTS,
                title="Exercice : se connecter en toute sécurité",
                summary="Un exercice en deux parties, créé avec un outil "
                "d’e-learning (SCORM). Tu peux t’arrêter et reprendre plus tard, "
                "même sur un autre ordinateur.",
            ),
        )
        _french_package_chosen(lesson, _activity("fr"))


def _french_package_chosen(lesson: LessonPage, activity: ScormActivity) -> None:
    """The French lesson plays the French package: an activity chosen in a block is
    one of wagtail-localize's overridable segments, which a translator overrides in
    the translation editor; the demo does the same."""
    source, _ = TranslationSource.get_or_create_from_instance(lesson)
    locale = Locale.objects.get(language_code="fr")
    for segment in OverridableSegment.objects.filter(
        source=source, context__path__endswith=_block_id(3)
    ):
        SegmentOverride.objects.update_or_create(
            locale=locale,
            context=segment.context,
            defaults={"data_json": json.dumps(activity.pk)},
        )
    Translation.objects.get(source=source, target_locale=locale).save_target(
        publish=True
    )
