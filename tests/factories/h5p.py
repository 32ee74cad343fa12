"""H5P packages built in the tests: a minimal self-written library, the real
TrueFalse package from the npm package h5p-standalone 2.1.0 (test/workspace), and
packages in the shape of the hub's Multiple Choice, Drag the Words, Question Set and
Course Presentation (see below why their scripts are stand-ins)."""

import io
import json
import zipfile

from h5p.demo import DUTCH, WORKSPACE, workspace_package


def h5p_json(**overrides) -> dict:
    data = {
        "title": "Hallo",
        "language": "nl",
        "mainLibrary": "H5P.Hello",
        "embedTypes": ["div"],
        "preloadedDependencies": [
            {"machineName": "H5P.Hello", "majorVersion": 1, "minorVersion": 0}
        ],
    }
    data.update(overrides)
    return data


def library_json(**overrides) -> dict:
    data = {
        "title": "Hello",
        "machineName": "H5P.Hello",
        "majorVersion": 1,
        "minorVersion": 0,
        "patchVersion": 0,
        "runnable": 1,
        "coreApi": {"majorVersion": 1, "minorVersion": 19},
        "preloadedJs": [{"path": "hello.js"}],
        "preloadedCss": [{"path": "hello.css"}],
    }
    data.update(overrides)
    return data


def minimal_members() -> dict[str, bytes]:
    """A valid package of one self-written library."""
    return {
        "h5p.json": json.dumps(h5p_json()).encode(),
        "content/content.json": b'{"text": "Hallo wereld"}',
        "content/images/foto.png": b"\x89PNG fake",
        "H5P.Hello-1.0/library.json": json.dumps(library_json()).encode(),
        "H5P.Hello-1.0/hello.js": b"H5P.Hello = function () {};",
        "H5P.Hello-1.0/hello.css": b".h5p-hello { color: black; }",
    }


def build_package(members: dict[str, bytes] | None = None, **changes) -> bytes:
    """A zip of `members` (default: the minimal package) with `changes` applied:
    a member set to None is left out."""
    members = {**(members or minimal_members()), **changes}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if data is not None:
                archive.writestr(name, data)
    return out.getvalue()


def true_false_package() -> bytes:
    """The real H5P.TrueFalse content that ships in h5p-standalone 2.1.0."""
    return workspace_package()


# A block of the given height and two buttons that change it, by plain DOM changes:
# the instance is no H5P event dispatcher and never asks H5P to resize.
TALL_JS = b"""H5P.Hello = function (params) { this.params = params || {}; };
H5P.Hello.prototype.attach = function ($container) {
  var root = $container.get(0);
  var block = document.createElement("div");
  block.className = "h5p-hello__block";
  block.style.height = this.params.height + "px";
  function button(label, height) {
    var element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    element.addEventListener("click", function () { block.style.height = height + "px"; });
    root.appendChild(element);
  }
  button("Groter", this.params.taller);
  button("Kleiner", this.params.shorter);
  root.appendChild(block);
  var end = document.createElement("p");
  end.className = "h5p-hello__end";
  end.textContent = "Einde van de oefening";
  root.appendChild(end);
};
"""


def tall_package(height: int = 900, taller: int = 1400, shorter: int = 600) -> bytes:
    """The self-written library, rendering a block `height` px high that the buttons
    "Groter" and "Kleiner" make `taller` and `shorter` px high."""
    content = {"height": height, "taller": taller, "shorter": shorter}
    return build_package(
        **{
            "content/content.json": json.dumps(content).encode(),
            "H5P.Hello-1.0/hello.js": TALL_JS,
            "H5P.Hello-1.0/hello.css": b".h5p-hello__block { background: #dde; }",
        }
    )


def dutch_true_false_package() -> bytes:
    """The real TrueFalse content with the demo's Dutch question and labels
    ("Waar", "Niet waar", "Controleer"; "Niet waar" is right)."""
    return workspace_package(DUTCH)


# --- Packages shaped like the hub's --------------------------------------------------
#
# The hub's Multiple Choice, Drag the Words, Question Set and Course Presentation are
# on no registry the project may install from (npm, PyPI, Debian: searched for
# h5p-standalone's other versions, @lumieducation/*, h5p-* and the PyPI H5P packages;
# only TrueFalse ships, in h5p-standalone 2.1.0). So these packages are built here in
# the hub's shape: the same machine names and versions, a core API of 1.27 as the
# hub's current libraries declare, language files, a jQuery UI library carrying
# `.patch`/`.diff` files, and real TrueFalse questions inside the Question Set and the
# presentation. Their scripts are short stand-ins written here, using H5P core's own
# API as the hub's libraries do (EventDispatcher, triggerXAPIScored, newRunnable).

CORE_API_1_27 = {"majorVersion": 1, "minorVersion": 27}


def _dependency(folder: str) -> dict:
    name, version = folder.rsplit("-", 1)
    major, minor = version.split(".")
    return {"machineName": name, "majorVersion": int(major), "minorVersion": int(minor)}


def hub_library(folder: str, title: str, js: bytes, **fields) -> dict[str, bytes]:
    """A library folder: library.json (core API 1.27), one script, one style sheet,
    a Dutch language file and the hub's hidden English template (`.en.json`, left out
    on import as H5P core does)."""
    machine = _dependency(folder)
    data = {
        "title": title,
        **machine,
        "patchVersion": 3,
        "runnable": 1,
        "coreApi": CORE_API_1_27,
        "preloadedJs": [{"path": "scripts/main.js"}],
        "preloadedCss": [{"path": "styles/main.css"}],
        **fields,
    }
    language = json.dumps({"semantics": [{"label": title}]}).encode()
    return {
        f"{folder}/library.json": json.dumps(data).encode(),
        f"{folder}/scripts/main.js": js,
        f"{folder}/styles/main.css": b".h5p-standin { padding: 0.5em; }",
        f"{folder}/language/nl.json": language,
        f"{folder}/language/.en.json": language,
    }


def jquery_ui_library() -> dict[str, bytes]:
    """A library like the hub's jQuery.ui-1.10, with the `.patch` and `.diff` files
    that made H5P packages using it refused (issue 21)."""
    members = hub_library(
        "jQuery.ui-1.10",
        "jQuery UI",
        b"H5P.jQuery.fn.h5pStandinUi = function () { return this; };",
        runnable=0,
    )
    members["jQuery.ui-1.10/jquery-ui-touch.patch"] = b"--- a/ui.js\n+++ b/ui.js\n"
    members["jQuery.ui-1.10/h5p-jquery-ui.diff"] = b"--- a/h5p.js\n+++ b/h5p.js\n"
    return members


def workspace_libraries() -> dict[str, bytes]:
    """The real TrueFalse library and its dependencies from h5p-standalone 2.1.0."""
    members = {}
    for path in sorted(WORKSPACE.rglob("*")):
        name = str(path.relative_to(WORKSPACE))
        if path.is_file() and "/" in name and not name.startswith("content/"):
            members[name] = path.read_bytes()
    return members


def _true_false(question: str, correct: str, number: int) -> dict:
    """A real TrueFalse sub-content with the demo's Dutch labels."""
    return {
        "library": "H5P.TrueFalse 1.6",
        "subContentId": f"00000000-0000-4000-8000-00000000000{number}",
        "params": {
            **json.loads((WORKSPACE / "content/content.json").read_bytes()),
            "l10n": DUTCH["l10n"],
            "question": f"<p>{question}</p>",
            "correct": correct,
        },
    }


def hub_package(main: str, content: dict, libraries: dict[str, bytes]) -> bytes:
    """An .h5p of `libraries` whose main library is the folder `main`; every library
    folder but the editor's is a preloaded dependency in h5p.json, as the hub's
    exports list them."""
    folders = sorted({name.split("/", 1)[0] for name in libraries} - {"content"})
    folders = [folder for folder in folders if not folder.startswith("H5PEditor.")]
    h5p = h5p_json(
        title="Oefening",
        mainLibrary=_dependency(main)["machineName"],
        embedTypes=["iframe"],
        preloadedDependencies=[_dependency(folder) for folder in folders],
    )
    members = {
        "h5p.json": json.dumps(h5p).encode(),
        "content/content.json": json.dumps(content).encode(),
        **libraries,
    }
    return build_package(members)


# The stand-ins share this shape: a constructor that is an H5P EventDispatcher, an
# attach() that draws into the container, a "Controleer" that reports the score as
# H5P content types do (triggerXAPIScored, verb "answered") and feedback that makes
# the exercise taller.
CHOICE_JS = b"""H5P.MultiChoice = (function () {
  function MultiChoice(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params;
    this.contentId = contentId;
  }
  MultiChoice.prototype = Object.create(H5P.EventDispatcher.prototype);
  MultiChoice.prototype.constructor = MultiChoice;
  MultiChoice.prototype.attach = function ($container) {
    var self = this, params = this.params, root = $container.get(0);
    root.classList.add("h5p-standin", "h5p-multichoice");
    var question = document.createElement("p");
    question.textContent = params.question;
    root.appendChild(question);
    var boxes = params.answers.map(function (answer) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + answer.text));
      root.appendChild(label);
      root.appendChild(document.createElement("br"));
      return box;
    });
    var check = document.createElement("button");
    check.type = "button";
    check.textContent = params.l10n.checkAnswerButton;
    root.appendChild(check);
    check.addEventListener("click", function () {
      var max = 0, score = 0;
      params.answers.forEach(function (answer, index) {
        if (answer.correct) { max += 1; }
        if (boxes[index].checked === Boolean(answer.correct)) { score += answer.correct ? 1 : 0; }
        else if (boxes[index].checked) { score -= 1; }
      });
      score = Math.max(score, 0);
      var feedback = document.createElement("p");
      feedback.className = "h5p-standin__feedback";
      feedback.style.minHeight = "300px";
      feedback.textContent = params.l10n.result.replace("@score", score).replace("@total", max);
      root.appendChild(feedback);
      check.disabled = true;
      self.triggerXAPIScored(score, max, "answered");
      self.trigger("resize");
    });
  };
  return MultiChoice;
})();
"""


def multi_choice_package() -> bytes:
    """Multiple Choice: "Welke gegevens zijn persoonlijk?" (the first two)."""
    content = {
        "question": "Welke gegevens hou je voor jezelf?",
        "answers": [
            {"text": "Je pincode", "correct": True},
            {"text": "Je wachtwoord", "correct": True},
            {"text": "De naam van je gemeente", "correct": False},
        ],
        "l10n": {
            "checkAnswerButton": "Controleer",
            "result": "Je hebt @score van de @total punten",
        },
    }
    return hub_package(
        "H5P.MultiChoice-1.16",
        content,
        hub_library("H5P.MultiChoice-1.16", "Multiple Choice", CHOICE_JS),
    )


DRAG_TEXT_JS = b"""H5P.DragText = (function ($) {
  function DragText(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params;
    this.contentId = contentId;
  }
  DragText.prototype = Object.create(H5P.EventDispatcher.prototype);
  DragText.prototype.constructor = DragText;
  // A word is picked up (clicked, or dragged) and put in a gap (clicked, or dropped).
  DragText.prototype.attach = function ($container) {
    var self = this, params = this.params, root = $container.get(0), picked = null;
    $container.h5pStandinUi();  // the jQuery UI library is loaded before this one
    root.classList.add("h5p-standin", "h5p-drag-text");
    var words = document.createElement("div");
    root.appendChild(words);
    var text = document.createElement("p");
    root.appendChild(text);
    var gaps = [];
    params.textField.split(/(\\*[^*]+\\*)/).forEach(function (part) {
      if (/^\\*[^*]+\\*$/.test(part)) {
        var gap = document.createElement("button");
        gap.type = "button";
        gap.className = "h5p-drag-text__gap";
        gap.textContent = "____";
        gap.setAttribute("aria-label", params.l10n.gap);
        gap.dataset.answer = part.slice(1, -1);
        gap.addEventListener("click", function () {
          if (!picked) { return; }
          gap.textContent = picked.textContent;
          gap.dataset.given = picked.textContent;
          picked.disabled = true;
          picked = null;
        });
        gaps.push(gap);
        text.appendChild(gap);
      } else {
        text.appendChild(document.createTextNode(part));
      }
    });
    gaps.map(function (gap) { return gap.dataset.answer; }).sort().forEach(function (word) {
      var draggable = document.createElement("button");
      draggable.type = "button";
      draggable.className = "h5p-drag-text__word";
      draggable.textContent = word;
      draggable.addEventListener("click", function () { picked = draggable; });
      words.appendChild(draggable);
    });
    var check = document.createElement("button");
    check.type = "button";
    check.textContent = params.l10n.checkAnswer;
    root.appendChild(check);
    check.addEventListener("click", function () {
      var score = gaps.filter(function (gap) { return gap.dataset.given === gap.dataset.answer; }).length;
      var feedback = document.createElement("p");
      feedback.style.minHeight = "300px";
      feedback.textContent = params.l10n.result.replace("@score", score).replace("@total", gaps.length);
      root.appendChild(feedback);
      check.disabled = true;
      self.triggerXAPIScored(score, gaps.length, "answered");
      self.trigger("resize");
    });
  };
  return DragText;
})(H5P.jQuery);
"""


def drag_text_package() -> bytes:
    """Drag the Words, with the hub's jQuery UI library (`.patch`/`.diff` files)."""
    content = {
        "textField": "Je *pincode* tik je altijd *zelf* in.",
        "l10n": {
            "checkAnswer": "Controleer",
            "gap": "Lege plaats",
            "result": "Je hebt @score van de @total punten",
        },
    }
    library = hub_library(
        "H5P.DragText-1.10",
        "Drag Text",
        DRAG_TEXT_JS,
        preloadedDependencies=[_dependency("jQuery.ui-1.10")],
    )
    return hub_package("H5P.DragText-1.10", content, {**library, **jquery_ui_library()})


# A container of real TrueFalse questions (H5P.newRunnable, with the container as
# their parent, so their own statements are sub-content): the Question Set shows them
# one by one, the presentation one per slide. Its own "completed" statement, with the
# questions' total score, is the result.
CONTAINER_JS = b"""H5P.%(name)s = (function ($) {
  function Container(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params;
    this.contentId = contentId;
  }
  Container.prototype = Object.create(H5P.EventDispatcher.prototype);
  Container.prototype.constructor = Container;
  Container.prototype.attach = function ($container) {
    var self = this, params = this.params, root = $container.get(0), shown = 0;
    root.classList.add("h5p-standin", "h5p-%(css)s");
    var questions = [];
    var pages = params.pages.map(function (page) {
      var element = document.createElement("section");
      element.className = "h5p-standin__page";
      element.style.minHeight = (page.height || 0) + "px";
      if (page.text) {
        var text = document.createElement("p");
        text.textContent = page.text;
        element.appendChild(text);
      }
      if (page.question) {
        var slot = document.createElement("div");
        element.appendChild(slot);
        questions.push(H5P.newRunnable(page.question, self.contentId, $(slot), undefined, { parent: self }));
      }
      element.hidden = true;
      root.appendChild(element);
      return element;
    });
    function button(label, action) {
      var element = document.createElement("button");
      element.type = "button";
      element.textContent = label;
      element.addEventListener("click", action);
      root.appendChild(element);
      return element;
    }
    var previous = button(params.l10n.previous, function () { show(shown - 1); });
    var next = button(params.l10n.next, function () { show(shown + 1); });
    var finish = button(params.l10n.finish, function () {
      var score = 0, max = 0;
      questions.forEach(function (question) { score += question.getScore(); max += question.getMaxScore(); });
      pages.forEach(function (page) { page.hidden = true; });
      var result = document.createElement("p");
      result.className = "h5p-standin__result";
      result.textContent = params.l10n.result.replace("@score", score).replace("@total", max);
      root.appendChild(result);
      [previous, next, finish].forEach(function (element) { element.hidden = true; });
      self.triggerXAPIScored(score, max, "completed");
      self.trigger("resize");
    });
    function show(index) {
      shown = index;
      pages.forEach(function (page, at) { page.hidden = at !== index; });
      previous.hidden = index === 0;
      next.hidden = index === pages.length - 1;
      finish.hidden = index !== pages.length - 1;
      self.trigger("resize");
    }
    show(0);
  };
  return Container;
})(H5P.jQuery);
"""

CONTAINER_L10N = {
    "previous": "Vorige",
    "next": "Volgende",
    "finish": "Toon resultaat",
    "result": "Je hebt @score van de @total punten",
}


def _container_package(folder: str, title: str, css: str, pages: list[dict]) -> bytes:
    name = _dependency(folder)["machineName"].split(".", 1)[1]
    script = CONTAINER_JS % {b"name": name.encode(), b"css": css.encode()}
    library = hub_library(
        folder,
        title,
        script,
        preloadedDependencies=[_dependency("H5P.TrueFalse-1.6")],
    )
    content = {"pages": pages, "l10n": CONTAINER_L10N}
    return hub_package(folder, content, {**library, **workspace_libraries()})


def question_set_package() -> bytes:
    """Question Set: two real TrueFalse questions, one after the other."""
    return _container_package(
        "H5P.QuestionSet-1.20",
        "Question Set",
        "question-set",
        [
            {"question": _true_false("Je pincode mag je doorgeven.", "false", 1)},
            {"question": _true_false("Je tikt je code zelf in.", "true", 2)},
        ],
    )


def course_presentation_package() -> bytes:
    """Course Presentation: a tall text slide, then a slide with a real TrueFalse."""
    return _container_package(
        "H5P.CoursePresentation-1.26",
        "Course Presentation",
        "course-presentation",
        [
            {"text": "Je code is van jou: je geeft hem aan niemand.", "height": 700},
            {"question": _true_false("Je tikt je code zelf in.", "true", 1)},
        ],
    )
