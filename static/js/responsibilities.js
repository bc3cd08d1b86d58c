/* The responsibility grid's keyboard and mouse: a roving tabindex over the cells, arrow keys
   move, R/A/C/I set a role, Delete/Backspace clears, a click opens a small role menu; a reader's
   cell opens its area.
   The server sends each cell as a bare letter in a placeholder link (a big grid has thousands);
   the cell that takes the focus becomes a control here, named by its column and row headers and
   its role's label ("Member Budget management Responsible").
   Changes go through htmx (the server answers with the cell and the summaries out of band);
   the server's `raci:announce` event is read out through the aria-live region.
   A phone shows the map area by area instead: that list loads only when the phone layout
   applies (the media query must match the one in responsibilities.css). */
(function () {
  "use strict";
  var KEYS = {r: "R", a: "A", c: "C", i: "I", Delete: "", Backspace: ""};
  var MOVES = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
  var PHONE = window.matchMedia("(max-width: 40rem)");
  var grid, menu, menuCell, pendingFocus;

  function cellsOf(row) { return row ? row.querySelectorAll("[data-cell]") : []; }

  function coordinates(link) {
    var row = link.closest("tr");
    var rows = Array.prototype.slice.call(grid.tBodies[0].rows);
    return [rows.indexOf(row), Array.prototype.indexOf.call(cellsOf(row), link)];
  }

  function cellAt(row, col) { return cellsOf(grid.tBodies[0].rows[row])[col] || null; }

  function editable(link) { return Boolean(link.closest("tr").dataset.url); }

  function ids(link) {  // [area id, member id] from the cell's id "cell-<area>-<member>"
    return link.closest("td").id.split("-").slice(1);
  }

  function makeControl(link) {
    var at = ids(link);
    var role = (link.closest("td").className.match(/raci-(\w)/) || [null, "none"])[1];
    link.setAttribute("role", editable(link) ? "button" : "link");
    link.setAttribute("aria-labelledby", "col-" + at[1] + " row-" + at[0] + " raci-" + role);
    link.tabIndex = -1;
  }

  function tabStop(link) {
    grid.querySelectorAll("[data-cell][tabindex='0']").forEach(function (c) { c.tabIndex = -1; });
    makeControl(link);
    link.tabIndex = 0;
  }

  function focusCell(link) {
    tabStop(link);
    link.focus();
  }

  /* A swap may replace the cell that was the tab stop: the grid keeps one. */
  function keepTabStop() {
    if (grid && !grid.querySelector("[data-cell][tabindex='0']")) {
      tabStop(grid.querySelector("[data-cell]"));
    }
  }

  function openArea(link) {
    window.location.href = link.closest("tr").querySelector("th a").href;
  }

  function announce(message) {
    var live = document.getElementById("raci-live");
    live.textContent = "";
    setTimeout(function () { live.textContent = message; }, 30);
  }

  function closeMenu(refocus) {
    if (!menu || menu.hidden) return;
    menu.hidden = true;
    if (refocus && menuCell) focusCell(menuCell);
  }

  /* The menu opens beside the cell, level with its row, so it never covers the row below:
     to the right of the cell, or to its left where the right has no room. */
  function openMenu(link) {
    menuCell = link;
    var wide = grid.parentElement;
    var box = wide.getBoundingClientRect();
    var cell = link.getBoundingClientRect();
    menu.style.height = cell.height + "px";
    menu.hidden = false;
    var width = menu.offsetWidth;
    var left = cell.right - box.left + wide.scrollLeft;
    if (cell.right + width > box.right && cell.left - width >= box.left) {
      left = cell.left - box.left + wide.scrollLeft - width;
    }
    menu.style.top = (cell.top - box.top) + "px";
    menu.style.left = left + "px";
    menu.querySelector("button").focus();
  }

  function setRole(link, role) {
    if (!window.htmx) return;
    var id = link.closest("td").id;
    closeMenu(false);
    pendingFocus = id;
    htmx.ajax("POST", link.closest("tr").dataset.url, {
      source: link, target: "#" + id, swap: "outerHTML",
      values: {member_id: ids(link)[1], role: role}
    });
  }

  function restoreFocus() {
    var ask = document.querySelector("#raci-prompt [data-autofocus]");
    if (ask) { ask.focus(); return; }
    var td = pendingFocus && document.getElementById(pendingFocus);
    pendingFocus = null;
    if (td) focusCell(td.querySelector("[data-cell]"));
  }

  function onKeydown(e) {
    var link = e.target.closest("[data-cell]");
    if (!link || e.altKey || e.ctrlKey || e.metaKey) return;
    var move = MOVES[e.key];
    if (move) {
      var at = coordinates(link);
      var next = cellAt(at[0] + move[0], at[1] + move[1]);
      if (next) focusCell(next);
      e.preventDefault();
      return;
    }
    var role = KEYS[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (role !== undefined && editable(link)) {
      e.preventDefault();
      setRole(link, role);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (editable(link)) openMenu(link);
      else openArea(link);
    }
  }

  function onClick(e) {
    var link = e.target.closest("[data-cell]");
    if (!link) return;
    if (!editable(link)) {
      openArea(link);
      return;
    }
    focusCell(link);
    openMenu(link);
  }

  /* Fresh each time the phone layout starts: the grid may have changed in between. */
  function loadCards(cards, url) {
    if (PHONE.matches) {
      htmx.ajax("GET", url, {source: cards, target: "#raci-cards", swap: "innerHTML"});
    }
  }

  function initCards() {
    var cards = document.getElementById("raci-cards");
    if (!cards) return;
    var url = cards.querySelector("a").href;  // without JavaScript, the link opens the list
    function start() {
      loadCards(cards, url);
      PHONE.addEventListener("change", function () { loadCards(cards, url); });
    }
    // app.js loads htmx after this script may have run: then start once htmx has set up the page
    if (window.htmx) start();
    else document.addEventListener("htmx:after:process", start, {once: true});
  }

  function init() {
    initCards();
    grid = document.querySelector("[data-raci-grid]");
    if (!grid) return;
    menu = document.getElementById("cell-menu");
    keepTabStop();
    grid.addEventListener("keydown", onKeydown);
    grid.addEventListener("click", onClick);
    if (menu) {
      menu.addEventListener("click", function (e) {
        var button = e.target.closest("[data-role]");
        if (button) setRole(menuCell, button.dataset.role);
      });
      menu.addEventListener("keydown", function (e) {
        if (e.key === "Escape") closeMenu(true);
      });
      document.addEventListener("click", function (e) {
        if (!menu.hidden && !menu.contains(e.target) && !e.target.closest("[data-cell]")) {
          closeMenu(false);
        }
      });
    }
    document.addEventListener("submit", function (e) {
      if (e.target.closest("#raci-prompt")) {
        pendingFocus = e.target.getAttribute("hx-target").slice(1);
      }
    }, true);
    document.addEventListener("click", function (e) {
      if (!e.target.closest("#raci-prompt [data-dismiss]")) return;
      e.preventDefault();
      document.getElementById("raci-prompt").innerHTML = "";
      announce("Accountability unchanged.");
      restoreFocus();
    });
  }

  document.addEventListener("raci:announce", function (e) { announce(e.detail.message); });
  document.addEventListener("htmx:after:settle", function () {
    setTimeout(function () { restoreFocus(); keepTabStop(); }, 0);
  });
  document.addEventListener("DOMContentLoaded", init);
})();
