"""The databank's lists as the learning network uses them, in Dutch and French.
Editors change them in the admin (Databank → types, target groups, themes)."""

import uuid

from django.db import migrations

TYPES = [
    ("handleiding", "Handleiding", "Mode d'emploi"),
    ("lesmateriaal", "Lesmateriaal", "Matériel pédagogique"),
    ("video", "Video", "Vidéo"),
    ("oefening", "Oefening", "Exercice"),
    ("meetinstrument", "Meetinstrument", "Outil de mesure"),
    ("vragenlijst", "Vragenlijst", "Questionnaire"),
    ("goede-praktijk", "Goede praktijk", "Bonne pratique"),
    ("presentatie", "Presentatie", "Présentation"),
    ("website", "Website", "Site web"),
    ("opleidingspakket", "Opleidingspakket", "Kit de formation"),
]
TARGET_GROUPS = [
    ("iedereen", "Iedereen", "Tout le monde"),
    ("senioren", "Senioren", "Seniors"),
    ("anderstaligen", "Anderstaligen", "Allophones"),
    ("laaggeletterden", "Laaggeletterden", "Personnes peu alphabétisées"),
    ("beperking", "Mensen met een beperking", "Personnes en situation de handicap"),
    ("jongeren", "Jongeren", "Jeunes"),
    ("digihelpers", "Digihelpers", "Aidants numériques"),
    ("baliemedewerkers", "Baliemedewerkers", "Agents d'accueil"),
    ("trainers", "Trainers", "Formateurs"),
]
THEMES = [
    ("itsme", "itsme", "itsme"),
    ("csam", "CSAM", "CSAM"),
    ("my-ebox", "My eBox", "My eBox"),
    ("mypension", "MyPension", "MyPension"),
    ("myminfin", "MyMinfin", "MyMinfin"),
    ("mijngezondheid", "MijnGezondheid", "MaSanté"),
    ("smartphone", "Smartphone", "Smartphone"),
    ("veilig-online", "Veilig online", "Sécurité en ligne"),
    ("e-mail", "E-mail", "E-mail"),
    ("videobellen", "Videobellen", "Appels vidéo"),
    ("digitale-vaardigheden", "Digitale vaardigheden", "Compétences numériques"),
]


def create_lists(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for model_name, rows in (
        ("ItemType", TYPES),
        ("TargetGroup", TARGET_GROUPS),
        ("Theme", THEMES),
    ):
        model = apps.get_model("library", model_name)
        for order, (slug, dutch, french) in enumerate(rows, start=1):
            key = uuid.uuid4()
            for code, name in (("nl", dutch), ("fr", french)):
                if code in locales:
                    model.objects.get_or_create(
                        locale=locales[code],
                        slug=slug,
                        defaults={
                            "name": name,
                            "sort_order": order * 10,
                            "translation_key": key,
                        },
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("languages", "0001_content_locales"),
    ]

    operations = [migrations.RunPython(create_lists, migrations.RunPython.noop)]
