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

  // "Use template": the filled-in text goes where the cursor is, and the coach checks it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#template-insert") : null;
    var textarea = box();
    if (!button || !textarea) return;
    var text = button.dataset.text || "";
    var start = textarea.selectionStart || 0;
    var end = textarea.selectionEnd || 0;
    var before = textarea.value.substring(0, start);
    var after = textarea.value.substring(end);
    textarea.value = before + text + after;
    textarea.focus();
    textarea.selectionStart = textarea.selectionEnd = before.length + text.length;
    changed(textarea);
  });

  // Notes are never reviewed: the form shows which kind is being written.
  document.addEventListener("change", function (event) {
    if (!event.target.matches('#reply-form input[name="type"]')) return;
    document.getElementById("reply-form").dataset.kind = event.target.value;
  });
})();
