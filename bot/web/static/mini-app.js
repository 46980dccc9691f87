// The Telegram Mini App hands this page its signed initData; post it to sign in.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var app = window.Telegram && window.Telegram.WebApp;
  var form = document.getElementById("mini-app");
  if (!app || !app.initData) {
    document.getElementById("mini-app-wait").hidden = true;
    document.getElementById("mini-app-outside").hidden = false;
    return;
  }
  if (app.ready) { app.ready(); }
  if (app.expand) { app.expand(); }
  form.elements.init_data.value = app.initData;
  form.submit();
});
