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
  document.addEventListener("htmx:error", function () {
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

  loadHtmx();
})();
