/* The plan page: quiet autosave state, nothing sent stale, keyboard shortcuts.
   The editors are plain forms that htmx posts (see templates/vision/_editors.html). */
(function () {
  "use strict";
  document.documentElement.classList.add("js-autosave");

  var pending = new Set();  // forms with edits not yet saved

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
    pending.add(form.id);
    formState(form, "Editing…");
  });

  // A request waits in htmx's queue while the previous save of the same form is in flight;
  // read the form again when it actually leaves, so it carries the latest text and version.
  document.addEventListener("htmx:before:request", function (e) {
    var ctx = e.detail.ctx;
    var form = autosaveForm(ctx);
    if (!form || ctx.sourceElement !== form) return;
    ctx.request.body = new URLSearchParams(new FormData(form, ctx.request.submitter || null));
    formState(form, "Saving…");
    globalStatus("Saving…");
  });

  document.addEventListener("htmx:after:request", function (e) {
    var ctx = e.detail.ctx;
    var form = autosaveForm(ctx);
    if (!form) return;
    var status = ctx.response ? ctx.response.status : 0;
    if (status < 400) {
      pending.delete(form.id);
      globalStatus(pending.size ? "Unsaved changes" : "All changes saved");
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
    if (pending.size) { e.preventDefault(); e.returnValue = ""; }
  });
})();
