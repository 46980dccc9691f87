// Forms marked "send-once" are sent once: a second click (a double click on "Gửi") while the
// first request is on its way does nothing. The server queues a confirmation once anyway
// (its one-time key); this only spares the second request.
(function () {
  "use strict";
  document.querySelectorAll("form.send-once").forEach(function (form) {
    var sent = false;
    form.addEventListener("submit", function (event) {
      if (sent) {
        event.preventDefault();
        return;
      }
      sent = true;
    });
  });
})();
