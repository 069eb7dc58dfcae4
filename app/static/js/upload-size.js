// File inputs with data-max-bytes: say at once, next to the field, that a file is too big (the server checks too).
(function () {
  "use strict";
  function megabytes(size) {
    return (size / 1048576).toFixed(1).replace(".", ",").replace(/,0$/, "");
  }

  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var limit = Number(input.dataset.maxBytes);
    var message = document.createElement("p");
    var what = input.accept && input.accept.indexOf("image") === 0 ? "Cette image est trop lourde" : "Ce fichier est trop lourd";
    message.className = "error-message";
    message.id = input.id + "-taille";
    message.hidden = true;
    input.insertAdjacentElement("afterend", message);

    function tooBig() {
      var file = input.files && input.files[0];
      return file && file.size > limit ? file : null;
    }

    function check() {
      var file = tooBig();
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== message.id;
      });
      message.hidden = !file;
      message.textContent = file ? what + " (" + megabytes(file.size) + " Mo) : " + megabytes(limit) +
        " Mo au maximum. Choisissez un fichier plus léger." : "";
      if (file) { described.push(message.id); }
      input.setAttribute("aria-describedby", described.join(" "));
      if (file) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    }

    input.addEventListener("change", check);
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        if (tooBig()) {
          event.preventDefault();
          check();
          input.focus();
        }
      });
    }
  });
}());
