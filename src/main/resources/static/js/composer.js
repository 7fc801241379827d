// The conversation composer: restores a saved draft, inserts templates, follows the reply/note choice.
// Loaded by fragments/composer.html; no inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";

  function box() { return document.getElementById("reply-text"); }

  function changed(textarea) {
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // A draft the server restores (after a reload) or a suggestion that replaces the text.
  document.addEventListener("htmx:afterSwap", function (event) {
    var restore = document.getElementById("draft-restore");
    var textarea = box();
    if (!restore || !textarea) return;
    if (restore.dataset.replace === "true" || textarea.value.trim() === "") {
      textarea.value = restore.dataset.text || "";
    }
    restore.remove();
  });

  // Text goes where the cursor is (replacing a selection), and the coach checks it.
  function insert(textarea, text) {
    var start = textarea.selectionStart || 0;
    var end = textarea.selectionEnd || 0;
    var before = textarea.value.substring(0, start);
    var after = textarea.value.substring(end);
    textarea.value = before + text + after;
    textarea.focus();
    textarea.selectionStart = textarea.selectionEnd = before.length + text.length;
    changed(textarea);
  }

  // "Use template": the filled-in text of the chosen template.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#template-insert") : null;
    var textarea = box();
    if (!button || !textarea) return;
    insert(textarea, button.dataset.text || "");
  });

  // The holding reply with one key: Alt+Shift+H while writing, or h anywhere in the conversation when no field
  // has the focus (then the reply box gets it). The text is the workspace's holding-reply template, filled in.
  document.addEventListener("keydown", function (event) {
    var holding = document.getElementById("holding-reply");
    var textarea = box();
    if (!holding || !textarea) return;
    var target = event.target;
    var writing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    var chord = event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === "KeyH";
    var single = !writing && !event.altKey && !event.ctrlKey && !event.metaKey && event.key === "h";
    if (!(chord && (target === textarea || !writing)) && !single) return;
    var dialog = document.getElementById("shortcuts");
    if (dialog && dialog.open) return;
    event.preventDefault();
    var reply = document.querySelector('#reply-form input[name="type"][value="reply"]');
    if (reply && !reply.checked) reply.click();
    if (document.activeElement !== textarea) {
      textarea.focus();
      textarea.selectionStart = textarea.selectionEnd = textarea.value.length;
    }
    insert(textarea, holding.dataset.text || "");
  });

  // Notes are never reviewed: the form shows which kind is being written.
  document.addEventListener("change", function (event) {
    if (!event.target.matches('#reply-form input[name="type"]')) return;
    document.getElementById("reply-form").dataset.kind = event.target.value;
  });
})();
