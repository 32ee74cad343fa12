/* The databank: stars without a page reload (without JavaScript the star is a plain
   form that posts and comes back to the same page), and on a phone the filters
   folded away until asked for (served open, so they work without JavaScript). */
(function () {
  "use strict";

  var filters = document.querySelector("[data-filters]");
  if (filters && window.matchMedia("(max-width: 60rem)").matches &&
      !filters.querySelector("input:checked")) {
    filters.open = false;
  }

  var status = document.querySelector("[data-favourite-status]");

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-favourite]");
    if (!form || !window.fetch) { return; }
    event.preventDefault();
    // One request at a time; the button keeps the focus (a disabled button loses it).
    if (form.dataset.pending) { return; }
    form.dataset.pending = "1";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      // Every star of the same item on the page follows (a row and its detail).
      document.querySelectorAll('form[data-favourite][action="' + form.getAttribute("action") + '"] button').forEach(function (other) {
        other.dataset.starred = data.starred ? "true" : "false";
        other.querySelector(".star__icon").textContent = data.starred ? "★" : "☆";
        other.querySelector(".star__label").textContent = data.starred ? other.dataset.labelOn : other.dataset.labelOff;
      });
      if (status) { status.textContent = data.message; }
    }).catch(function () {
      form.submit();  // fall back to the plain form
    }).finally(function () {
      delete form.dataset.pending;
    });
  });
})();
