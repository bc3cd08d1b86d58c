/* The responsibility grid's keyboard and mouse: a roving tabindex over the cells, arrow keys
   move, R/A/C/I set a role, Delete/Backspace clears, a click opens a small role menu; a reader's
   cell opens its area.
   The server sends each cell as a bare letter (a big grid has thousands), without an id: a cell
   is found by its position, its row and its column header. The cell that takes the focus gets
   a control here, named by those headers and its role's label ("Member Budget management
   Responsible").
   Changes go through htmx (the server answers with the cell, and out of band the other cells
   that changed, found by position, and the summaries);
   the server's `raci:announce` event is read out through the aria-live region.
   A phone shows the map area by area instead: that list loads only when the phone layout
   applies (the media query must match the one in responsibilities.css). */
(function () {
  "use strict";
  var KEYS = {r: "R", a: "A", c: "C", i: "I", Delete: "", Backspace: ""};
  var MOVES = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
  var PHONE = window.matchMedia("(max-width: 40rem)");
  var grid, menu, menuCell, pendingFocus;

  /* A body cell of the grid (not the row header, not the row's status), or null. */
  function cellOf(node) {
    var td = node.closest("tbody td");
    return td && grid.contains(td) && !td.classList.contains("row-status") ? td : null;
  }

  function column(td) { return td.cellIndex - 1; }  // the row header comes first

  function cellAt(row, col) {
    var tr = grid.tBodies[0].rows[row];
    return tr && col >= 0 && col < tr.cells.length - 2 ? tr.cells[col + 1] : null;
  }

  function editable(td) { return Boolean(td.parentElement.dataset.url); }

  function areaId(td) { return td.parentElement.id.slice("area-".length); }

  function memberId(td) {  // from the column header's id "col-<member>"
    return grid.tHead.rows[0].cells[td.cellIndex].id.slice("col-".length);
  }

  /* The focused cell's letter becomes a control named by its headers and its role's label;
     the letter is the role ("·" for none). */
  function makeControl(td) {
    var letter = td.textContent;
    var link = document.createElement("a");
    link.dataset.cell = "";
    link.textContent = letter;
    link.setAttribute("role", editable(td) ? "button" : "link");
    link.setAttribute("aria-labelledby", "col-" + memberId(td) + " row-" + areaId(td) +
      " raci-" + ("RACI".indexOf(letter) >= 0 ? letter : "none"));
    td.replaceChildren(link);
    return link;
  }

  /* One cell is the tab stop and holds the control; the one before goes back to its letter. */
  function tabStop(td) {
    var old = grid.querySelector("[data-cell]");
    if (old && old.parentElement !== td) old.replaceWith(old.textContent);
    var link = td.querySelector("[data-cell]") || makeControl(td);
    link.tabIndex = 0;
    return link;
  }

  function focusCell(td) { tabStop(td).focus(); }

  /* A swap may replace the cell that was the tab stop: the grid keeps one. */
  function keepTabStop() {
    var first = grid && cellAt(0, 0);
    if (first && !grid.querySelector("[data-cell]")) tabStop(first);
  }

  function openArea(td) {
    window.location.href = td.parentElement.querySelector("th a").href;
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
  function openMenu(td) {
    menuCell = td;
    var wide = grid.parentElement;
    var box = wide.getBoundingClientRect();
    var cell = td.getBoundingClientRect();
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

  /* Where the focus goes back once the answer is in: the row stays, its cells are swapped. */
  function remember(td) { pendingFocus = {row: td.parentElement, col: column(td)}; }

  /* Until the answer is in, the cell shows the letter asked for, marked pending; the answer
     replaces the cell. */
  function showPending(td, role) {
    var holder = td.querySelector("[data-cell]") || td;
    td.dataset.was = holder.textContent;
    holder.textContent = role || "·";
    td.classList.add("raci-pending");
  }

  function undoPending(td) {
    if (!td.classList.contains("raci-pending")) return;
    (td.querySelector("[data-cell]") || td).textContent = td.dataset.was;
    td.classList.remove("raci-pending");
  }

  function setRole(td, role) {
    if (!window.htmx) return;
    closeMenu(false);
    remember(td);
    showPending(td, role);
    htmx.ajax("POST", td.parentElement.dataset.url, {
      source: td, target: td, swap: "outerHTML",
      values: {member_id: memberId(td), role: role}
    });
  }

  function restoreFocus() {
    var ask = document.querySelector("#raci-prompt [data-autofocus]");
    if (ask) { ask.focus(); return; }
    var td = pendingFocus && pendingFocus.row.cells[pendingFocus.col + 1];
    pendingFocus = null;
    if (td) focusCell(td);
  }

  function onKeydown(e) {
    var td = e.target.hasAttribute("data-cell") ? e.target.parentElement : null;
    if (!td || e.altKey || e.ctrlKey || e.metaKey) return;
    var move = MOVES[e.key];
    if (move) {
      var next = cellAt(td.parentElement.sectionRowIndex + move[0], column(td) + move[1]);
      if (next) focusCell(next);
      e.preventDefault();
      return;
    }
    var role = KEYS[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (role !== undefined && editable(td)) {
      e.preventDefault();
      setRole(td, role);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (editable(td)) openMenu(td);
      else openArea(td);
    }
  }

  function onClick(e) {
    var td = cellOf(e.target);
    if (!td) return;
    if (!editable(td)) {
      openArea(td);
      return;
    }
    focusCell(td);
    openMenu(td);
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
        if (!menu.hidden && !menu.contains(e.target) && !cellOf(e.target)) {
          closeMenu(false);
        }
      });
    }
    document.addEventListener("submit", function (e) {
      if (e.target.closest("#raci-prompt")) {
        remember(document.querySelector(e.target.getAttribute("hx-target")));
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
  // A cell the answer did not replace (a failed request; a question asked first) is as it was.
  document.addEventListener("htmx:finally:request", function (e) {
    var td = e.detail.ctx && e.detail.ctx.sourceElement;
    if (td && td.classList && td.isConnected) undoPending(td);
  });
  document.addEventListener("htmx:after:settle", function () {
    setTimeout(function () { restoreFocus(); keepTabStop(); }, 0);
  });
  document.addEventListener("DOMContentLoaded", init);
})();
