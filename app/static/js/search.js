// Search page: on small screens, fold the filters away unless one is in use (they stay open without JavaScript).
(function () {
  "use strict";
  var filters = document.querySelector(".js-filters");
  if (!filters || !window.matchMedia) { return; }
  var inUse = filters.querySelector("input[type=checkbox]:checked, input[type=radio][value]:not([value='']):checked, .error-message");
  if (window.matchMedia("(max-width: 47.99rem)").matches && !inUse) {
    filters.open = false;
  }
}());
