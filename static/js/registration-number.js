/* The organization profile: the registration number is marked required as soon as the
 * legal form chosen needs one (its input lists those forms in data-required-for). The
 * server applies the same rule; without this script the help text tells it. */
(function () {
  "use strict";

  var number = document.querySelector("[data-required-for]");
  if (!number || !number.form) return;
  var legalForm = number.form.elements[number.name.replace(/registration_number$/, "legal_form")];
  if (!legalForm) return;
  var registered = number.getAttribute("data-required-for").split(" ");
  var label = document.querySelector('label[for="' + number.id + '"]');

  function update() {
    var required = registered.indexOf(legalForm.value) !== -1;
    var mark = label.querySelector(".field__required");
    number.required = required;
    if (required && !mark) {
      mark = document.createElement("span");
      mark.className = "field__required";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = "*";
      label.append(" ", mark);
    } else if (!required && mark) {
      mark.remove();
      label.normalize();
      label.textContent = label.textContent.trimEnd();
    }
  }

  legalForm.addEventListener("change", update);
  update();
})();
