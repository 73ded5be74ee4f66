/* Map page: "Vollbild / Beamer" shows the map in its projector look, full screen (Fullscreen API).
   Leaving full screen (Esc) brings back the map as it was. */
(function () {
  "use strict";
  var button = document.getElementById("beamer");
  var frame = document.getElementById("karte");
  var hint = document.getElementById("beamer-hinweis");
  if (!button || !frame) return;
  var normal = frame.getAttribute("src");
  var beamer = button.getAttribute("data-beamer-src");

  button.addEventListener("click", function () {
    if (frame.getAttribute("src") !== beamer) frame.setAttribute("src", beamer);
    if (frame.requestFullscreen) {
      frame.requestFullscreen().then(function () {
        hint.textContent = "Vollbild: mit Esc zurück.";
      }, function () {
        hint.textContent = "Der Browser erlaubt hier kein Vollbild; die Karte ist auf Beamer-Darstellung umgestellt (Taste F11 für Vollbild).";
      });
    } else {
      hint.textContent = "Dieser Browser kennt kein Vollbild; die Karte ist auf Beamer-Darstellung umgestellt.";
    }
  });

  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && frame.getAttribute("src") !== normal) {
      frame.setAttribute("src", normal);
      hint.textContent = "";
    }
  });
})();
