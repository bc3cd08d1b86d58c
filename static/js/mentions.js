/* The @mention autocomplete of comment boxes (textarea[data-mentions] = the URL that suggests
   people). Typing "@" and a letter or more lists matching team members below the box, as an
   ARIA listbox the box points into (aria-controls, aria-activedescendant: focus stays in the
   box). Up and Down move, Enter or Tab picks, Escape closes; a live region says what happened.
   Picking inserts "@[Name](id)" (plplan/notifications/mentions.py). Without this script the
   box is a plain textarea. Boxes come and go with htmx swaps: everything is delegated. */
(function () {
  "use strict";
  var words = document.currentScript.dataset;
  var TYPED = /(?:^|\s)@([^\s@\[\]()][^@\[\]()\n]{0,39})$/;
  var open = null; // {box, list, start, active}
  var asked = 0;
  var timer = null;

  function say(text) {
    var status = document.getElementById("mention-status");
    if (!status) {
      status = document.createElement("div");
      status.id = "mention-status";
      status.className = "sr-only";
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = text;
  }

  function listOf(box) {
    var id = box.id + "-mentions";
    var list = document.getElementById(id);
    if (!list) {
      list = document.createElement("ul");
      list.id = id;
      list.className = "mention-list";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", words.label);
      list.hidden = true;
      box.insertAdjacentElement("afterend", list);
      box.setAttribute("aria-autocomplete", "list");
      box.setAttribute("aria-controls", id);
    }
    return list;
  }

  function close() {
    if (!open) return;
    open.list.hidden = true;
    open.list.replaceChildren();
    open.box.removeAttribute("aria-activedescendant");
    open = null;
  }

  function activate(index) {
    var options = open.list.children;
    open.active = (index + options.length) % options.length;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === open.active ? "true" : "false");
    }
    open.box.setAttribute("aria-activedescendant", options[open.active].id);
  }

  function show(box, start, people) {
    close();
    if (!people.length) {
      say(words.none);
      return;
    }
    var list = listOf(box);
    people.forEach(function (person, i) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.textContent = person.name;
      option.dataset.mention = person.mention;
      list.appendChild(option);
    });
    list.hidden = false;
    open = {box: box, list: list, start: start, active: 0};
    activate(0);
    say(words.found.replace("{n}", people.length));
  }

  function pick(option) {
    var box = open.box;
    var caret = box.selectionStart;
    var text = option.dataset.mention + " ";
    box.value = box.value.slice(0, open.start) + text + box.value.slice(caret);
    box.selectionStart = box.selectionEnd = open.start + text.length;
    say(words.picked.replace("{name}", option.textContent));
    close();
  }

  function typed(box) {
    var found = TYPED.exec(box.value.slice(0, box.selectionStart));
    clearTimeout(timer);
    if (!found) {
      asked++; // an answer still on its way is for text no longer there
      close();
      return;
    }
    var start = box.selectionStart - found[1].length - 1;
    var mine = ++asked;
    timer = setTimeout(function () {
      var url = box.dataset.mentions + "?q=" + encodeURIComponent(found[1]);
      fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (people) { if (mine === asked) show(box, start, people); })
        .catch(close);
    }, 150);
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("textarea[data-mentions]")) typed(e.target);
  });

  document.addEventListener("keydown", function (e) {
    if (!open || e.target !== open.box) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      activate(open.active + (e.key === "ArrowDown" ? 1 : -1));
      say(open.list.children[open.active].textContent);
    } else if (e.key === "Enter" || e.key === "Tab") {
      pick(open.list.children[open.active]);
    } else if (e.key === "Escape") {
      close();
      e.stopPropagation();
    } else {
      return;
    }
    e.preventDefault();
  });

  // A click picks without taking the focus from the box; leaving the box closes the list.
  document.addEventListener("mousedown", function (e) {
    var option = open && e.target.closest && e.target.closest(".mention-list [role=option]");
    if (option && open.list.contains(option)) {
      e.preventDefault();
      pick(option);
    }
  });
  document.addEventListener("focusout", function (e) {
    if (open && e.target === open.box) close();
  });
})();
