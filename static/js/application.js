/* The application form on a weak connection.
 *
 * Every field is copied to this device's storage as it is typed, with the version of
 * the server's copy the page started from. htmx sends the form to the server a moment
 * after typing stops (autosave); when that fails for want of a connection, the page
 * says so, keeps the text here, and sends it again as soon as the connection returns.
 * A page opened later restores the text when the server's copy is still the version
 * it was typed over (the server never got it); no clocks are compared.
 * Also: live word counts for long answers, and a size check before uploading a file.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-draft-key]");
  var banner = document.getElementById("connection-state");

  function say(state) {
    if (!banner) return;
    var text = banner.getAttribute("data-" + state);
    banner.hidden = !text;
    banner.textContent = text || "";
    banner.className = "alert alert--" + (state === "offline" ? "warning" : "success");
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name.indexOf("csrf") === -1 && el.type !== "file" &&
        el.type !== "submit" && el.type !== "button" && el.type !== "hidden";
    });
  }

  function snapshot() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name] = [el.value];
      }
    });
    return values;
  }

  function restore(values) {
    fields().forEach(function (el) {
      var wanted = values[el.name];
      if (!wanted) return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = wanted.indexOf(el.value) !== -1;
      } else {
        el.value = wanted[0];
      }
    });
  }

  if (form) {
    var key = "draft:" + form.getAttribute("data-draft-key");
    // The version of the server's copy this page holds: sent with every save, so the
    // server refuses a save over a copy changed meanwhile (another tab, another device).
    var versionField = form.elements["form_version"];
    var version = function () { return versionField.value; };

    // What the server holds: the answers as the page came, then as each autosave sent
    // them. Only answers that differ are kept here, so leaving a field or the page after
    // its autosave leaves nothing to "restore" on the next visit.
    var saved = JSON.stringify(snapshot());
    var sending = saved;

    var keep = function () {
      var values = snapshot();
      if (JSON.stringify(values) === saved) { forget(); return; }
      try {
        localStorage.setItem(key, JSON.stringify({base: version(), values: values}));
      } catch (e) { /* private browsing or a full storage: the server copy remains */ }
    };
    var forget = function () {
      try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
    };
    var sendAgain = function () { window.htmx && htmx.trigger(form, "resend"); };

    try {
      var kept = JSON.parse(localStorage.getItem(key) || "null");
      if (kept && kept.base === version() && JSON.stringify(kept.values) !== saved) {
        restore(kept.values);
        say("restored");
        sendAgain();
      } else if (kept) {
        forget();
      }
    } catch (e) { forget(); }

    form.addEventListener("input", keep);
    form.addEventListener("change", keep);

    document.body.addEventListener("htmx:sendError", function (event) {
      if (event.detail.elt === form) say("offline");
    });
    document.body.addEventListener("htmx:configRequest", function (event) {
      // A queued autosave leaves after the previous one answered: send the newest version.
      if (event.detail.elt === form) event.detail.parameters["form_version"] = version();
    });
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt === form) sending = JSON.stringify(snapshot());
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt === form && event.detail.successful) {
        var confirmed = event.detail.xhr.getResponseHeader("X-Form-Version");
        if (!confirmed) return;  // refused (the call closed): the text stays on this device
        versionField.value = confirmed;
        saved = sending;
        keep();  // forgets, unless more was typed while the answers were on their way
        if (banner && !banner.hidden) say("back");
      }
    });
    window.addEventListener("offline", function () { say("offline"); });
    window.addEventListener("online", sendAgain);

    // One press sends the form; a second press while the page loads sends nothing more.
    form.addEventListener("submit", function (event) {
      keep();
      if (navigator.onLine === false) {
        event.preventDefault();
        say("offline");
      } else if (form.getAttribute("data-sending")) {
        event.preventDefault();
      } else {
        form.setAttribute("data-sending", "1");
        setTimeout(function () { form.removeAttribute("data-sending"); }, 8000);
      }
    });
  }

  function countWords(area) {
    var limit = Number(area.getAttribute("data-word-limit"));
    var output = document.getElementById(area.id + "_count");
    if (!output) return;
    var words = area.value.trim() ? area.value.trim().split(/\s+/).length : 0;
    output.textContent = output.getAttribute("data-template")
      .replace("{count}", words).replace("{limit}", limit);
    output.classList.toggle("field__count--over", words > limit);
  }
  document.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
    countWords(area);
    area.addEventListener("input", function () { countWords(area); });
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "file" || !input.files || !input.files[0]) return;
    var max = Number(input.getAttribute("data-max-bytes"));
    var error = document.getElementById(input.id + "_size");
    var tooBig = max && input.files[0].size > max;
    if (error) error.hidden = !tooBig;
    if (tooBig) input.value = "";
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
