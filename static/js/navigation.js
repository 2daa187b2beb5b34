/* The header's menu on a phone. Loaded in <head> (not deferred) so that the page is
 * marked as scripted before the header is drawn: without this file the navigation is
 * simply shown, with it the Menu button folds it (CSS keys on aria-expanded).
 * Escape closes the menu and gives the focus back to its button. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function setOpen(toggle, open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".menu-toggle");
    if (toggle) setOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var toggle = document.querySelector('.menu-toggle[aria-expanded="true"]');
    if (!toggle) return;
    setOpen(toggle, false);
    toggle.focus();
  });
})();
