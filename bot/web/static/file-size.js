// A file field with "data-max-bytes" refuses, before sending, a file larger than the server
// takes: the browser says so next to the field and keeps everything typed in the form (the
// server checks again; this only spares a long upload and a lost form).
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    input.addEventListener("change", function () {
      var tooLarge = Array.prototype.some.call(input.files, function (file) {
        return file.size > limit;
      });
      input.setCustomValidity(tooLarge ? input.getAttribute("data-too-large") : "");
      if (tooLarge) {
        input.reportValidity();
      }
    });
  });
})();
