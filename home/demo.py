"""Demo content of the home app: the home page and its blocks, the standard pages
("Over dit platform"…) and the privacy statement. Every step is get-or-create; a page
an editor changed keeps their text."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from home.models import HomePage, PrivacyPage, StandardPage
from home.services import home_page_ensure
from languages.demo import copy_with_texts, translated_once

STANDARD_PAGES = [
    (
        "Over dit platform",
        "over",
        "Waarom dit platform bestaat en voor wie het is.",
        [
            (
                "text",
                "<p>Steeds meer zaken regel je online: een attest downloaden, je "
                "pensioen bekijken, je belastingaangifte nalezen. Niet iedereen lukt "
                "dat alleen. Veel mensen gaan dan naar het gemeentehuis, het OCMW of "
                "de bib. Digitaal Meedoen leert de mensen daar hoe ze goed helpen.</p>"
                "<p>Het platform is er voor Vlaamse gemeenten, OCMW's en hun partners. "
                "Je gemeente kiest welke opleidingen haar medewerkers volgen. Je leert "
                "op je eigen tempo, een beetje per keer, en je gaat verder waar je "
                "gestopt bent.</p>",
            ),
            (
                "text",
                "<h3>Connectoo: voor baliemedewerkers</h3>"
                "<p>Connectoo is de basisopleiding voor wie aan de balie werkt. Je "
                "leert hoe de belangrijkste toepassingen werken: CSAM, itsme, "
                "MyPension, MyMinfin en MijnGezondheid. Je leert ook wat je wel en "
                "niet mag doen voor een burger, en hoe je de privacy van die burger "
                "beschermt.</p>",
            ),
            (
                "text",
                "<h3>Connectoo+: een stap verder</h3>"
                "<p>Connectoo+ is de vervolgopleiding. Het gaat minder over techniek "
                "en meer over hoe je helpt: je houding, je woorden, je empathie. Je "
                "leert mensen sterker maken in plaats van alles over te nemen. En je "
                "leert wanneer je beter doorverwijst.</p>",
            ),
            (
                "callout",
                {
                    "kind": "info",
                    "text": "<p>Je gemeente beslist of Connectoo+ <b>verplicht</b> "
                    "of <b>vrijwillig</b> is. De coördinator zet dat zo op het "
                    "platform. Jij ziet het in <i>Mijn leertraject</i>: verplichte "
                    "opleidingen staan bovenaan, met de datum waarop ze klaar moeten "
                    "zijn.</p>",
                },
            ),
            (
                "text",
                "<h3>Digihelper worden</h3>"
                "<p>Digihelpers zijn vrijwilligers of medewerkers die mensen helpen in "
                "de bib, in een buurthuis of in een digipunt. In de opleiding "
                "<i>Digihelper worden</i> leer je wat je rol is, waar je grenzen "
                "liggen en hoe je veilig helpt bij aanmelden en bij My eBox.</p>"
                "<p>Er zijn ook opleidingsdagen met een trainer. Zo'n dag gaat door "
                "vanaf 12 deelnemers. Een coördinator kan er een aanvragen voor de "
                "eigen gemeente.</p>",
            ),
            (
                "text",
                "<h3>Train-de-trainer</h3>"
                "<p>Wil je gemeente zelf digihelpers opleiden? Dan volgt een "
                "medewerker de opleiding <i>Train-de-trainer</i>. Je leert er hoe je "
                "een opleidingsdag voorbereidt met de trainerskit: het draaiboek, de "
                "presentatie en de hand-outs. De opleiding eindigt met een oefensessie "
                "samen met andere trainers. Pas daarna is ze afgerond.</p>",
            ),
            (
                "text",
                "<h3>Wat doet een coördinator?</h3>"
                "<p>Elke gemeente duidt een of meer coördinatoren aan. Een coördinator "
                "nodigt medewerkers uit, verdeelt ze in teams (bijvoorbeeld onthaal of "
                "burgerzaken) en kiest wie welke opleiding volgt. Niemand wordt lid "
                "zonder zelf ja te zeggen. In je profiel zie je welke coördinatoren "
                "je voortgang zien.</p>",
            ),
            (
                "steps",
                {
                    "title": "Zo wijst een coördinator opleidingen toe",
                    "steps": [
                        "Ga naar Mijn organisatie en kies Opdrachten.",
                        "Kies een opleiding, of één module ervan.",
                        "Kies voor wie: de hele organisatie of één team.",
                        "Kies verplicht, met een datum waarop het klaar moet zijn, "
                        "of aanbevolen.",
                        "Bewaar. Iedereen voor wie de opdracht geldt, is meteen "
                        "ingeschreven. Wie later bijkomt, ook.",
                    ],
                },
            ),
            (
                "text",
                "<h3>De voortgang opvolgen</h3>"
                "<p>Onder <i>Mijn organisatie</i> en dan <i>Voortgang</i> ziet de "
                "coördinator per medewerker hoe ver die is: wie klaar is en wie "
                "achterloopt. Die lijst kan je ook downloaden. Het platform stuurt "
                "zelf herinneringen: aan wie na een week nog niet begonnen is, en "
                "vlak voor en na de einddatum.</p>",
            ),
            (
                "text",
                "<h3>Meedoen met je gemeente?</h3>"
                '<p>Mail naar <a href="mailto:start@digitaalmeedoen.be">'
                "start@digitaalmeedoen.be</a>. We helpen je graag op weg.</p>",
            ),
        ],
    ),
    (
        "Toegankelijkheid",
        "toegankelijkheid",
        "Hoe we dit platform voor iedereen bruikbaar maken.",
        [
            (
                "text",
                "<p>Dit platform volgt de richtlijnen WCAG 2.1 op niveau AA. Je kan "
                "alles met het toetsenbord bedienen, de tekst vergroten tot 200% en "
                "een schermlezer gebruiken. Loopt er toch iets mis? Laat het ons "
                "weten, dan zoeken we samen een oplossing.</p>",
            )
        ],
    ),
]

#: What the demo once wrote on a page, by slug: a page still showing exactly that gets
#: today's text on the next load; a page an editor changed keeps theirs.
SUPERSEDED_BODIES = {
    "over": [
        (
            "text",
            "<p>Digitaal Meedoen helpt baliemedewerkers, digihelpers en trainers om "
            "burgers wegwijs te maken in de digitale overheid. Je volgt de opleidingen "
            "op je eigen tempo, een beetje per keer, en je gaat verder waar je gestopt "
            "bent.</p>",
        )
    ],
}


def child_page(parent: Page, model: type[Page], slug: str, **fields: Any) -> Page:
    """The child of `parent` with `slug`, made with `fields` when missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    return parent.add_child(instance=model(slug=slug, **fields))


def _privacy_page(home: HomePage) -> PrivacyPage:
    """The privacy statement; a demo made before it existed had a plain page there."""
    StandardPage.objects.child_of(home).filter(slug="privacy").delete()
    return child_page(
        home,
        PrivacyPage,
        "privacy",
        title="Privacy",
        intro="Welke gegevens we bewaren, waarom, wie ze ziet en hoe lang.",
        body=[
            (
                "text",
                "<p>Digitaal Meedoen bewaart alleen wat nodig is om je te laten leren "
                "en om je organisatie je voortgang te tonen als jij dat wil. Vragen "
                "over je gegevens? Mail naar privacy@digitaalmeedoen.be. Je kan ook "
                "een klacht indienen bij de Gegevensbeschermingsautoriteit.</p>",
            )
        ],
    )


def _standard_page(
    home: HomePage, title: str, slug: str, intro: str, body: list[tuple[str, Any]]
) -> StandardPage:
    """A text page under the home page. One still showing what the demo once wrote
    there (`SUPERSEDED_BODIES`) gets today's body as a new published revision, unless
    an editor has a draft waiting; any other existing page stays as it is."""
    page = child_page(home, StandardPage, slug, title=title, intro=intro, body=body)
    superseded = SUPERSEDED_BODIES.get(slug)
    current = [(block["type"], block["value"]) for block in page.body.raw_data]
    if current == superseded and not page.has_unpublished_changes:
        page.body = body
        page.save_revision().publish()
    return page


def load_demo_home() -> HomePage:
    """The home page, with the demo's introduction."""
    home = home_page_ensure()
    home.intro = (
        "<p>Leer burgers helpen met de digitale overheid: CSAM, itsme, MyPension, "
        "MyMinfin, MijnGezondheid en My eBox. Op je eigen tempo, een beetje per keer.</p>"
    )
    home.save()
    return home


def _home_body(home: HomePage, *, about: StandardPage) -> None:
    """The front door's blocks, on a home page without any (a new demo, or one made
    before the blocks existed), so an editor's home page is never overwritten."""
    if home.body:
        return
    home.body = [
        ("next_step", {"heading": "Verder leren"}),
        (
            "section",
            {
                "heading": "Waarvoor dient dit platform?",
                "text": _purpose("nl", about),
            },
        ),
        ("courses", {"heading": "Onze opleidingen", "courses": []}),
        ("sessions", {"heading": "Sessies die eraan komen", "count": 3}),
        (
            "how_to_start",
            {
                "heading": "Hoe start je gemeente?",
                "intro": "Je gemeente kan in een paar stappen meedoen.",
                "steps": [
                    {
                        "title": "Neem contact op",
                        "text": "Mail ons. We bespreken samen welke opleidingen bij "
                        "je gemeente passen.",
                    },
                    {
                        "title": "Duid een coördinator aan",
                        "text": "De coördinator is het aanspreekpunt, vaak iemand van "
                        "de personeelsdienst of van burgerzaken. Die krijgt een "
                        "account met de rol coördinator.",
                    },
                    {
                        "title": "Nodig je medewerkers uit",
                        "text": "De coördinator nodigt medewerkers uit met hun "
                        "e-mailadres, of met een lijst in één keer. Niemand wordt lid "
                        "zonder zelf ja te zeggen.",
                    },
                    {
                        "title": "Kies de opleidingen",
                        "text": "De coördinator kiest wie welke opleiding of module "
                        "volgt: verplicht met een einddatum, of aanbevolen. "
                        "Connectoo+ kan verplicht of vrijwillig zijn: je gemeente "
                        "beslist.",
                    },
                    {
                        "title": "Volg de voortgang op",
                        "text": "De coördinator ziet wie begonnen is, wie klaar is en "
                        "wie achterloopt. Het platform stuurt zelf herinneringen.",
                    },
                ],
                "contact": "<p><b>Vragen?</b> Mail naar "
                '<a href="mailto:start@digitaalmeedoen.be">start@digitaalmeedoen.be'
                "</a>. We helpen je graag op weg.</p>",
            },
        ),
    ]
    home.save_revision().publish()


def _purpose(language: str, about: Page) -> str:
    """The home page's "what is this platform for", linking to "Over dit platform"."""
    link = f'<a linktype="page" id="{about.pk}">'
    if language == "fr":
        return (
            "<p>De plus en plus de gens viennent au guichet avec des questions sur "
            "les services publics en ligne : se connecter avec itsme, une lettre dans "
            "My eBox, leur pension ou leurs impôts. Ici, vous apprenez à les aider, "
            "sans tout faire à leur place.</p>"
            "<p>La plateforme est là pour les agents d'accueil des communes et des "
            "CPAS, pour les aidants numériques et pour les formateurs. "
            f"{link}En savoir plus sur cette plateforme</a> (en néerlandais).</p>"
        )
    return (
        "<p>Steeds meer mensen komen aan de balie met vragen over de "
        "digitale overheid: aanmelden met itsme, een brief in My eBox, hun "
        "pensioen of hun belastingen. Hier leer je hoe je hen helpt, zonder "
        "alles van hen over te nemen.</p>"
        "<p>Het platform is er voor baliemedewerkers van gemeenten en OCMW's, "
        f"voor digihelpers en voor trainers. {link}Lees meer over dit platform</a>."
        "</p>"
    )


def load_demo_pages(home: HomePage) -> None:
    """The standard pages and the privacy page under `home`, and the home page's
    blocks (which link to "Over dit platform")."""
    pages = {
        slug: _standard_page(home, title, slug, intro, body)
        for title, slug, intro, body in STANDARD_PAGES
    }
    _privacy_page(home)
    _home_body(home, about=pages["over"])


#: The site's pages in French, as a French-speaking colleague wrote them: each Dutch
#: text of the home page's blocks and of the pages below → its French version.
FRENCH_TEXTS = {
    "Verder leren": "Continuer à apprendre",
    "Waarvoor dient dit platform?": "À quoi sert cette plateforme ?",
    "Onze opleidingen": "Nos formations",
    "Sessies die eraan komen": "Les prochaines sessions",
    "Hoe start je gemeente?": "Comment votre commune peut-elle commencer ?",
    "Je gemeente kan in een paar stappen meedoen.": (
        "Votre commune peut participer en quelques étapes."
    ),
    "Neem contact op": "Prenez contact avec nous",
    "Mail ons. We bespreken samen welke opleidingen bij je gemeente passen.": (
        "Envoyez-nous un e-mail. Ensemble, nous voyons quelles formations "
        "conviennent à votre commune."
    ),
    "Duid een coördinator aan": "Désignez un coordinateur",
    "De coördinator is het aanspreekpunt, vaak iemand van de personeelsdienst of van "
    "burgerzaken. Die krijgt een account met de rol coördinator.": (
        "Le coordinateur est la personne de contact, souvent quelqu'un du service du "
        "personnel ou du service Population. Il reçoit un compte avec le rôle de "
        "coordinateur."
    ),
    "Nodig je medewerkers uit": "Invitez vos collaborateurs",
    "De coördinator nodigt medewerkers uit met hun e-mailadres, of met een lijst in "
    "één keer. Niemand wordt lid zonder zelf ja te zeggen.": (
        "Le coordinateur invite les collaborateurs avec leur adresse e-mail, ou avec "
        "une liste en une fois. Personne ne devient membre sans dire oui lui-même."
    ),
    "Kies de opleidingen": "Choisissez les formations",
    "De coördinator kiest wie welke opleiding of module volgt: verplicht met een "
    "einddatum, of aanbevolen. Connectoo+ kan verplicht of vrijwillig zijn: je "
    "gemeente beslist.": (
        "Le coordinateur choisit qui suit quelle formation ou quel module : "
        "obligatoire avec une date limite, ou recommandé. Connectoo+ peut être "
        "obligatoire ou libre : votre commune décide."
    ),
    "Volg de voortgang op": "Suivez la progression",
    "De coördinator ziet wie begonnen is, wie klaar is en wie achterloopt. Het "
    "platform stuurt zelf herinneringen.": (
        "Le coordinateur voit qui a commencé, qui a terminé et qui est en retard. La "
        "plateforme envoie elle-même des rappels."
    ),
    "<p><b>Vragen?</b> Mail naar "
    '<a href="mailto:start@digitaalmeedoen.be">start@digitaalmeedoen.be'
    "</a>. We helpen je graag op weg.</p>": (
        "<p><b>Des questions ?</b> Écrivez à "
        '<a href="mailto:start@digitaalmeedoen.be">start@digitaalmeedoen.be'
        "</a>. Nous vous aidons volontiers à démarrer.</p>"
    ),
    "<p>Digitaal Meedoen bewaart alleen wat nodig is om je te laten leren en om je "
    "organisatie je voortgang te tonen als jij dat wil. Vragen over je gegevens? Mail "
    "naar privacy@digitaalmeedoen.be. Je kan ook een klacht indienen bij de "
    "Gegevensbeschermingsautoriteit.</p>": (
        "<p>Digitaal Meedoen garde seulement ce qui est nécessaire pour vous faire "
        "apprendre et pour montrer votre progression à votre organisation, si vous le "
        "voulez. Des questions sur vos données ? Écrivez à privacy@digitaalmeedoen.be. "
        "Vous pouvez aussi porter plainte auprès de l'Autorité de protection des "
        "données.</p>"
    ),
    "<p>Dit platform volgt de richtlijnen WCAG 2.1 op niveau AA. Je kan alles met het "
    "toetsenbord bedienen, de tekst vergroten tot 200% en een schermlezer gebruiken. "
    "Loopt er toch iets mis? Laat het ons weten, dan zoeken we samen een "
    "oplossing.</p>": (
        "<p>Cette plateforme suit les règles WCAG 2.1 au niveau AA. Vous pouvez tout "
        "utiliser avec le clavier, agrandir le texte jusqu'à 200 % et utiliser un "
        "lecteur d'écran. Quelque chose ne fonctionne pas ? Dites-le-nous, nous "
        "chercherons une solution ensemble.</p>"
    ),
}

#: Title and introduction of each page translated in the demo, by slug ("" for home).
FRENCH_PAGES = {
    "": {
        "title": "Digitaal Meedoen",
        "intro": "<p>Apprenez à aider les citoyens avec les services publics en "
        "ligne : CSAM, itsme, MyPension, MyMinfin, Ma Santé et My eBox. À votre "
        "rythme, un peu à la fois.</p>",
    },
    "privacy": {
        "title": "Vie privée",
        "intro": "Quelles données nous gardons, pourquoi, qui les voit et combien de "
        "temps.",
    },
    "toegankelijkheid": {
        "title": "Accessibilité",
        "intro": "Comment nous rendons cette plateforme utilisable par tout le monde.",
    },
}


def translate_demo_site(home: HomePage) -> None:
    """The home page, the privacy statement and the accessibility page in French
    ("Over dit platform" stays Dutch: it shows the "not translated yet" notice)."""
    about = StandardPage.objects.child_of(home).get(slug="over")
    texts = FRENCH_TEXTS | {_purpose("nl", about): _purpose("fr", about)}
    translated_once(home, "fr", copy_with_texts(home, texts, **FRENCH_PAGES[""]))
    for page in Page.objects.child_of(home).filter(slug__in=FRENCH_PAGES).specific():
        translated_once(
            page, "fr", copy_with_texts(page, texts, **FRENCH_PAGES[page.slug])
        )
