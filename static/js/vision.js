/* The plan page: quiet autosave state, nothing sent stale, keyboard shortcuts.
   The editors are plain forms that htmx posts (see templates/vision/_editors.html). */
(function () {
  "use strict";
  document.documentElement.classList.add("js-autosave");

  var edits = {};  // per form id: how many edits were typed, and how many a save carried
  function unsaved() {
    return Object.keys(edits).some(function (id) { return edits[id].typed !== edits[id].saved; });
  }

  function globalStatus(text) {
    var box = document.getElementById("save-status");
    if (box && box.textContent !== text) box.textContent = text;
  }

  function formState(form, text) {
    var state = form && form.querySelector("[data-save-state]");
    if (state) state.textContent = text;
  }

  function autosaveForm(ctx) {
    var form = ctx && ctx.sourceElement && ctx.sourceElement.closest("form");
    return form && form.classList.contains("autosave") ? form : null;
  }

  document.addEventListener("input", function (e) {
    var form = e.target.closest && e.target.closest("form.autosave");
    if (!form) return;
    edits[form.id] = edits[form.id] || {typed: 0, saved: 0};
    edits[form.id].typed += 1;
    formState(form, "Editing…");
  });

  // Saves, moves and deletes of one row wait in one queue (hx-sync) while a request is in
  // flight; read the form again when a request actually leaves, so it carries the latest text
  // and the version the previous save returned.
  document.addEventListener("htmx:before:request", function (e) {
    var ctx = e.detail.ctx;
    var form = autosaveForm(ctx);
    if (!form) return;
    var button = ctx.sourceElement.matches("button") ? ctx.sourceElement : ctx.request.submitter;
    ctx.request.body = new URLSearchParams(new FormData(form, button || null));
    ctx.vision = edits[form.id] ? edits[form.id].typed : 0;
    formState(form, "Saving…");
    globalStatus("Saving…");
  });

  document.addEventListener("htmx:after:request", function (e) {
    var ctx = e.detail.ctx;
    var form = autosaveForm(ctx);
    if (!form) return;
    var status = ctx.response ? ctx.response.status : 0;
    if (status < 400) {
      if (edits[form.id]) edits[form.id].saved = Math.max(edits[form.id].saved, ctx.vision || 0);
      globalStatus(unsaved() ? "Saving…" : "All changes saved");
    } else if (status === 409) {
      globalStatus("Someone else changed a part you edited: choose what to keep.");
    } else if (status === 422) {
      globalStatus("Couldn't save: see the highlighted field. Your text is still there.");
    } else {
      formState(form, "Couldn't save");
      globalStatus("Couldn't save. Your text is still there; it is sent again when you type.");
    }
  });

  // A comment that went through leaves an empty box for the next one (a morph keeps text).
  document.addEventListener("htmx:after:request", function (e) {
    var form = e.detail.ctx.sourceElement;
    if (form && form.matches && form.matches("form.comment-form") && e.detail.ctx.response.status < 400) {
      form.reset();
    }
  });

  document.addEventListener("htmx:error", function (e) {
    var form = autosaveForm(e.detail.ctx);
    if (!form) return;
    formState(form, "Couldn't save");
    globalStatus("Couldn't save: check your connection. Your text is still there; keep typing to retry.");
  });

  // After a swap: focus a new row, or keep focus on a row that moved.
  document.addEventListener("htmx:after:swap", function () {
    var marker = document.querySelector("[data-focus]");
    if (!marker) return;
    var target = document.getElementById(marker.dataset.focus);
    marker.removeAttribute("data-focus");
    if (!target) return;
    var input = target.matches("input, textarea, select") ? target : target.querySelector("[data-move]");
    if (input) input.focus();
  });

  document.addEventListener("keydown", function (e) {
    var form = e.target.closest && e.target.closest("form.autosave");
    if (!form) return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
      e.preventDefault();
      form.requestSubmit();
    } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      var button = form.querySelector('[data-move="' + (e.key === "ArrowUp" ? "up" : "down") + '"]');
      if (button) { e.preventDefault(); button.click(); }
    }
  });

  // The coach links to a field: go there and put the caret in it.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-coach]");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    e.preventDefault();
    target.scrollIntoView({block: "center"});
    var input = target.matches("input, textarea, select, summary") ? target : target.querySelector("textarea, input:not([type=hidden]), button, summary");
    if (input) input.focus({preventScroll: true});
  });

  window.addEventListener("beforeunload", function (e) {
    if (unsaved()) { e.preventDefault(); e.returnValue = ""; }
  });
})();
