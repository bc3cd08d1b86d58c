/* The responsibility grid's keyboard and mouse: a roving tabindex over the cells, arrow keys
   move, R/A/C/I set a role, Delete/Backspace clears, a click opens a small role menu.
   Changes go through htmx (the server answers with the cell and the summaries out of band);
   the server's `raci:announce` event is read out through the aria-live region. */
(function () {
  "use strict";
  var KEYS = {r: "R", a: "A", c: "C", i: "I", Delete: "", Backspace: ""};
  var MOVES = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
  var grid, menu, menuCell, pendingFocus;

  function cellsOf(row) { return row ? row.querySelectorAll("[data-cell]") : []; }

  function coordinates(link) {
    var row = link.closest("tr");
    var rows = Array.prototype.slice.call(grid.tBodies[0].rows);
    return [rows.indexOf(row), Array.prototype.indexOf.call(cellsOf(row), link)];
  }

  function cellAt(row, col) { return cellsOf(grid.tBodies[0].rows[row])[col] || null; }

  function focusCell(link) {
    grid.querySelectorAll("[data-cell]").forEach(function (c) { c.tabIndex = -1; });
    link.tabIndex = 0;
    link.focus();
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

  function editable(link) { return Boolean(link.closest("tr").dataset.url); }

  function setRole(link, role) {
    if (!window.htmx) return;
    var id = link.closest("td").id;
    closeMenu(false);
    pendingFocus = id;
    htmx.ajax("POST", link.closest("tr").dataset.url, {
      source: link, target: "#" + id, swap: "outerHTML",
      values: {member_id: link.dataset.member, role: role}
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
    } else if ((e.key === "Enter" || e.key === " ") && editable(link)) {
      e.preventDefault();
      openMenu(link);
    }
  }

  function onClick(e) {
    var link = e.target.closest("[data-cell]");
    if (link && editable(link)) {
      e.preventDefault();
      focusCell(link);
      openMenu(link);
    }
  }

  function init() {
    grid = document.querySelector("[data-raci-grid]");
    if (!grid) return;
    menu = document.getElementById("cell-menu");
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
  document.addEventListener("htmx:after:settle", function () { setTimeout(restoreFocus, 0); });
  document.addEventListener("DOMContentLoaded", init);
})();
