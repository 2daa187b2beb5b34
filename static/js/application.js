/* The application form on a weak connection.
 *
 * Every field is copied to this device's storage as it is typed, with the version of
 * the server's copy the page started from. htmx sends the form to the server a moment
 * after typing stops (autosave); when that fails (no connection, or a server that does
 * not answer or answers with an error), the state beside the button says the answers
 * are not saved, keeps them here, and sends them again: at once when the connection
 * returns, otherwise after a pause that grows at each failure. A page opened later
 * restores the text when the server's copy is still the version it was typed over (the
 * server never got it), and sends it; no clocks are compared.
 * Each tab sends its own token with every save, so that the server tells this tab's
 * earlier save (an autosave crossing the button) from another tab's or device's.
 * Also: live word counts for long answers, and a size check before uploading a file.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-draft-key]");
  var banner = document.getElementById("connection-state");
  var state = document.getElementById("autosave-state");

  function say(name) {
    if (!banner) return;
    var text = banner.getAttribute("data-" + name);
    banner.hidden = !text;
    banner.textContent = text || "";
    banner.className = "alert alert--" + (name === "offline" ? "warning" : "success");
  }

  // Beside the button: "saving", or why the answers are not saved ("offline", "failed").
  function sayBeside(name) {
    if (!state) return;
    var text = document.createElement("span");
    text.className = "autosave" + (name === "saving" ? "" : " autosave--error");
    text.textContent = state.getAttribute("data-" + name);
    state.replaceChildren(text);
  }

  function whenReady(callback) {
    // htmx listens to the form once the document is parsed: our listener comes after its.
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      setTimeout(callback, 0);
    }
  }

  function tabToken() {
    var token = null;
    try { token = sessionStorage.getItem("form-tab"); } catch (e) { /* no storage */ }
    if (!token) {
      var bytes = new Uint8Array(12);
      window.crypto.getRandomValues(bytes);
      token = Array.prototype.map.call(bytes, function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("");
      try { sessionStorage.setItem("form-tab", token); } catch (e) { /* this page only */ }
    }
    return token;
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
    // server refuses a save over a copy another tab or device changed meanwhile.
    var versionField = form.elements["form_version"];
    var version = function () { return versionField.value; };
    form.elements["form_tab"].value = tabToken();

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

    // After a failed save, send again: at once when the connection returns, otherwise
    // after 2 s, 4 s, 8 s … up to a minute.
    var retryDelay = 0;
    var retryTimer = null;
    var retryLater = function () {
      clearTimeout(retryTimer);
      retryDelay = Math.min(retryDelay ? retryDelay * 2 : 2000, 60000);
      retryTimer = setTimeout(sendAgain, retryDelay);
    };
    var retryNow = function () {
      clearTimeout(retryTimer);
      retryDelay = 0;
      sendAgain();
    };

    try {
      var kept = JSON.parse(localStorage.getItem(key) || "null");
      if (kept && kept.base === version() && JSON.stringify(kept.values) !== saved) {
        restore(kept.values);
        say("restored");
        sayBeside("saving");
        whenReady(sendAgain);
      } else if (kept) {
        forget();
      }
    } catch (e) { forget(); }

    form.addEventListener("input", keep);
    form.addEventListener("change", keep);

    document.body.addEventListener("htmx:configRequest", function (event) {
      // A queued autosave leaves after the previous one answered: send the newest version.
      if (event.detail.elt === form) event.detail.parameters["form_version"] = version();
    });
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt !== form) return;
      sending = JSON.stringify(snapshot());
      sayBeside("saving");
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form) return;
      if (!event.detail.successful) {
        // No answer (offline, timeout) or an error status: nothing was saved.
        var offline = !event.detail.xhr || event.detail.xhr.status === 0;
        sayBeside(offline ? "offline" : "failed");
        if (offline) say("offline");
        retryLater();
        return;
      }
      clearTimeout(retryTimer);
      retryDelay = 0;
      var confirmed = event.detail.xhr.getResponseHeader("X-Form-Version");
      if (!confirmed) return;  // refused (changed elsewhere, call closed): kept on this device
      versionField.value = confirmed;
      saved = sending;
      keep();  // forgets, unless more was typed while the answers were on their way
      if (banner && !banner.hidden) say("back");
    });
    window.addEventListener("offline", function () {
      say("offline");
      sayBeside("offline");
    });
    window.addEventListener("online", retryNow);

    document.addEventListener("click", function (event) {
      var keepMine = event.target.closest("[data-keep-mine]");
      if (keepMine) {
        // Save what this page shows over the other copy, and stay on this step.
        event.preventDefault();
        versionField.value = keepMine.value;
        retryNow();
      } else if (event.target.closest("[data-take-theirs]")) {
        forget();
      }
    });

    // One press sends the form; a second press while the page loads sends nothing more.
    // Without a connection nothing leaves: the state beside the button says so.
    form.addEventListener("submit", function (event) {
      keep();
      if (navigator.onLine === false) {
        event.preventDefault();
        say("offline");
        sayBeside("offline");
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
