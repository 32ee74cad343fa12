from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from home.services import home_page_ensure
from training.models import KitMaterial, TrainerKitPage, TrainingSession

from .courses import CoursePageFactory


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A digihelper training in two weeks: 12 places, 12 needed, deadline in a week."""

    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    kind = TrainingSession.Kind.DIGIHELPER
    title = factory.Sequence(lambda n: f"Digihelperopleiding {n}")
    course = factory.SubFactory(CoursePageFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    registration_deadline = factory.LazyAttribute(
        lambda o: o.starts_at - timedelta(days=7)
    )
    place = "Bibliotheek, Zaal 1"
    capacity = 12
    minimum = 12

    @factory.post_generation
    def trainers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.trainers.add(*extracted)


def document(title: str = "Draaiboek", content: bytes = b"%PDF-1.4 demo", name="x.pdf"):
    """A stored document (private storage), as an editor would upload it."""
    home_page_ensure()  # and the root collection it goes in
    doc = get_document_model()(title=title)
    doc.file.save(name, ContentFile(content), save=False)
    doc._set_document_file_metadata()
    doc.save()
    return doc


def kit(
    course=None, *, trainers_only: bool = True, materials: int = 2
) -> TrainerKitPage:
    """A published trainer kit under `course` with `materials` PDF files."""
    course = course or CoursePageFactory()
    page = TrainerKitPage(
        title="Kit digihelperopleiding",
        slug=f"kit-{course.pk}-{TrainerKitPage.objects.count()}",
        intro="<p>Alles voor de opleidingsdag.</p>",
        trainers_only=trainers_only,
    )
    for number in range(1, materials + 1):
        page.materials.add(
            KitMaterial(
                title=f"Bestand {number}",
                document=document(f"Bestand {number}", f"inhoud {number}".encode()),
                kind=KitMaterial.Kind.SCRIPT,
                version="1.0",
            )
        )
    course.add_child(instance=page)
    page.save_revision().publish()
    return page
