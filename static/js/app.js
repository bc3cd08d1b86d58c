/* plplan's only script: loads htmx (CDN with SRI, local copy as fallback) and listens for
   the events the server sends in HX-Trigger headers. No inline scripts, no hx-on. */
(function () {
  "use strict";
  var me = document.currentScript;

  function loadHtmx() {
    var done = false;
    function local() {
      if (done || window.htmx) return;
      done = true;
      var s = document.createElement("script");
      s.src = me.dataset.htmxLocal;
      document.head.appendChild(s);
    }
    var cdn = document.createElement("script");
    cdn.src = me.dataset.htmxCdn;
    cdn.integrity = me.dataset.htmxSri;
    cdn.crossOrigin = "anonymous";
    cdn.onload = function () { done = true; };
    cdn.onerror = local;
    // A CDN that accepts the connection but never answers must not leave the page inert.
    setTimeout(local, 3000);
    document.head.appendChild(cdn);
  }

  function notice(message, level) {
    var box = document.getElementById("notices");
    if (!box) return;
    var item = document.createElement("p");
    item.className = "notice notice-" + (level || "info");
    item.textContent = message;
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 12000);
  }

  function refreshCsrf(token) {
    var body = document.body;
    body.setAttribute("hx-headers:inherited", JSON.stringify({"X-CSRF-Token": token}));
    document.querySelectorAll('input[name="csrf_token"]').forEach(function (input) {
      input.value = token;
    });
  }

  document.addEventListener("plplan:notice", function (e) {
    notice(e.detail.message, e.detail.level);
  });
  document.addEventListener("plplan:csrf", function (e) { refreshCsrf(e.detail.token); });
  // Offline: one notice stays up until the connection is back (the plan page then sends what
  // waits by itself); while it shows, a failed request needs no notice of its own.
  function offlineNotice() {
    var box = document.getElementById("notices");
    if (!box || document.getElementById("offline-notice")) return;
    var item = document.createElement("p");
    item.id = "offline-notice";
    item.className = "notice notice-offline";
    item.textContent = "You are offline. What you type stays on this page; it is saved when the connection is back.";
    box.appendChild(item);
  }
  window.addEventListener("offline", offlineNotice);
  window.addEventListener("online", function () {
    var item = document.getElementById("offline-notice");
    if (item) item.remove();
    notice("Back online.", "success");
  });
  document.addEventListener("htmx:error", function () {
    if (!navigator.onLine) { offlineNotice(); return; }
    notice("We couldn't reach plplan. Check your connection; nothing you typed was lost.", "error");
  });

  // Forms that undo something for others (revoke, remove, leave) ask first. Capture phase,
  // so a "no" also stops htmx from sending the request.
  document.addEventListener("submit", function (e) {
    var form = e.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  // Sign-in and sign-up forms carry the browser's time zone, the default for a person who
  // has not chosen one. Capture phase, so the value is in before htmx reads the form.
  document.addEventListener("submit", function (e) {
    var field = e.target.querySelector("input[data-browser-zone]");
    if (field && window.Intl) field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  }, true);

  // No lost clicks, no double posts: htmx disables an htmx form's submit buttons while its
  // request runs (hx-disable on <main>); a plain form that posts has them disabled once it is on
  // its way (not one that gets: a filter or a download leaves the page where it is).
  // After the event, so the clicked button's name and value still go with the form.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || form.method !== "post" || form.target || form.matches(".autosave")) return;
    setTimeout(function () {
      form.querySelectorAll("button:not([type=button]):not(:disabled)").forEach(function (button) {
        button.disabled = true;
        button.dataset.held = "";
      });
    }, 0);
  });
  // What sent a request says it is busy until the answer is in (htmx adds .htmx-request for the
  // eye); autosaving editors say it in their own words (vision.js).
  document.addEventListener("htmx:before:request", function (e) {
    var source = e.detail.ctx.sourceElement;
    if (source && source.setAttribute && !source.matches(".autosave")) source.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:finally:request", function (e) {
    var source = e.detail.ctx.sourceElement;
    if (source && source.removeAttribute) source.removeAttribute("aria-busy");
  });
  // A request that takes a while also says what it does, in words, in its form's status
  // region (data-progress: that element's id; its data-message: the words).
  function progressOf(e) {
    var source = e.detail.ctx.sourceElement;
    var id = source && source.dataset && source.dataset.progress;
    return id ? document.getElementById(id) : null;
  }
  document.addEventListener("htmx:before:request", function (e) {
    var status = progressOf(e);
    if (status) status.textContent = status.dataset.message;
  });
  document.addEventListener("htmx:finally:request", function (e) {
    var status = progressOf(e);
    if (status) status.textContent = "";
  });

  // Disabling the focused button drops the focus to the page: when the answer left that button
  // in place (a morph, an answer that swaps elsewhere), it gets the focus back once enabled again.
  document.addEventListener("htmx:config:request", function (e) {
    e.detail.ctx.hadFocus = document.activeElement;
  });
  document.addEventListener("htmx:finally:request", function (e) {
    var had = e.detail.ctx.hadFocus;
    setTimeout(function () {  // htmx enables the buttons again right after this event
      var lost = !document.activeElement || document.activeElement === document.body;
      if (lost && had && had !== document.body && had.isConnected) had.focus({preventScroll: true});
    }, 0);
  });

  // Back to a page kept in the browser's cache: its buttons work again.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    document.querySelectorAll("button[data-held]").forEach(function (button) {
      button.disabled = false;
      delete button.dataset.held;
    });
  });

  // A link of an error summary puts the caret in its field, with the field's label in view.
  document.addEventListener("click", function (e) {
    var link = e.target.closest(".error-summary a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    e.preventDefault();
    var label = field.closest(".field, fieldset") || field;
    label.scrollIntoView({block: "start"});
    field.focus({preventScroll: true});
  });

  // A form marked data-keep-place stays where it was on the screen once its answer is in,
  // and the focus stays with it: on its first invalid field, or on the button that sent it.
  // When the answer closed the form, what replaced it keeps the place, and the control that
  // opens the form again (its disclosure) takes the focus.
  function element(target) {
    return typeof target === "string" ? document.querySelector(target) : target;
  }
  document.addEventListener("htmx:before:swap", function (e) {
    var ctx = e.detail.ctx;
    var form = ctx.sourceElement;
    var target = element(ctx.target);
    if (!form || !form.matches || !form.matches("form[data-keep-place]") || !target) return;
    ctx.keepPlace = {form: form.id, formTop: form.getBoundingClientRect().top,
                     target: target.id, targetTop: target.getBoundingClientRect().top};
  });
  document.addEventListener("htmx:after:swap", function (e) {
    var place = e.detail.ctx.keepPlace;
    if (!place) return;
    var form = document.getElementById(place.form);
    var anchor = form || document.getElementById(place.target);
    if (!anchor) return;
    window.scrollBy(0, anchor.getBoundingClientRect().top - (form ? place.formTop : place.targetTop));
    var focus = form ? form.querySelector("[aria-invalid=true]") || form.querySelector("button:not([type=button])")
      : anchor.querySelector("summary") || anchor.querySelector("button, a");  // what opened it
    if (focus) focus.focus({preventScroll: true});
  });

  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.dataset.copy);
    field.select();
    if (navigator.clipboard) navigator.clipboard.writeText(field.value);
    button.textContent = "Copied";
  });

  // A menu (<details data-menu>) closes on a click elsewhere, and on Escape with the focus back
  // on its button, as menus do.
  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }
  document.addEventListener("click", function (e) { closeMenus(e.target.closest("details[data-menu]")); });
  document.addEventListener("keydown", function (e) {
    var menu = e.key === "Escape" && e.target.closest("details[data-menu][open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  // A select in a form[data-autosubmit] saves once it is picked with a pointer; the form's
  // button is for pages without JavaScript (app.css hides it under html.js). Arrow keys change
  // a closed select too, so a keyboard change shows the button instead of saving (and
  // reloading) at every step (WCAG 3.2.2).
  document.documentElement.classList.add("js");
  var changedByKey = false;
  document.addEventListener("keydown", function (e) {
    changedByKey = e.target.matches("form[data-autosubmit] select") && e.key !== "Enter";
  });
  document.addEventListener("pointerdown", function () { changedByKey = false; });
  document.addEventListener("change", function (e) {
    var form = e.target.closest("form[data-autosubmit]");
    if (!form || !e.target.matches("select")) return;
    if (changedByKey) form.classList.add("keyed");
    else form.requestSubmit();
  });

  // After a form sent the browser to a new page, the page opens on its confirmation (as GOV.UK's
  // notification banner does): the focus goes to the messages, unless the page points elsewhere
  // (a #fragment, a field with autofocus).
  document.addEventListener("DOMContentLoaded", function () {
    var flash = document.getElementById("flash");
    if (!flash || location.hash || document.querySelector("[autofocus]")) return;
    flash.tabIndex = -1;
    flash.focus();
  });

  loadHtmx();
})();
