// The import status page: ask how far the import got once a second; reload when it is done.
(function () {
  "use strict";
  var box = document.getElementById("import-stand");
  if (!box) { return; }
  var bar = document.getElementById("import-fortschritt");
  var text = document.getElementById("import-text");
  var number = new Intl.NumberFormat("de-DE");
  function ask() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.state !== "running" && s.state !== "checked") { window.location.reload(); return; }
        bar.max = s.total || 1;
        bar.value = s.written;
        text.textContent = "Der Import läuft: " + number.format(s.written) + " von " +
          number.format(s.total) + " Datensätzen geschrieben.";
        window.setTimeout(ask, 1000);
      })
      .catch(function () { window.setTimeout(ask, 3000); });
  }
  window.setTimeout(ask, 500);
})();
