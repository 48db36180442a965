// Recording an interview: nothing typed is lost.
//
// Each answer is its own form (reviews/_answer_field.html) that htmx posts a moment after the
// recorder stops typing, with the version of the answer it last saw; the server refuses to
// overwrite a teammate's newer answer and shows both (reviews/capture.py).
//
// Here: what is typed is kept in this browser's storage until the server confirms it; a save
// that fails (no connection, server error) is tried again with growing pauses; a page opened
// again restores and sends what was not confirmed; questions with a show-if appear and
// disappear with the answers they depend on.
(function () {
  "use strict";
  var PREFIX = "opencqi-draft:";
  var MAX_PAUSE = 30;

  function draftKey(form) {
    return PREFIX + (form.dataset.autosave || form.dataset.draft);
  }

  function valuesOf(form) {
    if (form.dataset.draft) {
      var text = form.querySelector("textarea[name=text]");
      return JSON.stringify([text ? text.value : ""]);
    }
    return JSON.stringify(new FormData(form).getAll("value"));
  }

  function status(form, text, css) {
    var box = form.querySelector(".answer-status");
    if (box) {
      box.textContent = text;
      box.className = "answer-status margin-top-05 " + (css || "text-base");
    }
  }

  function remember(form) {
    try {
      localStorage.setItem(draftKey(form), valuesOf(form));
    } catch (e) {
      /* storage full or disabled: the server save still runs */
    }
  }

  function forget(form) {
    try {
      localStorage.removeItem(draftKey(form));
    } catch (e) {
      /* nothing to do */
    }
  }

  function draftOf(form) {
    try {
      return localStorage.getItem(draftKey(form));
    } catch (e) {
      return null;
    }
  }

  function put(form, wanted) {
    if (form.dataset.draft) {
      form.querySelector("textarea[name=text]").value = wanted[0] || "";
      return;
    }
    form.querySelectorAll("[name=value]").forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        input.checked = wanted.indexOf(input.value) !== -1;
      } else {
        input.value = wanted[0] || "";
      }
    });
  }

  function restore(form) {
    var draft = draftOf(form);
    if (draft === null) return;
    if (draft === valuesOf(form) || draft === '[""]') {
      forget(form);
      return;
    }
    put(form, JSON.parse(draft));
    status(form, "Restored what you typed before; sending it now.", "text-secondary-dark");
    htmx.trigger(form, "retry");
  }

  function retryLater(form) {
    var failures = Number(form.dataset.failures || 0) + 1;
    form.dataset.failures = failures;
    var pause = Math.min(MAX_PAUSE, Math.pow(2, failures));
    status(
      form,
      "Not saved: the connection failed. What you typed is kept on this device and sent " +
        "again in " + pause + " seconds.",
      "text-error"
    );
    window.setTimeout(function () {
      if (document.body.contains(form)) htmx.trigger(form, "retry");
    }, pause * 1000);
  }

  function recorded(target) {
    return target && target.closest && target.closest("form[data-autosave], form[data-draft]");
  }

  function showIfHolds(form) {
    var control = document.getElementById(form.dataset.showIf);
    if (!control || control.hidden) return false;
    var wanted = form.dataset.showIfAnswers.split("|");
    return new FormData(control).getAll("value").some(function (v) {
      return wanted.indexOf(v) !== -1;
    });
  }

  function updateShowIf() {
    // In document order, so a chain of show-ifs settles in one pass.
    document.querySelectorAll("form[data-show-if]").forEach(function (form) {
      form.hidden = !showIfHolds(form);
    });
  }

  document.addEventListener("input", function (event) {
    var form = recorded(event.target);
    if (!form) return;
    remember(form);
    status(form, "Not saved yet…");
  });

  document.addEventListener("change", function (event) {
    var form = recorded(event.target);
    if (!form) return;
    remember(form);
    updateShowIf();
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = recorded(event.detail.elt);
    if (form && event.detail.elt === form) {
      form.dataset.sent = valuesOf(form);
      status(form, "Saving…");
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = recorded(event.detail.elt);
    if (!form || event.detail.elt !== form) return;
    var xhr = event.detail.xhr;
    if (!event.detail.successful || !xhr || xhr.status === 0) {
      retryLater(form);
      return;
    }
    form.dataset.failures = 0;
    var outcome = xhr.getResponseHeader("X-Capture-Outcome");
    if (outcome === "saved" || outcome === "unchanged") {
      if (form.dataset.draft || form.dataset.sent === valuesOf(form)) forget(form);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    // "Use theirs" and a refreshed list of items bring new forms: their drafts are settled.
    var target = event.detail.target;
    if (target && target.matches && target.matches("form[data-autosave]")) forget(target);
    updateShowIf();
  });

  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches("form[data-autosave]")) forget(elt);
  });

  document.querySelectorAll("form[data-autosave], form[data-draft]").forEach(restore);
  updateShowIf();
})();
