// Business form: fill the commune list from the typed postcode (the form also works without this script).
(function () {
  "use strict";
  document.querySelectorAll(".js-communes").forEach(function (box) {
    var postcode = document.getElementById(box.dataset.postcode);
    var select = document.getElementById(box.dataset.commune);
    if (!postcode || !select) { return; }
    var last = postcode.value.trim();

    function fill(communes) {
      var current = select.value;
      var placeholder = select.options.length ? select.options[0].text : "— Choisissez la commune —";
      select.replaceChildren(new Option(placeholder, ""));
      communes.forEach(function (commune) {
        select.add(new Option(commune.name, commune.insee, false, commune.insee === current));
      });
      if (communes.length === 1) { select.value = communes[0].insee; }
    }

    postcode.addEventListener("input", function () {
      var value = postcode.value.trim();
      if (value === last) { return; }
      last = value;
      if (!/^\d{5}$/.test(value)) { fill([]); return; }
      fetch(box.dataset.url + "?cp=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { communes: [] }; })
        .then(function (data) { if (postcode.value.trim() === value) { fill(data.communes); } })
        .catch(function () { /* the server asks to choose on submit */ });
    });
  });
}());
