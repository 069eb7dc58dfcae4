// Share box: a « Copier le lien » button where the clipboard is available (the URL field works without it).
(function () {
  "use strict";
  document.querySelectorAll(".js-copy").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = button.closest(".share").querySelector(".js-copy-status");
    if (!field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = "Lien copié.";
      }, function () {
        field.select();
        status.textContent = "Sélectionnez le lien puis copiez-le.";
      });
    });
  });
  document.querySelectorAll(".share-url").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
}());
