"""Reading imsmanifest.xml: SCORM 1.2 and 2004 (single and multi-SCO) into the
normalised form `ScormPackage.manifest` documents, and every manifest refused with a
reason that names what it is about."""

import pytest
from django.utils import translation

from scorm.manifest import ManifestError, inspect_manifest, read_manifest
from tests.factories.scorm import scorm12_package, scorm2004_package


@pytest.fixture(autouse=True)
def _english():
    """The reasons are read in English (the Dutch catalogue is the default)."""
    with translation.override("en"):
        yield


CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"


def manifest(
    body: str,
    *,
    schema: str | None = "1.2",
    cp: str = CP_12,
    adlcp: str = ADLCP_12,
    attributes: str = "",
) -> bytes:
    """A manifest with `body` (organizations and resources) in the given namespaces."""
    metadata = (
        f"<metadata><schema>ADL SCORM</schema><schemaversion>{schema}"
        "</schemaversion></metadata>"
        if schema is not None
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<manifest identifier="pkg" xmlns="{cp}" xmlns:adlcp="{adlcp}" '
        'xmlns:imsss="http://www.imsglobal.org/xsd/imsss" '
        f"{attributes}>{metadata}{body}</manifest>"
    ).encode()


def sco(identifier: str, href: str, kind: str = "sco", extra: str = "") -> str:
    return (
        f'<resource identifier="{identifier}" type="webcontent" '
        f'adlcp:scormtype="{kind}" href="{href}" {extra}><file href="{href}"/>'
        "</resource>"
    )


def problems(data: bytes) -> list[str]:
    return inspect_manifest(data).problems


def test_a_real_scorm12_single_sco_manifest_is_normalised():
    sample = scorm12_package()
    assert read_manifest(sample.manifest_xml().encode()) == {
        "identifier": "be.digitaalmeedoen.test12",
        "title": "Veilig online (SCORM 1.2)",
        "version": "1.2",
        "scos": [
            {
                "identifier": "item-veilig",
                "title": "Veilig online",
                "href": "veilig/index.html",
                "parameters": "",
                "mastery_score": 50.0,
                "launch_data": "mode=test",
                "asset": False,
            }
        ],
    }


def test_a_scorm2004_multi_sco_manifest_keeps_the_order_and_passing_scores():
    data = read_manifest(scorm2004_package().manifest_xml().encode())
    assert data["version"] == "2004"
    assert [s["identifier"] for s in data["scos"]] == [
        "item-een",
        "item-twee",
        "item-drie",
    ]
    assert [s["href"] for s in data["scos"]] == [
        "een/index.html",
        "twee/index.html",
        "drie/index.html",
    ]
    # 2004: the primary objective's minNormalizedMeasure, satisfied by measure.
    assert [s["mastery_score"] for s in data["scos"]] == [None, 0.5, None]
    # The shared asset resource no item points at is not a SCO.
    assert all(not s["asset"] for s in data["scos"])


def test_nested_items_are_flattened_in_document_order_and_the_default_org_is_used():
    body = (
        '<organizations default="second">'
        '<organization identifier="first"><title>Not me</title>'
        '<item identifier="x" identifierref="r1"><title>X</title></item>'
        "</organization>"
        '<organization identifier="second"><title>Cursus</title>'
        '<item identifier="h1"><title>Hoofdstuk 1</title>'
        '<item identifier="a" identifierref="r1"><title>A</title></item>'
        '<item identifier="h1b"><title>Deel</title>'
        '<item identifier="b" identifierref="r2" parameters="?page=2">'
        "<title>B</title></item></item></item>"
        '<item identifier="c" identifierref="r3"><title>C</title>'
        "<adlcp:datafromlms>start=1</adlcp:datafromlms>"
        "<adlcp:masteryscore>80</adlcp:masteryscore></item>"
        "</organization></organizations>"
        "<resources>"
        f"{sco('r1', 'a.html')}{sco('r2', 'b.html')}{sco('r3', 'c.html')}"
        "</resources>"
    )
    data = read_manifest(manifest(body))
    assert data["title"] == "Cursus"
    assert [(s["identifier"], s["title"]) for s in data["scos"]] == [
        ("a", "A"),
        ("b", "B"),
        ("c", "C"),
    ]
    assert data["scos"][1]["parameters"] == "?page=2"
    assert data["scos"][2]["launch_data"] == "start=1"
    assert data["scos"][2]["mastery_score"] == 80.0


def test_an_item_on_an_asset_is_launched_and_marked_as_asset():
    body = (
        '<organizations default="o"><organization identifier="o"><title>T</title>'
        '<item identifier="i1" identifierref="r1"><title>Les</title></item>'
        '<item identifier="i2" identifierref="r2"><title>Handleiding</title></item>'
        "</organization></organizations><resources>"
        f"{sco('r1', 'les.html')}{sco('r2', 'handleiding.pdf', kind='asset')}"
        "</resources>"
    )
    scos = read_manifest(manifest(body))["scos"]
    assert [(s["href"], s["asset"]) for s in scos] == [
        ("les.html", False),
        ("handleiding.pdf", True),
    ]


def test_xml_base_is_put_before_the_href_and_the_files():
    body = (
        '<organizations default="o"><organization identifier="o"><title>T</title>'
        '<item identifier="i" identifierref="r"><title>Les</title></item>'
        "</organization></organizations>"
        '<resources xml:base="content">'
        '<resource identifier="r" type="webcontent" adlcp:scormtype="sco" '
        'xml:base="sco1/" href="start%20hier.html?taal=nl">'
        '<file href="start%20hier.html"/><file href="../gedeeld/app.js"/>'
        '<file href="foto 1.png"/>'
        "</resource></resources>"
    )
    reading = inspect_manifest(manifest(body, attributes='xml:base="course/"'))
    assert reading.problems == []
    assert reading.manifest["scos"][0]["href"] == (
        "course/content/sco1/start%20hier.html?taal=nl"
    )
    assert set(reading.files) == {
        "course/content/sco1/start hier.html",
        "course/content/gedeeld/app.js",
        "course/content/sco1/foto 1.png",
    }


@pytest.mark.parametrize(
    "schema, version",
    [
        ("1.2", "1.2"),
        ("CAM 1.3", "2004"),
        ("2004 3rd Edition", "2004"),
        ("2004  4th edition", "2004"),
    ],
)
def test_the_schema_versions_of_scorm_12_and_2004_are_recognised(schema, version):
    body = (
        '<organizations default="o"><organization identifier="o"><title>T</title>'
        '<item identifier="i" identifierref="r"><title>Les</title></item>'
        f"</organization></organizations><resources>{sco('r', 'a.html')}</resources>"
    )
    assert read_manifest(manifest(body, schema=schema))["version"] == version


@pytest.mark.parametrize(
    "cp, adlcp, version",
    [(CP_12, ADLCP_12, "1.2"), (CP_2004, ADLCP_2004, "2004")],
)
def test_without_schemaversion_the_namespace_says_the_version(cp, adlcp, version):
    body = (
        '<organizations default="o"><organization identifier="o"><title>T</title>'
        '<item identifier="i" identifierref="r"><title>Les</title></item>'
        f"</organization></organizations><resources>{sco('r', 'a.html')}</resources>"
    )
    data = read_manifest(manifest(body, schema=None, cp=cp, adlcp=adlcp))
    assert data["version"] == version


def test_a_manifest_without_namespaces_is_read_by_local_names():
    data = (
        b'<manifest identifier="p"><metadata><schemaversion>1.2</schemaversion>'
        b'</metadata><organizations default="o"><organization identifier="o">'
        b'<title>T</title><item identifier="i" identifierref="r"><title>L</title>'
        b'</item></organization></organizations><resources><resource identifier="r"'
        b' type="webcontent" scormtype="sco" href="a.html"/></resources></manifest>'
    )
    assert read_manifest(data)["scos"][0]["href"] == "a.html"


BODY = (
    '<organizations default="o"><organization identifier="o"><title>T</title>'
    '<item identifier="i" identifierref="r"><title>Les</title></item>'
    "</organization></organizations><resources>{resources}</resources>"
)


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"<manifest><unclosed></manifest>", "line 1"),
        (b"<quiz/>", "<manifest>"),
        (manifest(BODY.format(resources=sco("r", "a.html")), schema="1.1"), "1.1"),
        (
            manifest(
                BODY.format(resources=sco("r", "a.html")),
                schema=None,
                cp="urn:other",
                adlcp="urn:other-adl",
            ),
            "version",
        ),
        (manifest("<resources/>"), "organization"),
        (
            manifest(
                '<organizations><organization identifier="o"><title>T</title>'
                "</organization></organizations><resources/>"
            ),
            "no item",
        ),
        (manifest(BODY.format(resources=sco("other", "a.html"))), "“r”"),
        (
            manifest(BODY.format(resources=sco("r", "https://example.org/x.html"))),
            "https://example.org/x.html",
        ),
        (manifest(BODY.format(resources=sco("r", "/etc/x.html"))), "/etc/x.html"),
        (manifest(BODY.format(resources=sco("r", "../x.html"))), "../x.html"),
        (
            manifest(
                BODY.format(
                    resources='<resource identifier="r" type="webcontent" '
                    'adlcp:scormtype="sco"/>'
                )
            ),
            "no href",
        ),
        (
            manifest(
                BODY.replace(
                    "<title>Les</title></item>",
                    "<title>Les</title><adlcp:masteryscore>120"
                    "</adlcp:masteryscore></item>",
                ).format(resources=sco("r", "a.html"))
            ),
            "120",
        ),
        (
            manifest(
                BODY.replace(
                    "</organization>",
                    '<item identifier="i" identifierref="r"><title>Weer</title>'
                    "</item></organization>",
                ).format(resources=sco("r", "a.html"))
            ),
            "Weer",
        ),
    ],
    ids=[
        "broken-xml",
        "not-a-manifest",
        "unknown-version",
        "no-version",
        "no-organization",
        "no-item",
        "missing-resource",
        "absolute-url",
        "absolute-path",
        "outside-the-package",
        "sco-without-href",
        "mastery-out-of-range",
        "identifier-twice",
    ],
)
def test_unusable_manifests_are_refused_with_a_reason(data, expected):
    found = problems(data)
    assert len(found) == 1
    assert expected in found[0]
    with pytest.raises(ManifestError):
        read_manifest(data)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<manifest identifier="p"><metadata><schemaversion>1.2</schemaversion></metadata>
<organizations><organization identifier="o"><title>&secret;</title>
</organization></organizations></manifest>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<manifest identifier="p"><metadata><schemaversion>&c;</schemaversion></metadata>
</manifest>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_are_refused(data):
    found = problems(data)
    assert len(found) == 1 and "entities" in found[0]


def test_a_launched_page_is_percent_encoded_once():
    body = (
        '<organizations default="o"><organization identifier="o"><title>T</title>'
        '<item identifier="i" identifierref="r"><title>Les</title></item>'
        "</organization></organizations><resources>"
        f"{sco('r', 'les één.html')}</resources>"
    )
    reading = inspect_manifest(manifest(body))
    assert reading.manifest["scos"][0]["href"] == "les%20%C3%A9%C3%A9n.html"
    assert set(reading.files) == {"les één.html"}
