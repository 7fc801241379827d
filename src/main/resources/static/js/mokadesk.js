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
    // The list's live refresh (and the answer to a bulk change) keeps as many rows as "More" has loaded.
    var elt = event.detail.elt;
    if (elt && (elt.id === "inbox-live" || elt.id === "bulk")) {
      var shown = document.querySelectorAll("#rows li.row").length;
      if (shown > 50) event.detail.parameters.rows = String(shown);
    }
  });

  // Selects marked data-autosubmit submit their form when changed (role, workspace switcher).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
  });

  function workspace() { return document.querySelector("main.workspace"); }

  function conversationId() {
    var open = document.querySelector("[data-conversation]");
    return open ? open.getAttribute("data-conversation") : null;
  }

  // ----- presence: tell colleagues that this conversation is open, and when someone types in it -----
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
    if (conversationId()) presence("viewing");
    setInterval(function () { if (!document.hidden && conversationId()) presence("viewing"); }, 15000);
  });
  document.addEventListener("input", function (event) {
    if (event.target.id !== "reply-text") return;
    var now = Date.now();
    if (now - lastTyping > 3000) { lastTyping = now; presence("typing"); }
  });

  // The reply box hint follows the chosen kind (reply or internal note).
  function kind(value) {
    var box = document.getElementById("reply-text");
    var radio = document.querySelector('#reply-form input[name="type"][value="' + value + '"]');
    if (!box || !radio) return null;
    radio.checked = true;
    if (!box.dataset.replyPlaceholder) box.dataset.replyPlaceholder = box.placeholder;
    box.placeholder = value === "note" ? box.dataset.notePlaceholder : box.dataset.replyPlaceholder;
    return box;
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches('#reply-form input[name="type"]')) kind(event.target.value);
  });

  // ----- a half-written reply or note stays with its conversation while the agent looks at others -----
  // Kept in this tab's session storage per conversation, on every keystroke (the server's draft autosave
  // waits for a pause in typing and keeps replies only, not notes). Restored when the conversation opens
  // again with an empty box; forgotten once it is sent, handed to the server for good, or on signing out.
  var DRAFT_PREFIX = "mokadesk.compose.";

  function composerConversation() {
    var composer = document.getElementById("composer");
    return composer ? composer.getAttribute("data-conversation") : null;
  }

  function keepDraft() {
    var id = composerConversation();
    var box = document.getElementById("reply-text");
    if (!id || !box) return;
    try {
      if (box.value.trim() === "") { sessionStorage.removeItem(DRAFT_PREFIX + id); return; }
      var chosen = document.querySelector('#reply-form input[name="type"]:checked');
      sessionStorage.setItem(DRAFT_PREFIX + id,
        JSON.stringify({ type: chosen ? chosen.value : "reply", text: box.value }));
    } catch (e) { /* storage full or off: the server's autosave still keeps replies */ }
  }

  function forgetDraft() {
    var id = composerConversation();
    try { if (id) sessionStorage.removeItem(DRAFT_PREFIX + id); } catch (e) { /* nothing kept */ }
  }

  function restoreDraft() {
    var id = composerConversation();
    var box = document.getElementById("reply-text");
    if (!id || !box || box.value.trim() !== "") return;
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(DRAFT_PREFIX + id) || "null"); } catch (e) { saved = null; }
    if (!saved || typeof saved.text !== "string" || saved.text === "") return;
    box.value = saved.text;
    var radio = document.querySelector('#reply-form input[name="type"][value="' +
      (saved.type === "note" ? "note" : "reply") + '"]');
    if (radio && !radio.checked) {
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target.id === "reply-text") keepDraft();
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches('#reply-form input[name="type"]')) keepDraft();
  });
  document.addEventListener("DOMContentLoaded", restoreDraft);
  // Signing out forgets the tab's unsent texts: the next person to sign in on it does not see them.
  document.addEventListener("submit", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("action");
    if (!action || !/\/logout$/.test(action)) return;
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var key = sessionStorage.key(i);
        if (key && key.indexOf(DRAFT_PREFIX) === 0) sessionStorage.removeItem(key);
      }
    } catch (e) { /* nothing kept */ }
  });
  // The composer's answers (fragments/composer.html) say where the server's draft is. Once it is with the
  // server for good — submitted for review or further, sent, or replaced by a suggestion — the server's copy
  // is the one that counts and the tab's copy is forgotten (it must not come back after a reviewer sent it).
  // Otherwise the text typed here last comes back before the composer fills an empty box with the autosaved
  // draft, which may be older. This listener is registered before the composer's own.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "composer-status") return;
    var state = document.getElementById("draft-state");
    var suggestion = document.getElementById("draft-restore");
    if (document.getElementById("draft-sent") ||
        (state && state.getAttribute("data-state") !== "draft") ||
        (suggestion && suggestion.dataset.replace === "true")) {
      forgetDraft();
      return;
    }
    restoreDraft();
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

  // ----- the list: the active row, the selection for bulk actions -----
  var selected = new Set();

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#rows li.row")); }

  // The row the agent is on: the open conversation, or where j/k moved to before opening anything. A live
  // refresh of the list re-renders the rows and must leave the agent where they were.
  var activeId = null;

  function markActive(id, focus) {
    if (id) activeId = id;
    rows().forEach(function (row) {
      var on = row.id === "c-" + id;
      row.classList.toggle("active", on);
      if (on) {
        var link = row.querySelector("a.open");
        if (focus && link) link.focus({ preventScroll: true });
        row.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function activeRow() {
    return document.querySelector("#rows li.row.active") || null;
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var current = activeRow();
    var index = current ? all.indexOf(current) + step : (step > 0 ? 0 : all.length - 1);
    index = Math.max(0, Math.min(all.length - 1, index));
    markActive(all[index].id.substring(2), true);
  }

  function syncSelection() {
    rows().forEach(function (row) {
      var box = row.querySelector("input.pick");
      if (box) box.checked = selected.has(box.value);
    });
    var bar = document.getElementById("bulk");
    if (!bar) return;
    bar.hidden = selected.size === 0;
    var count = document.getElementById("bulk-count");
    if (count) count.textContent = selected.size + " " + (count.dataset.template || "");
  }

  document.addEventListener("change", function (event) {
    if (!event.target.matches("input.pick")) return;
    if (event.target.checked) selected.add(event.target.value); else selected.delete(event.target.value);
    syncSelection();
  });

  // Opening a conversation from the list: mark the row, it is read now, and on a phone show the pane.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var link = event.detail.elt;
    if (link && link.matches && link.matches("#rows a.open")) {
      var row = link.closest("li.row");
      markActive(row.id.substring(2), false);
      row.classList.remove("unread");
      var dot = row.querySelector(".dot");
      if (dot) dot.remove();
    }
    var target = event.detail.target;
    if (target && target.setAttribute) target.setAttribute("aria-busy", "true");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var target = event.detail.target;
    if (target && target.removeAttribute) target.removeAttribute("aria-busy");
    var form = event.detail.elt;
    // After a reply is sent the box empties, unless the answer is marked X-Composer-Keep (a refusal, a
    // saved or submitted draft); after a bulk action the selection empties.
    var keep = event.detail.xhr && event.detail.xhr.getResponseHeader("X-Composer-Keep");
    if (form && form.id === "reply-form" && event.detail.successful && !keep) { form.reset(); forgetDraft(); }
    if (form && form.id === "bulk" && event.detail.successful) { selected.clear(); form.reset(); }
  });

  // Every pane keeps working after a refresh: re-mark the row the agent is on (or the open conversation)
  // and the selection.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var ws = workspace();
    if (target && target.id === "pane" && ws) {
      ws.dataset.pane = "conversation";
      presence("viewing");
      restoreDraft();
    }
    if (target && target.id === "list-pane" && ws) {
      ws.dataset.pane = "list";
      markViews();
    }
    var opened = target && target.id === "pane";
    var keep = !opened && activeId && document.getElementById("c-" + activeId) ? activeId : conversationId();
    markActive(keep, false);
    syncSelection();
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (conversationId()) markActive(conversationId(), false);
    syncSelection();
  });

  // After a view is chosen, it is the current one in the views column.
  function markViews() {
    var here = location.pathname + location.search;
    document.querySelectorAll("#views ul.views a").forEach(function (a) {
      if (a.getAttribute("href") === here) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }

  // Error state: a pane that could not load says so, with a retry.
  document.addEventListener("htmx:responseError", showError);
  document.addEventListener("htmx:sendError", showError);
  function showError(event) {
    var target = event.detail.target;
    if (!target || !target.id) return;
    var old = document.getElementById("pane-error");
    if (old) old.remove();
    var box = document.createElement("p");
    box.id = "pane-error";
    box.className = "notice error pane-error";
    box.setAttribute("role", "alert");
    box.textContent = (document.body.dataset.errorText || "Lataus epäonnistui.") + " ";
    var retry = document.createElement("a");
    retry.href = location.href;
    retry.textContent = document.body.dataset.retryText || "Yritä uudelleen";
    box.appendChild(retry);
    target.prepend(box);
  }

  // The bottom bar on a phone switches panes.
  document.addEventListener("click", function (event) {
    var show = event.target.closest ? event.target.closest(".bottom-bar [data-show]") : null;
    if (show) {
      var ws = workspace();
      var what = show.getAttribute("data-show");
      if (what === "search") { ws.dataset.pane = "list"; focusSearch(); } else ws.dataset.pane = what;
      return;
    }
    if (event.target.closest && event.target.closest(".bottom-bar [data-keys]")) { help(); return; }
    // The back arrow walks back when the list is where we came from (the server sends that page again);
    // on a deep link it just shows the list.
    var back = event.target.closest ? event.target.closest("#back") : null;
    if (back) {
      var wsp = workspace();
      if (wsp && document.querySelector("#list-pane")) {
        event.preventDefault();
        if (history.state && history.state.htmx && history.length > 1) { history.back(); return; }
        wsp.dataset.pane = "list";
        var row = activeRow();
        if (row) { var link = row.querySelector("a.open"); if (link) link.focus(); }
      }
    }
  });

  function focusSearch() {
    var q = document.getElementById("q");
    if (q) { q.focus(); q.select(); }
  }

  function help() {
    var dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  function post(path, body) {
    var id = conversationId();
    if (!id || !window.htmx) return;
    htmx.ajax("POST", "/conversations/" + id + path, { target: "#timeline", swap: "outerHTML", values: body });
  }

  function typing(target) {
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  // ----- keyboard: j/k move, Enter opens, r reply, n note, a assign to me, e resolve, x select, / search,
  // ? help. Nothing fires while typing in a field (except Ctrl+Enter to send and Escape to leave it).
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && target.id === "reply-text") {
      event.preventDefault();
      document.getElementById("reply-form").requestSubmit();
      return;
    }
    if (event.key === "Escape") {
      var dialog = document.getElementById("shortcuts");
      if (dialog && dialog.open) return; // the dialog closes itself
      if (typing(target)) { target.blur(); return; }
      var ws = workspace();
      if (ws && ws.dataset.pane === "conversation") {
        ws.dataset.pane = "list";
        var row = activeRow();
        if (row) row.querySelector("a.open").focus();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(target)) return;
    if (document.getElementById("shortcuts") && document.getElementById("shortcuts").open) return;
    var key = event.key;
    if (key === "?") { event.preventDefault(); help(); return; }
    if (key === "/") { event.preventDefault(); focusSearch(); return; }
    if (!workspace()) return;
    if (key === "j") { event.preventDefault(); move(1); }
    else if (key === "k") { event.preventDefault(); move(-1); }
    else if (key === "Enter" && !target.matches("a, button, summary")) {
      var row = activeRow();
      if (row) { event.preventDefault(); row.querySelector("a.open").click(); }
    } else if (key === "x") {
      var r = activeRow();
      if (r) { var box = r.querySelector("input.pick"); if (box) { box.click(); } }
    } else if (key === "r" || key === "n") {
      var text = kind(key === "r" ? "reply" : "note");
      if (text) { event.preventDefault(); text.focus(); }
    } else if (key === "a") {
      event.preventDefault(); post("", { assigneeId: "me" });
    } else if (key === "e") {
      event.preventDefault(); post("", { status: "resolved" });
    }
  });
})();
