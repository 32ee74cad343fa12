"""With S3_BUCKET set, files live in S3-compatible object storage, so web processes and
workers need no shared disk: certificates, H5P packages, data downloads, documents and
images go to the bucket and come back through the access-checked views, and nothing
is written to a local folder. Against a real S3 API (moto's server, started here on a
free port and stopped afterwards), not a mock of the client."""

import io
import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate
from courses.services import enrolment_create
from h5p.models import H5PActivity, H5PPackage
from h5p.services import package_import
from h5p.tokens import content_token
from lms.storage import private_storage
from tests.certificates.helpers import certified_course, complete
from tests.factories import UserFactory, VerifiedUserFactory
from tests.factories.courses import LessonPageFactory, ModulePageFactory, lesson_body
from tests.factories.h5p import build_package
from tests.factories.sessions import document as stored_document

pytestmark = pytest.mark.django_db

KEYS = {"access_key": "test", "secret_key": "test", "region_name": "us-east-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server on a free port of its own (the machine's services untouched)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto's S3 server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    """A fresh bucket as the storage of every file; the local folders must stay
    empty."""
    name = f"lms-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
        region_name=KEYS["region_name"],
    )
    s3.create_bucket(Bucket=name)
    options = {"bucket_name": name, "endpoint_url": s3_server, **KEYS,
               "default_acl": None, "file_overwrite": False}  # fmt: skip
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**options, "location": "media"},
        },
        "private": {
            "BACKEND": "lms.storage.PrivateS3Storage",
            "OPTIONS": {**options, "location": "private"},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"

    def keys(prefix: str = "") -> list[str]:
        listed = s3.list_objects_v2(Bucket=name, Prefix=prefix)
        return [item["Key"] for item in listed.get("Contents", [])]

    yield keys
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_a_certificate_is_rendered_into_the_bucket_and_downloaded_from_it(
    bucket, client, django_capture_on_commit_callbacks
):
    course, final = certified_course()
    learner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        complete(course, final, learner)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.status == Certificate.Status.VALID
    assert f"private/{certificate.pdf.name}" in bucket("private/")
    client.force_login(learner)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_h5p_package_is_unpacked_into_the_bucket_and_served_from_it(
    bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        package, _ = package_import(upload=io.BytesIO(build_package()))
    package.refresh_from_db()
    assert package.status == H5PPackage.Status.READY
    unpacked = bucket(f"private/{package.folder}/")
    assert f"private/{package.folder}/H5P.Hello-1.0/hello.js" in unpacked

    activity = H5PActivity.objects.create(title="Oefening", package=package)
    module = ModulePageFactory()
    body = lesson_body(1)
    body[0]["value"]["content"].append(
        {"type": "h5p", "id": str(uuid.uuid4()), "value": activity.pk}
    )
    lesson = LessonPageFactory(parent=module, body=body)
    learner = UserFactory()
    enrolment_create(user=learner, course=module.get_parent().specific)
    token = content_token(user=learner, activity=activity, lesson=lesson)
    content = Client(HTTP_HOST="h5p.localhost")
    served = content.get(f"/h5p/c/{token}/files/H5P.Hello-1.0/hello.js")
    assert served.status_code == 200
    stored = private_storage.open(f"{package.folder}/H5P.Hello-1.0/hello.js").read()
    assert b"".join(served.streaming_content) == stored
    missing = content.get(f"/h5p/c/{token}/files/H5P.Hello-1.0/nothing.js")
    assert missing.status_code == 404


def test_a_data_download_is_built_into_the_bucket_and_downloaded_from_it(
    bucket, client, django_capture_on_commit_callbacks
):
    person = VerifiedUserFactory()
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:export"))
    export = person.data_exports.get()
    assert f"private/{export.file.name}" in bucket("private/")
    download = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_a_document_lives_in_the_bucket_and_is_served_by_the_document_view(bucket):
    editor = UserFactory(is_superuser=True, is_staff=True)
    document = stored_document(
        title="Handleiding itsme", content=b"%PDF-1.4 handleiding", name="h.pdf"
    )
    assert f"private/{document.file.name}" in bucket("private/")
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)  # a document no page uses is for editors only
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 handleiding"
