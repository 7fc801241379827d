// Mokadesk page behaviour. No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  function csrf() {
    var token = document.querySelector('meta[name="csrf-token"]');
    var header = document.querySelector('meta[name="csrf-header"]');
    return token && header ? { header: header.content, token: token.content } : null;
  }

  // htmx requests carry the CSRF token like forms do.
  document.addEventListener("htmx:configRequest", function (event) {
    var c = csrf();
    if (c) event.detail.headers[c.header] = c.token;
  });

  // Selects marked data-autosubmit submit their form when changed (role, workspace switcher).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
  });

  function conversationId() {
    var main = document.querySelector("main[data-conversation]");
    return main ? main.getAttribute("data-conversation") : null;
  }

  // Tell colleagues that this conversation is open, and when someone types in it.
  var lastTyping = 0;
  function presence(state) {
    var id = conversationId();
    var c = csrf();
    if (!id || !c) return;
    var headers = { "Content-Type": "application/x-www-form-urlencoded" };
    headers[c.header] = c.token;
    fetch("/live/presence", {
      method: "POST",
      headers: headers,
      body: "conversationId=" + encodeURIComponent(id) + "&state=" + state,
      credentials: "same-origin"
    }).catch(function () {});
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!conversationId()) return;
    presence("viewing");
    setInterval(function () { if (!document.hidden) presence("viewing"); }, 15000);
    var text = document.getElementById("reply-text");
    if (text) {
      text.addEventListener("input", function () {
        var now = Date.now();
        if (now - lastTyping > 3000) { lastTyping = now; presence("typing"); }
      });
    }
    // The reply box hint follows the chosen kind (reply or internal note).
    document.querySelectorAll('#reply-form input[name="type"]').forEach(function (radio) {
      radio.addEventListener("change", function () {
        var box = document.getElementById("reply-text");
        if (!box.dataset.replyPlaceholder) box.dataset.replyPlaceholder = box.placeholder;
        box.placeholder = radio.value === "note" ? box.dataset.notePlaceholder : box.dataset.replyPlaceholder;
      });
    });
  });

  // The page shows (and tests can see) whether live updates are connected.
  document.addEventListener("htmx:sseOpen", function () { document.body.dataset.live = "open"; });
  document.addEventListener("htmx:sseError", function () { document.body.dataset.live = "error"; });

  // A storm opened: the banner refreshes at once. Pages with a live connection of their own get the
  // "storm" event through it (hx-trigger "sse:storm"); the others open one just for the banner.
  document.addEventListener("DOMContentLoaded", function () {
    var banner = document.getElementById("storm-banner");
    if (!banner || document.querySelector("[sse-connect]") || !window.EventSource) return;
    var source = new EventSource("/live");
    source.onopen = function () { document.body.dataset.live = "open"; };
    source.onerror = function () { document.body.dataset.live = "error"; };
    source.addEventListener("storm", function () { if (window.htmx) htmx.trigger(banner, "storm"); });
  });

  // A colleague's presence note fades after a while unless refreshed.
  var presenceTimer;
  document.addEventListener("htmx:sseMessage", function (event) {
    if (!event.detail || !String(event.detail.type || "").startsWith("presence-")) return;
    clearTimeout(presenceTimer);
    presenceTimer = setTimeout(function () {
      var line = document.getElementById("presence");
      if (line) line.innerHTML = "";
    }, 20000);
  });

  // After a reply is sent the box empties; an answer marked X-Composer-Keep (a refusal, a saved or
  // submitted draft) leaves the text where it is.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var keep = event.detail.xhr && event.detail.xhr.getResponseHeader("X-Composer-Keep");
    if (form && form.id === "reply-form" && event.detail.successful && !keep) form.reset();
  });

  // Keyboard: Ctrl/Cmd+Enter sends the reply, Escape goes back to the inbox, "/" focuses search.
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && event.target.id === "reply-text") {
      event.preventDefault();
      document.getElementById("reply-form").requestSubmit();
    } else if (event.key === "Escape" && conversationId() && event.target.tagName !== "TEXTAREA") {
      window.location.href = "/inbox";
    } else if (event.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(event.target.tagName)) {
      var q = document.getElementById("q");
      if (q) { event.preventDefault(); q.focus(); }
    }
  });
})();
