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

  // <button data-busy-label="Scraping…">: a long action. From the click until the answer the
  // button is held (disabled) and says what is happening. A page that loads next replaces it;
  // after an htmx request it is freed, or replaced by what the answer brings (out of band);
  // a failed request frees it with a line saying so.
  function busyButtons() {
    var HTMX_FORM = "[hx-post],[hx-get],[hx-put],[hx-patch],[hx-delete],[data-hx-post],[data-hx-get]";
    var hold = function (button) {
      if (!button || button.dataset.busyHeld) { return; }
      button.dataset.busyHeld = "true";
      button.dataset.busyIdleLabel = button.textContent;
      button.textContent = button.dataset.busyLabel;
      button.setAttribute("aria-busy", "true");
      var said = button.parentNode && button.parentNode.querySelector("[data-busy-failed]");
      if (said) { said.remove(); }
      // Disabled once this event is over: a disabled submitter would be left out of the form's data.
      setTimeout(function () { if (button.dataset.busyHeld) { button.disabled = true; } }, 0);
    };
    var free = function (button, failed) {
      if (!button || !button.dataset.busyHeld) { return; }
      delete button.dataset.busyHeld;
      button.disabled = false;
      button.textContent = button.dataset.busyIdleLabel;
      button.removeAttribute("aria-busy");
      if (failed && button.isConnected) {
        var line = document.createElement("span");
        line.className = "error"; line.setAttribute("role", "alert"); line.dataset.busyFailed = "true";
        line.textContent = " That did not go through. Try again in a moment.";
        button.insertAdjacentElement("afterend", line);
      }
    };
    var busyButtonOf = function (element, submitter) {
      if (!element || !element.matches) { return null; }
      if (element.matches("[data-busy-label]")) { return element; }
      if (submitter && submitter.matches && submitter.matches("[data-busy-label]")) { return submitter; }
      return element.tagName === "FORM" ? element.querySelector("[type=submit][data-busy-label]") : null;
    };
    var requestButton = function (event) {
      var config = event.detail.requestConfig, trigger = config && config.triggeringEvent;
      return busyButtonOf(event.detail.elt, trigger && trigger.submitter);
    };
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.matches(HTMX_FORM) || event.defaultPrevented) { return; }  // htmx's own, or not sent
      hold(busyButtonOf(form, event.submitter));
    });
    document.addEventListener("htmx:beforeRequest", function (event) { hold(requestButton(event)); });
    document.addEventListener("htmx:afterRequest", function (event) {
      free(requestButton(event), !event.detail.successful);
    });
    // Back to a page the browser kept: nothing is under way there any more.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) { return; }
      document.querySelectorAll("[data-busy-held]").forEach(function (button) { free(button, false); });
    });
  }

  // <div data-tz-picker>: the time-zone select gets its search box. Typing keeps the options
  // whose name, place or offset hold every word; a choice the search hides gives way to the
  // first match, so "chicago" then Save picks Chicago. Without script the select works alone.
  function timezonePickers() {
    document.querySelectorAll("[data-tz-picker]").forEach(function (picker) {
      var search = picker.querySelector(".tz-search"), select = picker.querySelector("select");
      var count = picker.querySelector(".tz-count");
      if (!search || !select) { return; }
      var groups = Array.prototype.map.call(select.querySelectorAll("optgroup"), function (group) {
        return { group: group, options: Array.prototype.slice.call(group.querySelectorAll("option")) };
      });
      var text = function (option) { return (option.value + " " + option.textContent).toLowerCase().replace(/_/g, " "); };
      search.hidden = false;
      search.addEventListener("input", function () {
        var words = search.value.toLowerCase().replace(/_/g, " ").split(/\s+/).filter(Boolean);
        var matches = function (option) {
          var haystack = text(option);
          return words.every(function (word) { return haystack.indexOf(word) !== -1; });
        };
        var found = groups.some(function (entry) { return entry.options.some(matches); });
        var wanted = select.value, first = null, kept = 0, chosenKept = false;
        groups.forEach(function (entry) {
          entry.group.textContent = "";
          entry.options.forEach(function (option) {
            // Nothing matches: every zone stays, so the select never goes empty.
            if (!found || matches(option)) {
              entry.group.appendChild(option); kept += 1;
              first = first || option;
              chosenKept = chosenKept || option.value === wanted;
            }
          });
          entry.group.hidden = !entry.group.children.length;
        });
        // Re-adding options moves the browser's choice: set it again, to the same zone if it is
        // still listed, else to the first match.
        if (first) { select.value = chosenKept ? wanted : first.value; }
        if (count) {
          count.hidden = !words.length;
          count.textContent = found ? kept + (kept === 1 ? " time zone matches." : " time zones match.") : "No time zone matches; try a city or a country.";
        }
      });
    });
  }

  confirmDestructiveForms();
  busyButtons();
  document.addEventListener("DOMContentLoaded", function () {
    foldFiltersOnPhone();
    copyButtons();
    talkButton();
    timezonePickers();
  });
})();
