import factory

from certificates.models import CertificateTemplate, Signatory


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sjabloon {n}")
    body_nl = "{name} heeft {course} afgerond ({hours} uur)."
    body_fr = "{name} a terminé {course} ({hours} heures)."
    validity_months = 24

    @factory.post_generation
    def courses(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.courses.add(*extracted)
            obj.save()

    @factory.post_generation
    def signatories(obj, create, extracted, **kwargs):
        if create:
            Signatory.objects.create(
                template=obj, sort_order=0, name="Els Janssens", role="Directeur"
            )
