"""The accessibility check itself: it must report a violation when there is one."""

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def test_axe_reports_an_image_without_alt_and_an_unlabelled_field(blank_page):
    page = blank_page
    page.set_content(
        '<html lang="nl"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )
    found = "\n".join(axe_violations(page))
    assert "image-alt" in found
    assert "label" in found
