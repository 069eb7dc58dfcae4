// Autocomplete of « Quel métier ? » and « Où ? »: a native <datalist> filled from the server (the form works without it).
(function () {
  "use strict";
  var DELAY_MS = 200;
  var MIN_LENGTH = 2;

  document.querySelectorAll("input[data-autocomplete-url]").forEach(function (input, index) {
    var list = document.createElement("datalist");
    list.id = "suggestions-" + (input.id || index);
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);
    var timer = null;
    var controller = null;
    var last = "";

    function fill(items) {
      list.replaceChildren();
      items.forEach(function (item) {
        var option = document.createElement("option");
        // Communes come as {label, value}: the label goes in the field, and the server reads it back.
        option.value = typeof item === "string" ? item : item.label;
        list.appendChild(option);
      });
    }

    function load(text) {
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) { if (input.value.trim() === text) { fill(items); } })
        .catch(function () { /* aborted or offline: typing still works */ });
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (text === last) { return; }
      last = text;
      window.clearTimeout(timer);
      if (text.length < MIN_LENGTH) { fill([]); return; }
      timer = window.setTimeout(function () { load(text); }, DELAY_MS);
    });
  });
}());
