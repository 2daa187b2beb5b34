/* The juror's scoring grid: one criterion at a time, autosave state, submitting.
 *
 * Without this file the grid still works: every criterion is a <details> (opened by a
 * tap), the links lead to the next one, the buttons save and submit the form.
 * With it: "next criterion" and the links to a criterion to fix open it and put the
 * cursor in its score; the autosave (htmx) says when it is saving or has no connection,
 * and marks the fields it refused (`aria-invalid`); a page showing what to fix puts the
 * focus on that list; pressing "submit" stops any autosave still waiting, so the
 * submission carries the page's own version.
 */
(function () {
  "use strict";

  var form = document.getElementById("scoring-form");
  if (!form) return;
  var state = document.getElementById("save-state");

  function say(text, isError) {
    if (!state || !text) return;
    state.textContent = "";
    var span = document.createElement("span");
    span.className = "autosave" + (isError ? " autosave--error" : "");
    span.textContent = text;
    state.appendChild(span);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-open-next], a[data-open-criterion]");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    if (target.tagName === "DETAILS") target.open = true;
    target.scrollIntoView({block: "start"});
    var field = target.querySelector("input:not([type=hidden]), textarea");
    if (field) field.focus({preventScroll: true});
    history.replaceState(null, "", "#" + target.id);
  });

  // The autosave swaps in each criterion's errors, listing the ids of its refused fields.
  function markRefused() {
    var lists = form.querySelectorAll("ul.field__errors[data-invalid]");
    Array.prototype.forEach.call(lists, function (list) {
      var refused = list.getAttribute("data-invalid").split(" ");
      var fields = list.closest(".criterion").querySelectorAll("input, textarea");
      Array.prototype.forEach.call(fields, function (field) {
        var wrong = refused.indexOf(field.id) !== -1;
        if (wrong) field.setAttribute("aria-invalid", "true");
        else field.removeAttribute("aria-invalid");
        var box = field.closest(".field");
        if (box && field.tagName === "INPUT") box.classList.toggle("field--invalid", wrong);
      });
    });
  }
  document.body.addEventListener("htmx:afterSettle", markRefused);

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  form.addEventListener("submit", function () {
    form.setAttribute("data-submitting", "1");
  });
  window.addEventListener("pageshow", function () {
    form.removeAttribute("data-submitting");  // back to this page from the next one
  });
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt !== form) return;
    if (form.getAttribute("data-submitting")) {
      event.preventDefault();
      return;
    }
    say(form.getAttribute("data-saving"), false);
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt === form) say(form.getAttribute("data-offline"), true);
  });
})();
