// Keyboard navigation for the Corroborator web app (no dependencies, no inline script).
//   j / k  move to the next / previous item (stories, claims, articles, sections)
//   Enter  open the current item's first link
//   /      focus the search box
(function () {
  "use strict";
  var SELECTOR = "[data-nav], .story h3, table.claims tbody tr";
  var current = -1;

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll(SELECTOR));
  }

  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function move(step) {
    var list = items();
    if (!list.length) { return; }
    if (current >= 0 && current < list.length) { list[current].classList.remove("nav-current"); }
    current = Math.max(0, Math.min(list.length - 1, current + step));
    var el = list[current];
    el.classList.add("nav-current");
    el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (typing(ev.target)) {
      if (ev.key === "Escape") { ev.target.blur(); }
      return;
    }
    if (ev.key === "j") { move(1); ev.preventDefault(); }
    else if (ev.key === "k") { move(-1); ev.preventDefault(); }
    else if (ev.key === "/") {
      var box = document.getElementById("search");
      if (box) { box.focus(); box.select(); ev.preventDefault(); }
    } else if (ev.key === "Enter") {
      var list = items();
      var link = current >= 0 && list[current] ? list[current].querySelector("a[href]") : null;
      if (link) { link.click(); ev.preventDefault(); }
    }
  });
})();
