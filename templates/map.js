(function () {
  "use strict";
  var tip = document.getElementById("jm-tip");
  function show(point) {
    tip.textContent = point.getAttribute("data-tip");
    tip.hidden = false;
    var box = point.getBoundingClientRect();
    var left = Math.max(8, Math.min(window.innerWidth - tip.offsetWidth - 8, box.left + box.width / 2 - tip.offsetWidth / 2));
    var top = box.top - tip.offsetHeight - 10;
    if (top < 8) { top = box.bottom + 10; }
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }
  function hide() { tip.hidden = true; }
  document.querySelectorAll(".jm-point").forEach(function (point) {
    point.addEventListener("mouseenter", function () { show(point); });
    point.addEventListener("focus", function () { show(point); });
    point.addEventListener("mouseleave", hide);
    point.addEventListener("blur", hide);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  document.querySelectorAll(".jm-toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", on ? "true" : "false");
      document.querySelectorAll(".jm-persona.jm-p" + button.getAttribute("data-persona")).forEach(function (g) {
        if (g.tagName.toLowerCase() === "g") { g.style.display = on ? "" : "none"; }
      });
      showItemsOfShownPersonas();
    });
  });
  // An item of some personas only is hidden when every one of them is hidden.
  function showItemsOfShownPersonas() {
    var hidden = {};
    document.querySelectorAll(".jm-toggle[aria-pressed=\"false\"]").forEach(function (b) {
      hidden[b.getAttribute("data-persona")] = true;
    });
    document.querySelectorAll("[data-personas]").forEach(function (item) {
      var all = item.getAttribute("data-personas").split(" ").every(function (p) { return hidden[p]; });
      item.style.display = all ? "none" : "";
    });
  }
})();
