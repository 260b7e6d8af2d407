// LeaseLine's page behaviour, in one file so the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  // Filter panels start folded on a phone unless a filter is in use.
  function foldFiltersOnPhone() {
    if (!window.matchMedia("(max-width: 600px)").matches) { return; }
    document.querySelectorAll('details[data-collapse-on-phone="true"]').forEach(function (box) { box.open = false; });
  }

  // <form data-confirm="Delete this rental?">: asks before a destructive action is sent.
  function confirmDestructiveForms() {
    document.addEventListener("submit", function (event) {
      var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
      if (question && !window.confirm(question)) { event.preventDefault(); }
    }, true);
  }

  // <button data-copy="#selector">: copies that element's text (it is on the page already).
  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = document.querySelector(button.dataset.copy).textContent.trim();
        var done = function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done); return; }
        var area = document.createElement("textarea");
        area.value = text; document.body.appendChild(area); area.select();
        document.execCommand("copy"); area.remove(); done();
      });
    });
  }

  // The agent page's "talk to agent" button, through VAPI's web SDK (loaded on that page only).
  function talkButton() {
    var start = document.getElementById("talk-start"), stop = document.getElementById("talk-stop");
    var status = document.getElementById("talk-status");
    if (!start || !stop || !status || !window.Vapi) { return; }
    var vapi = null;
    var idle = function (text) { status.textContent = text; start.hidden = false; stop.hidden = true; };
    start.addEventListener("click", function () {
      vapi = vapi || new window.Vapi(start.dataset.publicKey);
      vapi.on("call-start", function () { status.textContent = "On the call. Speak now."; start.hidden = true; stop.hidden = false; });
      vapi.on("call-end", function () { idle("Call ended. It appears under Calls in a moment."); });
      vapi.on("error", function (e) { idle("The call failed: " + ((e && (e.errorMsg || e.message)) || "unknown error")); });
      status.textContent = "Connecting…";
      vapi.start(start.dataset.assistantId);
    });
    stop.addEventListener("click", function () { if (vapi) { vapi.stop(); } });
  }

  confirmDestructiveForms();
  document.addEventListener("DOMContentLoaded", function () {
    foldFiltersOnPhone();
    copyButtons();
    talkButton();
  });
})();
