import pytest

from home.models import HomePage
from home.services import home_page_ensure


def front_door_body(**courses_block) -> list[tuple]:
    """Raw blocks of a home page with every front-page block, as an editor places
    them; `courses_block` overrides the courses block's value (e.g. `courses=[…]`)."""
    return [
        ("next_step", {"heading": "Verder leren"}),
        (
            "section",
            {"heading": "Waarvoor dient dit platform?", "text": "<p>Leren helpen.</p>"},
        ),
        ("courses", {"heading": "Onze opleidingen", "courses": [], **courses_block}),
        ("sessions", {"heading": "Sessies die eraan komen", "count": 2}),
        (
            "how_to_start",
            {
                "heading": "Hoe start je gemeente?",
                "intro": "In drie stappen.",
                "steps": [
                    {"title": "Neem contact op", "text": "Mail ons."},
                    {"title": "Duid een coördinator aan", "text": "Die nodigt uit."},
                    {"title": "Kies de opleidingen", "text": "Verplicht of niet."},
                ],
                "contact": '<p><a href="mailto:start@example.be">start@example.be</a></p>',
            },
        ),
    ]


@pytest.fixture
def front_door(db) -> HomePage:
    """The site's home page carrying every front-page block."""
    home = home_page_ensure()
    home.body = front_door_body()
    home.save()
    return home
