/* The main menu on narrow screens: a <details> disclosure, served open so that wide
   screens (and browsers without JavaScript) show every link at once. Here it closes
   on narrow screens, opens again when the window grows, and Escape closes it with the
   focus back on "Menu". Opening and closing are the browser's own (click, Enter,
   Space), and so is the expanded state screen readers announce.
   Plain ES5: counter PCs are not always up to date. */
(function () {
  "use strict";

  var menu = document.querySelector("[data-menu]");
  if (!menu || !window.matchMedia) { return; }
  var toggle = menu.querySelector("summary");
  // The same breakpoint as the menu rules in css/site.css.
  var narrow = window.matchMedia("(max-width: 48rem)");

  function fit() {
    menu.open = !narrow.matches;
  }

  fit();
  if (narrow.addEventListener) {
    narrow.addEventListener("change", fit);
  } else if (narrow.addListener) {
    narrow.addListener(fit);
  }

  menu.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && menu.open && narrow.matches) {
      menu.open = false;
      toggle.focus();
    }
  });
})();
