/* The plan page: quiet autosave state, nothing sent stale, keyboard shortcuts.
   The editors are plain forms that htmx posts (built in plplan/vision/editors.py). */
(function () {
  "use strict";
  document.documentElement.classList.add("js-autosave");

  var edits = {};  // per form id: how many edits were typed, and how many a save carried
  function unsaved() {
    return Object.keys(edits).some(function (id) { return edits[id].typed !== edits[id].saved; });
  }

  // The page's status and each editor's own state say the same thing; a failure is marked
  // (data-state / data-save-state "failed", styled in app.css) so it looks like one.
  function globalStatus(text, failed) {
    var box = document.getElementById("save-status");
    if (!box) return;
    if (box.textContent !== text) box.textContent = text;
    box.dataset.state = failed ? "failed" : "";
  }

  function formState(form, text, failed) {
    var state = form && form.querySelector("[data-save-state]");
    if (!state) return;
    state.textContent = text;
    state.dataset.saveState = failed ? "failed" : "";
  }

  var KEPT = "Couldn't save — kept here";
  var OFFLINE = "Offline — kept here";

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

  function conflictPanel(form) {
    var slot = document.getElementById("conflict-" + form.id);
    return slot && slot.querySelector("form.conflict");
  }

  // The leader's answer to a conflict carries what the field holds at that moment (as
  // "mine" and as the merged text) and where the editor started; the editor is never replaced.
  function answerBody(panel, button) {
    var editor = document.getElementById(panel.dataset.conflictFor);
    var body = new URLSearchParams(new FormData(panel));
    if (button && button.name) body.set(button.name, button.value);  // held (disabled) while it is sent
    if (!editor) return body;
    new FormData(editor).forEach(function (value, name) {
      if (name === "csrf_token" || name === "version") return;
      if (name.indexOf("base__") === 0) { body.set(name, value); return; }
      body.set(name, value);
      body.set("mine__" + name, value);
    });
    return body;
  }

  // Saves, moves and deletes of one row wait in one queue (hx-sync) while a request is in
  // flight; read the form again when a request actually leaves, so it carries the latest text
  // and the version the previous save returned. While a conflict waits for an answer, the
  // editor's own saves hold (they would only meet the same conflict).
  document.addEventListener("htmx:before:request", function (e) {
    var ctx = e.detail.ctx;
    var source = ctx.sourceElement && ctx.sourceElement.closest("form");
    var button = ctx.sourceElement && ctx.sourceElement.matches("button") ? ctx.sourceElement : ctx.request.submitter;
    if (source && source.matches("form[data-conflict-for]")) {
      var editorId = source.dataset.conflictFor;
      ctx.request.body = answerBody(source, button);
      ctx.vision = edits[editorId] ? edits[editorId].typed : 0;
      ctx.visionEditor = editorId;
      ctx.visionFocus = source.dataset.focusField;
      return;
    }
    var form = autosaveForm(ctx);
    if (!form) return;
    if (conflictPanel(form)) {
      e.preventDefault();
      formState(form, "");
      return;
    }
    ctx.request.body = new URLSearchParams(new FormData(form, button || null));
    if (button && button.hasAttribute("formaction")) {  // a row's move or delete answers with its list
      ctx.request.action = button.getAttribute("formaction");
      ctx.target = form.closest(".rows");
    }
    ctx.vision = edits[form.id] ? edits[form.id].typed : 0;
    ctx.visionEditor = form.id;
    formState(form, "Saving…");
    if (!signedOut) globalStatus("Saving…");  // the sign-in link stays put until it is used
  });

  document.addEventListener("htmx:after:request", function (e) {
    var ctx = e.detail.ctx;
    var form = ctx.visionEditor && document.getElementById(ctx.visionEditor);
    if (!form) return;
    var status = ctx.response ? ctx.response.status : 0;
    if (status && status < 400) {
      signedOut = false;
      if (edits[form.id]) edits[form.id].saved = Math.max(edits[form.id].saved, ctx.vision || 0);
      globalStatus(unsaved() ? "Saving…" : "All changes saved");
    } else if (status === 409) {
      formState(form, "");
      globalStatus("Someone else changed a part you edited: choose what to keep.");
    } else if (status === 422) {
      formState(form, KEPT, true);
      globalStatus("Couldn't save: see the highlighted field. Your text is kept here.", true);
    } else if (status === 401) {
      formState(form, "Not saved yet", true);
      showSignedOut();
    } else {
      formState(form, KEPT, true);
      globalStatus("Couldn't save. Your text is kept here; it is sent again when you type.", true);
    }
  });

  // After a conflict is settled, the caret goes back to the field it was about.
  document.addEventListener("htmx:after:swap", function (e) {
    var id = e.detail.ctx && e.detail.ctx.visionFocus;
    var field = id && document.getElementById(id);
    if (field) field.focus();
  });

  // Signed out (here or in another tab): say so, offer to sign in beside the page, and send
  // what waits once the leader is back, with a fresh CSRF token (the old one died with the session).
  var signedOut = false;
  function showSignedOut() {
    signedOut = true;
    var box = document.getElementById("save-status");
    if (!box || box.querySelector("a")) return;  // already said (a link being clicked stays)
    var link = document.createElement("a");
    link.href = box.dataset.loginUrl;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Sign in (opens a new tab)";
    box.replaceChildren("You were signed out — your text is kept here. ", link, " and it will be saved.");
    box.dataset.state = "failed";
  }

  function retryAfterSignIn() {
    var box = document.getElementById("save-status");
    if (!signedOut || !box) return;
    fetch(box.dataset.tokenUrl, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (!answer.signed_in || !signedOut) return;
        signedOut = false;
        document.dispatchEvent(new CustomEvent("plplan:csrf", {detail: {token: answer.token}}));
        var beat = document.getElementById("presence-beat");
        if (beat) beat.dispatchEvent(new CustomEvent("plplan:here"));
        sendPending();
      })
      .catch(function () {});
  }

  // Every editor with edits not yet saved sends them again (its latest text, see below).
  function sendPending() {
    globalStatus("Saving…");
    Object.keys(edits).forEach(function (id) {
      var form = document.getElementById(id);
      if (form && edits[id].typed !== edits[id].saved) form.requestSubmit();
    });
  }

  // Offline, edits wait on the page (app.js keeps a notice up meanwhile); back online they
  // are sent by themselves.
  window.addEventListener("online", function () { if (!signedOut && unsaved()) sendPending(); });
  window.addEventListener("focus", retryAfterSignIn);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") retryAfterSignIn();
  });
  document.addEventListener("input", function () { if (signedOut) retryAfterSignIn(); });

  // The presence heartbeat holds while signed out (each beat would only be refused) and
  // beats again at once when the retry above finds the session back.
  document.addEventListener("htmx:before:request", function (e) {
    if (signedOut && e.detail.ctx.sourceElement && e.detail.ctx.sourceElement.id === "presence-beat") {
      e.preventDefault();
    }
  });
  document.addEventListener("htmx:after:request", function (e) {
    var source = e.detail.ctx.sourceElement;
    if (source && source.id === "presence-beat" && e.detail.ctx.response && e.detail.ctx.response.status === 401) {
      signedOut = true;
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
    var form = e.detail.ctx && e.detail.ctx.visionEditor && document.getElementById(e.detail.ctx.visionEditor);
    if (!form) return;
    if (!navigator.onLine) {
      formState(form, OFFLINE, true);
      globalStatus("Offline — your changes are kept here and saved when the connection is back.", true);
      return;
    }
    formState(form, KEPT, true);
    globalStatus("Couldn't save: check your connection. Your text is kept here; keep typing to retry.", true);
  });

  // After a swap: focus a new row, or keep focus on the same control of a row that moved.
  var moved = null;  // the control a move started from: its id, or which move button
  function moveButton(root, direction) {  // a row's ↑ or ↓ (editors.py: its name and value)
    return root.querySelector('button[name=direction][value=' + direction + ']');
  }
  function shown(element) {  // the first row has no "up", the last no "down" (see vision.css)
    return element && element.offsetParent !== null ? element : null;
  }
  document.addEventListener("htmx:after:swap", function () {
    var marker = document.querySelector("[data-focus]");
    if (!marker) return;
    var target = document.getElementById(marker.dataset.focus);
    marker.removeAttribute("data-focus");
    if (!target) return;
    var input = target.matches("input, textarea, select") ? target : null;
    if (!input && moved) {
      input = (moved.id && document.getElementById(moved.id)) ||
        shown(moveButton(target, moved.move)) ||
        shown(moveButton(target, moved.move === "up" ? "down" : "up"));
    }
    moved = null;
    if (input) input.focus();
  });

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[name=direction]");
    if (button && !moved) moved = {id: null, move: button.value};
  });

  document.addEventListener("keydown", function (e) {
    var form = e.target.closest && e.target.closest("form.autosave");
    if (!form) return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
      e.preventDefault();
      form.requestSubmit();
    } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      var direction = e.key === "ArrowUp" ? "up" : "down";
      var button = shown(moveButton(form, direction));
      e.preventDefault();
      if (button) { moved = {id: e.target.id, move: direction}; button.click(); }
    } else if (e.key === "Enter" && e.target.matches("textarea[data-one-line]")) {
      e.preventDefault();  // a one-line input only wraps; Enter saves it, as in a text box
      form.requestSubmit();
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

  // Arriving at a field's address (the getting-started step links to #in-vision): the caret is there.
  var arrived = location.hash && document.getElementById(location.hash.slice(1));
  if (arrived && arrived.matches("textarea, input")) arrived.focus();

  // Moving to another section tells the others at once (the heartbeat repeats it meanwhile).
  document.addEventListener("focusin", function (e) {
    var section = e.target.closest && e.target.closest(".plan-section");
    var beat = document.getElementById("presence-beat");
    if (!section || !beat) return;
    var key = section.id.replace(/^s-/, "");
    if (beat.elements.section.value === key) return;
    beat.elements.section.value = key;
    beat.dispatchEvent(new CustomEvent("plplan:here"));
  });

  window.addEventListener("beforeunload", function (e) {
    if (unsaved()) { e.preventDefault(); e.returnValue = ""; }
  });
})();
