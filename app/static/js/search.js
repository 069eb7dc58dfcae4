// Search page: the filters (closed in the HTML, so that results come first on a phone) open beside the results on
// wide screens; on a phone they stay behind their « Filtres (n) » button.
(function () {
  "use strict";
  var filters = document.querySelector(".js-filters");
  if (!filters || !window.matchMedia) { return; }
  if (window.matchMedia("(min-width: 48rem)").matches) {
    filters.open = true;
  }
}());
