"""Demo certificate templates, added once the demo courses exist (`demo.services`)."""

from courses.models import CoursePage

from .models import CertificateTemplate, Signatory

BODY_NL = (
    "{name} heeft de opleiding {course} met succes afgerond en toont daarmee aan "
    "burgers te kunnen begeleiden bij de digitale overheid."
)
BODY_FR = (
    "{name} a suivi avec succès la formation {course} et peut accompagner les "
    "citoyens dans leurs démarches numériques auprès des services publics."
)


def load_certificate_templates(courses: list[CoursePage]) -> None:
    template, created = CertificateTemplate.objects.get_or_create(
        name="Digitaal Meedoen",
        defaults={"body_nl": BODY_NL, "body_fr": BODY_FR, "validity_months": 36},
    )
    if created:
        Signatory.objects.create(
            template=template,
            sort_order=0,
            name="Els Janssens",
            role="Coördinator opleidingen",
        )
        Signatory.objects.create(
            template=template,
            sort_order=1,
            name="Karim Benali",
            role="Trainer digitale inclusie",
        )
    template.courses.add(*courses)
    template.save()  # a ParentalManyToManyField is written on save
