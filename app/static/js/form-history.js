// A form shown again with its errors comes from a POST: turn its history entry into a plain visit of the same
// address, so that going back to it (or reloading it) never asks « Confirmer le nouvel envoi du formulaire ».
(function () {
  "use strict";
  if (window.history && window.history.replaceState) {
    window.history.replaceState(window.history.state, "", window.location.href);
  }
}());
