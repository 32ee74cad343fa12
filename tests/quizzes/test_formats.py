"""Moodle XML and GIFT quiz files to and from the neutral question representation.

Pure functions: no database is needed (only Django's translation).
"""

import base64
from decimal import Decimal

import pytest
from django.utils import translation

from quizzes.formats import (
    AnswerData,
    ParseResult,
    QuestionData,
    QuestionFormatError,
    Unsupported,
    export_moodle_xml,
    parse_gift,
    parse_moodle_xml,
)


@pytest.fixture(autouse=True)
def _isolated():
    """Replace the suite-wide fixture: it needs a database, these tests don't.
    Messages are read in English (tests/quizzes/test_import_files.py reads them in
    Dutch)."""
    with translation.override("en"):
        yield


def quiz(*questions: str) -> str:
    """A Moodle XML file; the first question element starts on line 3."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
        + "\n".join(questions)
        + "\n</quiz>\n"
    )


def only_question(data: str) -> QuestionData:
    result = parse_moodle_xml(data)
    assert result.unsupported == []
    [question] = result.questions
    return question


def only_gift(text: str) -> QuestionData:
    result = parse_gift(text)
    assert result.unsupported == []
    [question] = result.questions
    return question


def moodle_error(data: str) -> QuestionFormatError:
    with pytest.raises(QuestionFormatError) as caught:
        parse_moodle_xml(data)
    return caught.value


def gift_error(text: str) -> QuestionFormatError:
    with pytest.raises(QuestionFormatError) as caught:
        parse_gift(text)
    return caught.value


# --- Moodle XML: one test per type ------------------------------------------


def test_moodle_single_choice():
    question = only_question(
        quiz(
            """<question type="multichoice">
  <name><text>CSAM 1</text></name>
  <questiontext format="html"><text><![CDATA[<p>Wat is <b>CSAM</b>?</p>]]></text></questiontext>
  <generalfeedback format="html"><text><![CDATA[<p>CSAM is de sleutel.</p>]]></text></generalfeedback>
  <defaultgrade>2.0000000</defaultgrade>
  <single>true</single>
  <shuffleanswers>0</shuffleanswers>
  <answer fraction="100" format="html">
    <text><![CDATA[<p>De inlogdienst van de overheid</p>]]></text>
    <feedback format="html"><text><![CDATA[<p>Juist!</p>]]></text></feedback>
  </answer>
  <answer fraction="0" format="html"><text>Een bank</text></answer>
  <answer fraction="-50" format="html"><text>Een virus</text></answer>
</question>"""
        )
    )
    assert question == QuestionData(
        type="single",
        name="CSAM 1",
        stem="<p>Wat is <b>CSAM</b>?</p>",
        general_feedback="<p>CSAM is de sleutel.</p>",
        default_mark=Decimal(2),
        shuffle_answers=False,
        answers=[
            AnswerData(
                "<p>De inlogdienst van de overheid</p>",
                Decimal(100),
                feedback="<p>Juist!</p>",
            ),
            AnswerData("Een bank", Decimal(0)),
            AnswerData("Een virus", Decimal(-50)),
        ],
    )


def test_moodle_multiple_response():
    question = only_question(
        quiz(
            """<question type="multichoice">
  <name><text>Veilig</text></name>
  <questiontext format="html"><text>Wat is veilig?</text></questiontext>
  <single>false</single>
  <answer fraction="33.33333"><text>itsme</text></answer>
  <answer fraction="33.33333"><text>CSAM</text></answer>
  <answer fraction="33.33333"><text>eID</text></answer>
  <answer fraction="-100"><text>Wachtwoord delen</text></answer>
</question>"""
        )
    )
    assert question.type == "multiple"
    assert [(a.text, a.fraction) for a in question.answers] == [
        ("itsme", Decimal("33.33333")),
        ("CSAM", Decimal("33.33333")),
        ("eID", Decimal("33.33333")),
        ("Wachtwoord delen", Decimal(-100)),
    ]
    assert question.shuffle_answers is True
    assert question.default_mark == 1


def test_moodle_truefalse():
    question = only_question(
        quiz(
            """<question type="truefalse">
  <name><text>Stelling</text></name>
  <questiontext format="html"><text>Je deelt je pincode nooit.</text></questiontext>
  <answer fraction="100" format="moodle_auto_format">
    <text>true</text>
    <feedback format="html"><text>Inderdaad.</text></feedback>
  </answer>
  <answer fraction="0" format="moodle_auto_format">
    <text>false</text>
    <feedback format="html"><text>Toch wel.</text></feedback>
  </answer>
</question>"""
        )
    )
    assert question.type == "truefalse"
    assert question.answers == [
        AnswerData("true", Decimal(100), feedback="Inderdaad."),
        AnswerData("false", Decimal(0), feedback="Toch wel."),
    ]


def test_moodle_shortanswer_reads_case_and_accent_flags():
    question = only_question(
        quiz(
            """<question type="shortanswer">
  <name><text>Hoofdstad</text></name>
  <questiontext format="html"><text>Hoofdstad van België?</text></questiontext>
  <usecase>1</usecase>
  <ignoreaccents>1</ignoreaccents>
  <answer fraction="100" format="moodle_auto_format"><text>Brussel</text></answer>
  <answer fraction="50" format="moodle_auto_format">
    <text>Bruxelles</text>
    <feedback format="html"><text>Dat is het Frans.</text></feedback>
  </answer>
</question>"""
        )
    )
    assert question.type == "shortanswer"
    assert question.case_sensitive is True
    assert question.ignore_accents is True
    assert question.answers == [
        AnswerData("Brussel", Decimal(100)),
        AnswerData("Bruxelles", Decimal(50), feedback="Dat is het Frans."),
    ]


def test_moodle_shortanswer_flags_default_to_off():
    question = only_question(
        quiz(
            """<question type="shortanswer">
  <name><text>Hoofdstad</text></name>
  <questiontext format="html"><text>Hoofdstad van België?</text></questiontext>
  <usecase>0</usecase>
  <answer fraction="100"><text>Brussel</text></answer>
</question>"""
        )
    )
    assert (question.case_sensitive, question.ignore_accents) == (False, False)


def test_moodle_numerical():
    question = only_question(
        quiz(
            """<question type="numerical">
  <name><text>Pincode</text></name>
  <questiontext format="html"><text>Hoeveel cijfers heeft een pincode?</text></questiontext>
  <answer fraction="100"><text>4</text><tolerance>0</tolerance></answer>
  <answer fraction="50">
    <text>4.5</text><tolerance>0.5</tolerance>
    <feedback format="html"><text>Bijna.</text></feedback>
  </answer>
</question>"""
        )
    )
    assert question.type == "numerical"
    assert question.answers == [
        AnswerData("4", Decimal(100), tolerance=Decimal(0)),
        AnswerData("4.5", Decimal(50), feedback="Bijna.", tolerance=Decimal("0.5")),
    ]


def test_moodle_matching_with_distractor():
    question = only_question(
        quiz(
            """<question type="matching">
  <name><text>Koppel</text></name>
  <questiontext format="html"><text>Koppel de app aan de dienst.</text></questiontext>
  <subquestion format="html">
    <text><![CDATA[<p>itsme</p>]]></text><answer><text>inloggen</text></answer>
  </subquestion>
  <subquestion format="html">
    <text>MyMinfin</text><answer><text>belastingen</text></answer>
  </subquestion>
  <subquestion format="html">
    <text><![CDATA[<p> </p>]]></text><answer><text>muziek</text></answer>
  </subquestion>
</question>"""
        )
    )
    assert question.type == "matching"
    assert question.answers == [
        AnswerData("<p>itsme</p>", match="inloggen"),
        AnswerData("MyMinfin", match="belastingen"),
        AnswerData("", match="muziek"),
    ]


def test_moodle_ordering_keeps_file_order_and_reads_html_items_as_text():
    question = only_question(
        quiz(
            """<question type="ordering">
  <name><text>Volgorde</text></name>
  <questiontext format="html"><text>Zet in de juiste volgorde.</text></questiontext>
  <answer fraction="1.0000000" format="html"><text><![CDATA[<p>App openen</p>]]></text></answer>
  <answer fraction="2.0000000" format="html"><text>Code &amp; pin</text></answer>
  <answer fraction="3.0000000" format="plain_text"><text>Bevestigen</text></answer>
</question>"""
        )
    )
    assert question.type == "ordering"
    assert question.answers == [
        AnswerData("App openen"),
        AnswerData("Code & pin"),
        AnswerData("Bevestigen"),
    ]


def test_moodle_gapselect_renumbers_gaps_and_groups_options():
    question = only_question(
        quiz(
            """<question type="gapselect">
  <name><text>Aanmelden</text></name>
  <questiontext format="html"><text><![CDATA[<p>Met [[2]] meld je aan met je [[5]].</p>]]></text></questiontext>
  <shuffleanswers>1</shuffleanswers>
  <selectoption><text>CSAM</text><group>1</group></selectoption>
  <selectoption><text>itsme</text><group>1</group></selectoption>
  <selectoption><text>fax</text><group>2</group></selectoption>
  <selectoption><text>wachtwoord</text><group>1</group></selectoption>
  <selectoption><text>smartphone</text><group>2</group></selectoption>
</question>"""
        )
    )
    assert question.type == "gaps"
    assert question.gap_mode == "select"
    assert question.stem == "<p>Met [[1]] meld je aan met je [[2]].</p>"
    assert question.answers == [
        AnswerData("CSAM", Decimal(0), gap=1),
        AnswerData("itsme", Decimal(100), gap=1),
        AnswerData("wachtwoord", Decimal(0), gap=1),
        AnswerData("fax", Decimal(0), gap=2),
        AnswerData("smartphone", Decimal(100), gap=2),
    ]


def test_moodle_gapfill_turns_brackets_into_gaps():
    question = only_question(
        quiz(
            """<question type="gapfill">
  <name><text>Typen</text></name>
  <questiontext format="html"><text><![CDATA[<p>Met [itsme] meld je aan met je [gsm|smartphone].</p>]]></text></questiontext>
  <delimitchars>[]</delimitchars>
  <casesensitive>1</casesensitive>
  <ignoreaccents>1</ignoreaccents>
</question>"""
        )
    )
    assert question.type == "gaps"
    assert question.gap_mode == "typed"
    assert question.stem == "<p>Met [[1]] meld je aan met je [[2]].</p>"
    assert (question.case_sensitive, question.ignore_accents) == (True, True)
    assert question.answers == [
        AnswerData("itsme", Decimal(100), gap=1),
        AnswerData("gsm", Decimal(100), gap=2),
        AnswerData("smartphone", Decimal(100), gap=2),
    ]


def test_moodle_gapfill_honours_other_delimiters():
    question = only_question(
        quiz(
            """<question type="gapfill">
  <name><text>Typen</text></name>
  <questiontext format="html"><text>Een [link] naar {CSAM}.</text></questiontext>
  <delimitchars>{}</delimitchars>
</question>"""
        )
    )
    assert question.stem == "Een [link] naar [[1]]."
    assert question.answers == [AnswerData("CSAM", Decimal(100), gap=1)]
    assert question.case_sensitive is False


def test_moodle_plain_text_stem_becomes_html():
    question = only_question(
        quiz(
            """<question type="truefalse">
  <name><text>Tekens</text></name>
  <questiontext format="plain_text"><text>Is 3 &lt; 4?
Denk even na.</text></questiontext>
  <answer fraction="100"><text>true</text></answer>
  <answer fraction="0"><text>false</text></answer>
</question>"""
        )
    )
    assert question.stem == "Is 3 &lt; 4?<br>Denk even na."


def test_moodle_accepts_bytes():
    data = quiz(
        """<question type="truefalse">
  <name><text>Één</text></name>
  <questiontext format="html"><text>Klopt dit?</text></questiontext>
  <answer fraction="0"><text>true</text></answer>
  <answer fraction="100"><text>false</text></answer>
</question>"""
    ).encode()
    assert only_question(data).name == "Één"


# --- Moodle XML: categories and unsupported types ----------------------------


def test_moodle_categories_apply_to_following_questions_without_prefix():
    def truefalse(name: str) -> str:
        return f"""<question type="truefalse">
  <name><text>{name}</text></name>
  <questiontext format="html"><text>Klopt dit?</text></questiontext>
  <answer fraction="100"><text>true</text></answer>
  <answer fraction="0"><text>false</text></answer>
</question>"""

    def category(path: str) -> str:
        return (
            f'<question type="category"><category><text>{path}</text></category>'
            "</question>"
        )

    result = parse_moodle_xml(
        quiz(
            truefalse("zonder"),
            category("$course$/top/connectoo/module-1-csam"),
            truefalse("csam"),
            category("$system$/top/algemeen"),
            truefalse("systeem"),
            category("$course$/extra"),
            truefalse("cursus"),
            category("top/los"),
            truefalse("top"),
            category("$course$/top"),
            truefalse("wortel"),
        )
    )
    assert [(q.name, q.category) for q in result.questions] == [
        ("zonder", ""),
        ("csam", "connectoo/module-1-csam"),
        ("systeem", "algemeen"),
        ("cursus", "extra"),
        ("top", "los"),
        ("wortel", ""),
    ]


def test_moodle_unsupported_types_are_reported_and_the_rest_is_read():
    result = parse_moodle_xml(
        quiz(
            '<question type="category"><category><text>$course$/top/a</text>'
            "</category></question>",
            """<question type="essay">
  <name><text>Vertel</text></name>
  <questiontext format="html"><text>Vertel over je ervaring.</text></questiontext>
</question>""",
            """<question type="truefalse">
  <name><text>Stelling</text></name>
  <questiontext format="html"><text>Klopt dit?</text></questiontext>
  <answer fraction="100"><text>true</text></answer>
  <answer fraction="0"><text>false</text></answer>
</question>""",
            """<question type="multianswer">
  <name><text>Cloze</text></name>
  <questiontext format="html"><text><![CDATA[<question type="x"> {1:SA:=a}]]></text></questiontext>
</question>""",
        )
    )
    assert result.unsupported == [
        Unsupported(position=1, name="Vertel", type="essay", line=4),
        Unsupported(position=3, name="Cloze", type="multianswer", line=14),
    ]
    assert [(q.name, q.category) for q in result.questions] == [("Stelling", "a")]


# --- Moodle XML: malformed input --------------------------------------------


def test_moodle_malformed_xml_reports_the_parser_line():
    error = moodle_error(quiz("<question type='truefalse'>", "<name></question>"))
    assert error.line == 4
    assert str(error) == "line 4: malformed XML (mismatched tag)"


def test_moodle_rejects_a_root_other_than_quiz():
    error = moodle_error("<questions></questions>")
    assert str(error) == "line 1: the file holds <questions>, not <quiz>"


def test_moodle_rejects_document_type_declarations():
    error = moodle_error(
        '<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY lol "lol">]>\n'
        "<quiz>&lol;</quiz>"
    )
    assert str(error) == "document type declarations are not allowed"


BROKEN_QUESTIONS = {
    "single without right answer": (
        """<question type="multichoice">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Welke?</text></questiontext>
  <single>true</single>
  <answer fraction="50"><text>a</text></answer>
  <answer fraction="0"><text>b</text></answer>
</question>""",
        "single choice needs exactly one answer with fraction 100",
    ),
    "truefalse with other answers": (
        """<question type="truefalse">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Klopt dit?</text></questiontext>
  <answer fraction="100"><text>ja</text></answer>
  <answer fraction="0"><text>nee</text></answer>
</question>""",
        "true/false needs exactly the answers 'true' and 'false'",
    ),
    "truefalse with one answer": (
        """<question type="truefalse">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Klopt dit?</text></questiontext>
  <answer fraction="100"><text>true</text></answer>
</question>""",
        "true/false needs exactly the answers 'true' and 'false'",
    ),
    "matching with one pair": (
        """<question type="matching">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Koppel.</text></questiontext>
  <subquestion><text>itsme</text><answer><text>app</text></answer></subquestion>
  <subquestion><text></text><answer><text>fax</text></answer></subquestion>
</question>""",
        "matching needs at least 2 pairs",
    ),
    "ordering with two items": (
        """<question type="ordering">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Orden.</text></questiontext>
  <answer fraction="0"><text>eerst</text></answer>
  <answer fraction="0"><text>dan</text></answer>
</question>""",
        "ordering needs at least 3 items",
    ),
    "numerical answer that is no number": (
        """<question type="numerical">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Hoeveel?</text></questiontext>
  <answer fraction="100"><text>vier</text><tolerance>0</tolerance></answer>
</question>""",
        "'vier' is not a number",
    ),
    "gapselect marker without option": (
        """<question type="gapselect">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Met [[3]] aanmelden.</text></questiontext>
  <selectoption><text>itsme</text><group>1</group></selectoption>
  <selectoption><text>CSAM</text><group>1</group></selectoption>
</question>""",
        "gap [[3]] points at a missing option",
    ),
    "gapselect marker and no options": (
        """<question type="gapselect">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Met [[1]] aanmelden.</text></questiontext>
</question>""",
        "the text has gaps but there are no options",
    ),
    "gapfill with an empty gap": (
        """<question type="gapfill">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Met [ ] aanmelden.</text></questiontext>
</question>""",
        "gap 1 has no options",
    ),
    "gapfill without gaps": (
        """<question type="gapfill">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Gewoon tekst.</text></questiontext>
</question>""",
        "the text has no gaps",
    ),
    "empty stem": (
        """<question type="truefalse">
  <name><text>Kies</text></name>
  <questiontext format="html"><text><![CDATA[<p>&nbsp;</p>]]></text></questiontext>
  <answer fraction="100"><text>true</text></answer>
  <answer fraction="0"><text>false</text></answer>
</question>""",
        "the question text is empty",
    ),
    "fraction out of range": (
        """<question type="multichoice">
  <name><text>Kies</text></name>
  <questiontext format="html"><text>Welke?</text></questiontext>
  <answer fraction="150"><text>a</text></answer>
</question>""",
        "fraction 150 is outside -100..100",
    ),
}


@pytest.mark.parametrize(
    ("broken", "message"), BROKEN_QUESTIONS.values(), ids=BROKEN_QUESTIONS.keys()
)
def test_moodle_question_that_makes_no_sense_is_named_with_line_and_position(
    broken, message
):
    valid = """<question type="truefalse">
  <name><text>Goed</text></name>
  <questiontext format="html"><text>Klopt dit?</text></questiontext>
  <answer fraction="100"><text>true</text></answer>
  <answer fraction="0"><text>false</text></answer>
</question>"""
    category = (
        '<question type="category"><category><text>$course$/top/x</text>'
        "</category></question>"
    )
    error = moodle_error(quiz(valid, category, broken))
    assert (error.line, error.question) == (10, "2 'Kies'")
    assert str(error) == f"line 10: {message} in question 2 'Kies'"


# --- GIFT: one test per construct --------------------------------------------


def test_gift_comments_and_blank_lines_separate_questions():
    result = parse_gift(
        """// Module 1: CSAM
// Nog een commentaarregel

Ben je veilig online? {T}


Deel je je pincode? {F}
"""
    )
    assert [(q.name, q.stem) for q in result.questions] == [
        ("Ben je veilig online?", "Ben je veilig online?"),
        ("Deel je je pincode?", "Deel je je pincode?"),
    ]
    assert result.questions[0].answers[0] == AnswerData("true", Decimal(100))


def test_gift_comment_lines_inside_a_question_are_dropped():
    question = only_gift("Wat is CSAM?\n// uitleg voor de auteur\n{=inlogdienst ~bank}")
    assert question.stem == "Wat is CSAM?"
    assert [a.text for a in question.answers] == ["inlogdienst", "bank"]


def test_gift_category_lines_set_the_category_without_prefix():
    result = parse_gift(
        """Zonder categorie? {T}

$CATEGORY: $course$/top/connectoo/module-1-csam

Met categorie? {T}
$CATEGORY: digihelper
Andere categorie? {F}
"""
    )
    assert [(q.name, q.category) for q in result.questions] == [
        ("Zonder categorie?", ""),
        ("Met categorie?", "connectoo/module-1-csam"),
        ("Andere categorie?", "digihelper"),
    ]


def test_gift_title_becomes_the_name():
    question = only_gift("::CSAM 1:: Wat is CSAM? {=inlogdienst ~bank}")
    assert question.name == "CSAM 1"
    assert question.stem == "Wat is CSAM?"


def test_gift_default_name_is_the_first_40_characters_of_the_stem():
    question = only_gift(
        "Welke   toepassing gebruik je om in te loggen bij de overheid? {=CSAM ~fax}"
    )
    assert question.name == "Welke toepassing gebruik je om in te log"
    assert len(question.name) == 40


def test_gift_html_prefix_keeps_html():
    question = only_gift(
        "::Opmaak::[html]<p>Wat is <b>vet</b>?</p> {=<i>schuin</i>#<b>ja</b> ~recht}"
    )
    assert question.stem == "<p>Wat is <b>vet</b>?</p>"
    assert question.answers[0] == AnswerData(
        "<i>schuin</i>", Decimal(100), feedback="<b>ja</b>"
    )
    assert question.answers[1].text == "recht"


def test_gift_plain_format_is_escaped():
    question = only_gift("::Tekens::[plain]Is 3 <b>kleiner</b> dan 4 & 5? {T}")
    assert question.stem == "Is 3 &lt;b&gt;kleiner&lt;/b&gt; dan 4 &amp; 5?"


@pytest.mark.parametrize("prefix", ["", "[moodle]"])
def test_gift_moodle_format_keeps_html_and_line_breaks(prefix):
    """Moodle's own "auto format", the default: HTML as written, line breaks kept
    (sanitised when stored, as every text)."""
    question = only_gift(f"::Opmaak::{prefix}Is dit <b>vet</b>?\nJa. {{T}}")
    assert question.stem == "Is dit <b>vet</b>?<br>Ja."


def test_gift_markdown_becomes_html():
    # GIFT writes the line breaks inside a question as "\\n".
    question = only_gift(
        r"::Opmaak::[markdown]Is **dit** vet?\n\n- een\n- twee {=ja ~nee}"
    )
    assert question.stem == (
        "<p>Is <strong>dit</strong> vet?</p>\n<ul>\n<li>een</li>\n<li>twee</li>\n</ul>"
    )


def test_gift_answer_can_override_the_format():
    question = only_gift(
        "[plain]Kies [plain]wel <i>dit</i>: {=[html]<i>dit</i> ~<i>dat</i>}"
    )
    assert question.stem == "Kies [plain]wel &lt;i&gt;dit&lt;/i&gt;:"
    assert [a.text for a in question.answers] == [
        "<i>dit</i>",
        "&lt;i&gt;dat&lt;/i&gt;",
    ]


def test_gift_escapes():
    question = only_gift(
        r"::Tekens \: 1::Wat betekent \{x\} \~ y\\z\nmet a\=b en \#1? "
        r"{=a\=b \#1#juist\: ja ~niets}"
    )
    assert question.name == "Tekens : 1"
    assert question.stem == "Wat betekent {x} ~ y\\z<br>met a=b en #1?"
    assert question.answers == [
        AnswerData("a=b #1", Decimal(100), feedback="juist: ja"),
        AnswerData("niets", Decimal(0)),
    ]


def test_gift_single_choice_with_feedback_on_several_lines():
    question = only_gift(
        """::CSAM 1::Wat is CSAM? {
  =De inlogdienst van de overheid #Juist!
  ~Een bank #Nee, geen bank.
  ~Een virus
}"""
    )
    assert question == QuestionData(
        type="single",
        name="CSAM 1",
        stem="Wat is CSAM?",
        answers=[
            AnswerData("De inlogdienst van de overheid", Decimal(100), "Juist!"),
            AnswerData("Een bank", Decimal(0), "Nee, geen bank."),
            AnswerData("Een virus", Decimal(0)),
        ],
    )


def test_gift_weights_in_single_choice():
    question = only_gift("Hoofdstad? {=Brussel ~%50%Bruxelles ~%-50%Antwerpen}")
    assert question.type == "single"
    assert [(a.text, a.fraction) for a in question.answers] == [
        ("Brussel", Decimal(100)),
        ("Bruxelles", Decimal(50)),
        ("Antwerpen", Decimal(-50)),
    ]


def test_gift_weighted_tildes_without_equals_make_multiple_response():
    question = only_gift(
        "Veilig? {~%50%itsme #Ja ~%50%CSAM ~%-100%Pincode doorgeven #Nooit!}"
    )
    assert question.type == "multiple"
    assert question.answers == [
        AnswerData("itsme", Decimal(50), "Ja"),
        AnswerData("CSAM", Decimal(50)),
        AnswerData("Pincode doorgeven", Decimal(-100), "Nooit!"),
    ]


@pytest.mark.parametrize(
    ("block", "right"),
    [("T", "true"), ("TRUE", "true"), ("F", "false"), ("FALSE", "false")],
)
def test_gift_truefalse(block, right):
    question = only_gift(f"Je pincode is geheim. {{{block}}}")
    assert question.type == "truefalse"
    assert [(a.text, a.fraction) for a in question.answers] == [
        ("true", Decimal(100 if right == "true" else 0)),
        ("false", Decimal(100 if right == "false" else 0)),
    ]


def test_gift_truefalse_feedback_follows_moodle_wrong_then_right():
    question = only_gift("Je pincode deel je. {F#Nee, nooit delen.#Goed zo.}")
    assert question.answers == [
        AnswerData("true", Decimal(0), feedback="Nee, nooit delen."),
        AnswerData("false", Decimal(100), feedback="Goed zo."),
    ]


def test_gift_only_equals_answers_make_shortanswer_ignoring_case():
    question = only_gift("Hoofdstad van België? {=Brussel =%50%Bruxelles#Frans}")
    assert question.type == "shortanswer"
    assert (question.case_sensitive, question.ignore_accents) == (False, False)
    assert question.answers == [
        AnswerData("Brussel", Decimal(100)),
        AnswerData("Bruxelles", Decimal(50), feedback="Frans"),
    ]


def test_gift_numerical_with_tolerance():
    question = only_gift("Hoeveel is pi? {#3.14:0.01}")
    assert question.type == "numerical"
    assert question.answers == [
        AnswerData("3.14", Decimal(100), tolerance=Decimal("0.01"))
    ]


def test_gift_numerical_without_tolerance():
    question = only_gift("Hoeveel cijfers heeft je pincode? {#4}")
    assert question.answers == [AnswerData("4", Decimal(100), tolerance=Decimal(0))]


def test_gift_numerical_with_several_answers():
    question = only_gift("Hoeveel is pi? {#=3.14:0.01#Prima =%50%3:1#Ongeveer}")
    assert question.answers == [
        AnswerData("3.14", Decimal(100), "Prima", tolerance=Decimal("0.01")),
        AnswerData("3", Decimal(50), "Ongeveer", tolerance=Decimal(1)),
    ]


def test_gift_numerical_range_becomes_midpoint_and_half_width():
    question = only_gift("Geef een getal van 1 tot 4. {#1..4}")
    assert question.answers == [
        AnswerData("2.5", Decimal(100), tolerance=Decimal("1.5"))
    ]


def test_gift_matching_with_distractor():
    question = only_gift(
        "Koppel de app aan de dienst. {=itsme -> inloggen =MyMinfin -> belastingen "
        "= -> muziek}"
    )
    assert question.type == "matching"
    assert question.answers == [
        AnswerData("itsme", match="inloggen"),
        AnswerData("MyMinfin", match="belastingen"),
        AnswerData("", match="muziek"),
    ]


def test_gift_general_feedback():
    question = only_gift(
        "Wat is CSAM? {=inlogdienst ~bank ####CSAM is de sleutel van de overheid.}"
    )
    assert question.general_feedback == "CSAM is de sleutel van de overheid."
    assert [a.text for a in question.answers] == ["inlogdienst", "bank"]


def test_gift_text_after_the_braces_makes_a_missing_word_question():
    question = only_gift("Brussel is de {=hoofdstad ~grootste stad} van België.")
    assert question.type == "single"
    assert question.stem == "Brussel is de _____ van België."
    assert question.name == "Brussel is de _____ van België."


def test_gift_missing_word_with_several_right_answers_is_multiple_response():
    question = only_gift("Met {~%50%itsme ~%50%CSAM ~%-100%fax} meld je aan.")
    assert question.type == "multiple"
    assert question.stem == "Met _____ meld je aan."


def test_gift_essay_and_description_are_unsupported_with_position_and_line():
    result = parse_gift(
        """$CATEGORY: module-1

::Ervaring::Vertel over je ervaring. {}

Klopt dit? {T}

Deze module gaat over CSAM.
"""
    )
    assert result.unsupported == [
        Unsupported(position=1, name="Ervaring", type="essay", line=3),
        Unsupported(
            position=3, name="Deze module gaat over CSAM.", type="description", line=7
        ),
    ]
    assert [q.name for q in result.questions] == ["Klopt dit?"]


def test_gift_feedback_only_block_is_an_essay():
    result = parse_gift("Vertel. {####Denk aan je wachtwoord.}")
    assert result.unsupported == [Unsupported(1, "Vertel.", "essay", 1)]


# --- GIFT: errors -------------------------------------------------------------

GIFT_ERRORS = {
    "unclosed brace": (
        "::CSAM 3::Wat is CSAM? {=inlogdienst ~bank",
        "unclosed '{' in question 2 'CSAM 3'",
    ),
    "closing brace without opening": (
        "::CSAM 3::Wat is CSAM? =inlogdienst}",
        "'}' without '{' in question 2 'CSAM 3'",
    ),
    "two answer blocks": (
        "::CSAM 3::Wat {=a ~b} en {=c ~d}?",
        "more than one answer block in question 2 'CSAM 3'",
    ),
    "empty answer": (
        "::CSAM 3::Wat is CSAM? {=}",
        "the answer block has an empty answer in question 2 'CSAM 3'",
    ),
    "empty numerical block": (
        "::CSAM 3::Hoeveel? {#}",
        "the numerical answer is empty in question 2 'CSAM 3'",
    ),
    "matching with one pair": (
        "::CSAM 3::Koppel. {=itsme -> app}",
        "matching needs at least 2 pairs in question 2 'CSAM 3'",
    ),
    "numerical that is no number": (
        "::CSAM 3::Hoeveel? {#vier:1}",
        "'vier' is not a number in question 2 'CSAM 3'",
    ),
    "numerical tolerance that is no number": (
        "::CSAM 3::Hoeveel? {#4:een}",
        "'een' is not a number in question 2 'CSAM 3'",
    ),
    "unclosed title": (
        "::CSAM 3 Wat is CSAM? {T}",
        "unclosed '::' title in question 2 'CSAM 3 Wat is CSAM? {T}'",
    ),
    "block without answers": (
        "::CSAM 3::Wat is CSAM? {inlogdienst}",
        "the answer block has no '=', '~' or '#' answers in question 2 'CSAM 3'",
    ),
    "invalid weight": (
        "::CSAM 3::Wat? {~%veel%a ~b}",
        "'veel' is not a number in question 2 'CSAM 3'",
    ),
    "weight out of range": (
        "::CSAM 3::Wat? {=a ~%1e30%b}",
        "fraction 1e30 is outside -100..100 in question 2 'CSAM 3'",
    ),
    "single choice without a right answer": (
        "::CSAM 3::Wat? {~a ~b}",
        "the right answers of a multiple response question add up to 0%, not 100% "
        "in question 2 'CSAM 3'",
    ),
}


@pytest.mark.parametrize(
    ("faulty", "message"), GIFT_ERRORS.values(), ids=GIFT_ERRORS.keys()
)
def test_gift_error_names_the_line_where_the_question_starts(faulty, message):
    text = f"// Module 1\n\nKlopt dit? {{T}}\n\n// de fout:\n\n{faulty}\n"
    error = gift_error(text)
    assert error.line == 7
    assert str(error) == f"line 7: {message}"


def test_gift_error_in_a_multiline_question_gives_its_first_line():
    error = gift_error("Eerste? {T}\n\n::Fout::\nWat is\nCSAM? {=a\n~b\n")
    assert str(error) == "line 3: unclosed '{' in question 2 'Fout'"


# --- export -------------------------------------------------------------------


def every_type() -> list[QuestionData]:
    """One question of each type (and gap mode), over three categories."""
    return [
        QuestionData(
            type="single",
            name="Eén & <twee>",
            stem='<p>Wat is <a href="https://csam.be">CSAM</a>? ]]> blijft</p>',
            general_feedback="<p>Uitleg</p>",
            default_mark=Decimal("2.5"),
            shuffle_answers=False,
            answers=[
                AnswerData("<p>inlogdienst</p>", Decimal(100), "<p>Juist</p>"),
                AnswerData("bank", Decimal("-33.333333"), "Nee"),
            ],
        ),
        QuestionData(
            type="multiple",
            name="Veilig",
            stem="Wat is veilig?",
            category="connectoo/module-1-csam",
            answers=[
                AnswerData("itsme", Decimal("33.33333")),
                AnswerData("CSAM", Decimal("33.33333")),
                AnswerData("eID", Decimal("33.33333")),
                AnswerData("fax", Decimal(-100), "Nee"),
            ],
        ),
        QuestionData(
            type="truefalse",
            name="Stelling",
            stem="Je deelt je pincode nooit.",
            category="connectoo/module-1-csam",
            answers=[
                AnswerData("true", Decimal(100), "Juist"),
                AnswerData("false", Decimal(0), "Fout"),
            ],
        ),
        QuestionData(
            type="shortanswer",
            name="Hoofdstad",
            stem="Hoofdstad?",
            category="connectoo/module-1-csam",
            case_sensitive=True,
            ignore_accents=True,
            answers=[
                AnswerData("Brussel", Decimal(100)),
                AnswerData("Bruxelles & co", Decimal(50), "Frans"),
            ],
        ),
        QuestionData(
            type="numerical",
            name="Getal",
            stem="Hoeveel?",
            answers=[
                AnswerData("3.14", Decimal(100), tolerance=Decimal("0.01")),
                AnswerData("3", Decimal(50), "Ongeveer", tolerance=Decimal(1)),
            ],
        ),
        QuestionData(
            type="matching",
            name="Koppel",
            stem="Koppel.",
            category="digihelper",
            shuffle_answers=False,
            answers=[
                AnswerData("<p>itsme</p>", match="inloggen"),
                AnswerData("MyMinfin", match="belastingen <&>"),
                AnswerData("", match="muziek"),
            ],
        ),
        QuestionData(
            type="ordering",
            name="Volgorde",
            stem="Orden.",
            category="digihelper",
            answers=[AnswerData("open"), AnswerData("code & pin"), AnswerData("klaar")],
        ),
        QuestionData(
            type="gaps",
            name="Kiezen",
            stem="<p>Met [[1]] meld je aan met je [[2]].</p>",
            category="digihelper",
            answers=[
                AnswerData("CSAM", Decimal(0), gap=1),
                AnswerData("itsme", Decimal(100), gap=1),
                AnswerData("smartphone", Decimal(100), gap=2),
                AnswerData("fax", Decimal(0), gap=2),
            ],
        ),
        QuestionData(
            type="gaps",
            name="Typen",
            stem="<p>Met [[1]] meld je aan met je [[2]].</p>",
            category="digihelper",
            gap_mode="typed",
            case_sensitive=True,
            answers=[
                AnswerData("itsme", Decimal(100), gap=1),
                AnswerData("gsm", Decimal(100), gap=2),
                AnswerData("smart & phone", Decimal(100), gap=2),
            ],
        ),
    ]


def test_round_trip_of_every_type():
    questions = every_type()
    result = parse_moodle_xml(export_moodle_xml(questions))
    assert result == ParseResult(questions=questions, unsupported=[])


def test_export_writes_a_category_marker_whenever_the_category_changes():
    exported = export_moodle_xml(every_type())
    markers = [
        line.strip()
        for line in exported.splitlines()
        if line.strip().startswith("<category>")
    ]
    assert markers == [
        "<category><text>$course$/top/connectoo/module-1-csam</text></category>",
        "<category><text>$course$/top</text></category>",
        "<category><text>$course$/top/digihelper</text></category>",
    ]


def test_export_writes_html_in_cdata_and_plain_text_escaped():
    exported = export_moodle_xml(every_type()[:1])
    assert "<name><text>Eén &amp; &lt;twee&gt;</text></name>" in exported
    assert (
        '<questiontext format="html"><text><![CDATA[<p>Wat is '
        '<a href="https://csam.be">CSAM</a>? ]]]]><![CDATA[> blijft</p>]]></text>'
        in exported
    )
    assert '<answer fraction="-33.33333" format="html">' in exported


def test_export_gapselect_points_markers_at_the_right_option_with_one_group_per_gap():
    exported = export_moodle_xml(every_type()[7:8])
    assert "<![CDATA[<p>Met [[2]] meld je aan met je [[3]].</p>]]>" in exported
    assert [
        line.strip() for line in exported.splitlines() if "selectoption" in line
    ] == [
        "<selectoption><text>CSAM</text><group>1</group></selectoption>",
        "<selectoption><text>itsme</text><group>1</group></selectoption>",
        "<selectoption><text>smartphone</text><group>2</group></selectoption>",
        "<selectoption><text>fax</text><group>2</group></selectoption>",
    ]


def test_export_gapfill_rebuilds_the_brackets():
    exported = export_moodle_xml(every_type()[8:])
    assert (
        "<![CDATA[<p>Met [itsme] meld je aan met je [gsm|smart &amp; phone].</p>]]>"
        in exported
    )
    assert "<delimitchars>[]</delimitchars>" in exported
    assert "<casesensitive>1</casesensitive>" in exported


def test_export_refuses_a_question_that_makes_no_sense():
    broken = QuestionData(
        type="ordering",
        name="Kort",
        stem="Orden.",
        answers=[AnswerData("a"), AnswerData("b")],
    )
    with pytest.raises(QuestionFormatError) as caught:
        export_moodle_xml([*every_type()[:2], broken])
    assert str(caught.value) == "ordering needs at least 3 items in question 3 'Kort'"


def test_export_refuses_a_fraction_out_of_range():
    question = QuestionData(
        type="single",
        name="Te veel",
        stem="Kies.",
        answers=[AnswerData("a", Decimal(100)), AnswerData("b", Decimal(150))],
    )
    with pytest.raises(QuestionFormatError) as caught:
        export_moodle_xml([question])
    assert str(caught.value) == (
        "fraction 150 is outside -100..100 in question 1 'Te veel'"
    )


def test_export_refuses_typed_gap_text_that_cannot_be_written():
    question = QuestionData(
        type="gaps",
        name="Typen",
        stem="Kies [[1]].",
        gap_mode="typed",
        answers=[AnswerData("a|b", Decimal(100), gap=1)],
    )
    with pytest.raises(QuestionFormatError) as caught:
        export_moodle_xml([question])
    assert str(caught.value) == (
        "gap 1: 'a|b' cannot hold '|', '[' or ']' in question 1 'Typen'"
    )


def test_export_writes_a_missing_tolerance_as_zero():
    question = QuestionData(
        type="numerical",
        name="Pincode",
        stem="Hoeveel cijfers?",
        answers=[AnswerData("4", Decimal(100))],
    )
    exported = export_moodle_xml([question])
    assert "<text>4</text><tolerance>0</tolerance>" in exported
    [read] = parse_moodle_xml(exported).questions
    assert read.answers == [AnswerData("4", Decimal(100), tolerance=Decimal(0))]


def test_fractions_are_rounded_to_five_decimals():
    assert AnswerData("a", Decimal("33.333333")).fraction == Decimal("33.33333")
    assert AnswerData("a", Decimal("-66.666667")).fraction == Decimal("-66.66667")


GIFT_SAMPLE = """// Alle GIFT-vormen die het platform overneemt
$CATEGORY: $course$/top/connectoo/module-1-csam

::CSAM 1::[html]<p>Wat is <b>CSAM</b>?</p> {
  =De inlogdienst#<p>Juist!</p>
  ~%-50%Een bank#Nee.
  ####<p>CSAM bundelt de sleutels.</p>
}

::Veilig::Wat is veilig? {~%50%itsme ~%50%CSAM ~%-100%pincode doorgeven}

::Stelling::Je pincode is geheim. {TRUE#Toch wel.#Goed.}

::Hoofdstad::Hoofdstad van België? {=Brussel =%50%Bruxelles#Frans}

$CATEGORY: digihelper

::Pi::Hoeveel is pi? {#=3.14:0.01 =%50%3:1}

::Bereik::Een getal van 1 tot 5. {#1..5}

::Koppel::Koppel. {=itsme -> inloggen =MyMinfin -> belastingen = -> muziek}

Brussel is de {=hoofdstad ~grootste stad} van België\\: echt.
"""


def test_gift_then_export_then_moodle_import_equals_the_gift_parse():
    from_gift = parse_gift(GIFT_SAMPLE)
    assert len(from_gift.questions) == 8
    assert from_gift.unsupported == []
    assert parse_moodle_xml(export_moodle_xml(from_gift.questions)) == from_gift


# --- issue 21: GIFT numerical forms, what is not kept, embedded files, cloze ----


@pytest.mark.parametrize(
    ("block", "answers", "notes"),
    [
        ("{#3:2~#Helemaal fout}", [("3", 2, 100)], 1),
        ("{#=3:2 =%50%3:4 ~#Fout}", [("3", 2, 100), ("3", 4, 50)], 1),
        ("{#3:2=%50%3:4}", [("3", 2, 100), ("3", 4, 50)], 0),
        ("{#=1..5#Ongeveer =%50%0..8}", [("3", 2, 100), ("4", 4, 50)], 0),
        ("{#3~%0%7#Nee}", [("3", 0, 100)], 1),
    ],
)
def test_gift_numerical_forms_that_moodle_accepts(block, answers, notes):
    """As Moodle's GIFT importer: "=" before every answer but maybe the first, and
    everything after "~" the feedback on any other number, which the platform's
    numerical type cannot hold: it is noted, not lost without a word."""
    question = only_gift(f"::Som::Hoeveel? {block}")
    got = [(a.text, a.tolerance, a.fraction) for a in question.answers]
    assert got == [(t, Decimal(tol), Decimal(f)) for t, tol, f in answers]
    other = [n for n in question.notes if "any other number" in n]
    assert len(other) == notes


def test_moodle_numerical_any_other_answer_is_noted_not_refused():
    question = only_question(
        quiz(
            """<question type="numerical">
  <name><text>Som</text></name>
  <questiontext format="html"><text>Hoeveel?</text></questiontext>
  <answer fraction="100"><text>3</text><tolerance>0</tolerance></answer>
  <answer fraction="0"><text>*</text><tolerance>0</tolerance>
    <feedback format="html"><text>Fout</text></feedback></answer>
</question>"""
        )
    )
    assert [a.text for a in question.answers] == ["3"]
    assert question.notes == [
        "The answer “*” (any other number) was not kept: a numerical question has "
        "no such answer."
    ]


def test_moodle_parts_the_platform_does_not_keep_are_noted_once_each():
    question = only_question(
        quiz(
            """<question type="truefalse">
  <name><text>Klopt</text></name>
  <questiontext format="html"><text>Klopt het?</text></questiontext>
  <penalty>1.0000000</penalty><hidden>1</hidden><idnumber></idnumber>
  <answernumbering>abc</answernumbering>
  <hint format="html"><text>a</text></hint><hint format="html"><text>b</text></hint>
  <tags><tag><text>csam</text></tag></tags>
  <incorrectfeedback format="html"><text>Jammer</text></incorrectfeedback>
  <whatever>iets</whatever>
  <answer fraction="100"><text>true</text></answer>
  <answer fraction="0"><text>false</text></answer>
</question>"""
        )
    )
    assert question.notes == [
        "Not kept: the penalty for each new try.",
        "Not kept: being hidden.",
        "Not kept: hints.",
        "Not kept: tags.",
        "Not kept: the feedback for a wrong response.",
        "Not kept: <whatever>.",
    ]


def test_answer_feedback_a_type_does_not_show_is_noted():
    question = only_question(
        quiz(
            """<question type="ordering">
  <name><text>Orden</text></name>
  <questiontext format="html"><text>Orden.</text></questiontext>
  <answer fraction="0"><text>eerst</text><feedback><text>Goed zo</text></feedback></answer>
  <answer fraction="0"><text>dan</text></answer>
  <answer fraction="0"><text>laatst</text></answer>
</question>"""
        )
    )
    assert question.notes == [
        "The feedback of each answer is kept for export, but learners do not see it "
        "with this type of question."
    ]
    # Choices, short answers and numbers show the feedback of the answer given.
    assert only_gift("::Kies::Wat? {=a#Goed ~b}").notes == []
    assert only_gift("::Kort::Naam? {=Jan#Goed zo}").notes == []
    assert only_gift("::Getal::Hoeveel? {#3:1#Goed zo}").notes == []


def test_moodle_embedded_files_are_read_per_text_and_renamed_when_two_differ():
    data = quiz(
        """<question type="multichoice">
  <name><text>Beeld</text></name>
  <questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a%20b.png">]]></text>
    <file name="a b.png" path="/" encoding="base64">"""
        + base64.b64encode(b"one").decode()
        + """</file></questiontext>
  <generalfeedback format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a%20b.png">
    <a href="@@PLUGINFILE@@/sub/c.pdf">c</a>]]></text>
    <file name="a b.png" path="/" encoding="base64">"""
        + base64.b64encode(b"two").decode()
        + """</file><file name="c.pdf" path="/sub/" encoding="base64">Yw==</file>
  </generalfeedback>
  <single>true</single>
  <answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer>
</question>"""
    )
    question = only_question(data)
    assert question.files == {"a b.png": b"one", "a b-2.png": b"two", "sub/c.pdf": b"c"}
    assert '@@PLUGINFILE@@/a%20b.png"' in question.stem
    assert '@@PLUGINFILE@@/a%20b-2.png"' in question.general_feedback
    exported = export_moodle_xml([question])
    assert '<file name="c.pdf" path="/sub/" encoding="base64">Yw==</file>' in exported
    assert only_question(exported) == question


def test_moodle_embedded_file_that_is_not_base64_is_an_error():
    data = quiz(
        """<question type="truefalse">
  <name><text>Kapot</text></name>
  <questiontext format="html"><text>Klopt?</text>
    <file name="a.png" path="/" encoding="base64">@@@</file></questiontext>
  <answer fraction="100"><text>true</text></answer>
  <answer fraction="0"><text>false</text></answer>
</question>"""
    )
    assert str(moodle_error(data)) == (
        "line 3: the embedded file a.png is not valid base64 in question 1 'Kapot'"
    )


def test_moodle_cloze_keeps_its_markup_in_the_stem_both_ways():
    stem = "<p>Hoofdstad: {1:SHORTANSWER:=Brussel#Juist~%50%Brussels#Bijna}</p>"
    question = only_question(
        quiz(
            f"""<question type="cloze">
  <name><text>Stad</text></name>
  <questiontext format="html"><text><![CDATA[{stem}]]></text></questiontext>
  <generalfeedback format="html"><text></text></generalfeedback>
  <penalty>0</penalty><hidden>0</hidden>
</question>"""
        )
    )
    assert (question.type, question.stem, question.answers) == ("cloze", stem, [])
    assert question.notes == []
    exported = export_moodle_xml([question])
    assert '<question type="cloze">' in exported
    assert only_question(exported) == question


def test_moodle_ddwtos_reads_as_gaps_to_choose():
    question = only_question(
        quiz(
            """<question type="ddwtos">
  <name><text>Slepen</text></name>
  <questiontext format="html"><text>Met [[1]] meld je aan met je [[2]].</text></questiontext>
  <dragbox><text>itsme</text><group>1</group></dragbox>
  <dragbox><text>gsm</text><group>2</group></dragbox>
  <dragbox><text>bank</text><group>1</group><infinite/></dragbox>
</question>"""
        )
    )
    assert (question.type, question.gap_mode) == ("gaps", "select")
    assert [(a.text, a.gap, a.fraction) for a in question.answers] == [
        ("itsme", 1, 100),
        ("bank", 1, 0),
        ("gsm", 2, 100),
    ]
    assert question.notes == [
        "Learners choose each gap's word from a list instead of dragging it."
    ]


@pytest.mark.parametrize(
    ("text_format", "stem"),
    [
        ("markdown", "<p>Is <strong>dit</strong> vet?</p>"),
        ("moodle_auto_format", "Is **dit** vet?<br><i>Ja</i>"),
    ],
)
def test_moodle_text_formats_as_moodle_shows_them(text_format, stem):
    source = (
        "Is **dit** vet?\n<i>Ja</i>"
        if text_format != "markdown"
        else ("Is **dit** vet?")
    )
    question = only_question(
        quiz(
            f"""<question type="truefalse">
  <name><text>Opmaak</text></name>
  <questiontext format="{text_format}"><text><![CDATA[{source}]]></text></questiontext>
  <answer fraction="100"><text>true</text></answer>
  <answer fraction="0"><text>false</text></answer>
</question>"""
        )
    )
    assert question.stem == stem
