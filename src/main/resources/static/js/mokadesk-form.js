// Mokadesk contact form snippet: optional. Without it the plain HTML form posts to Mokadesk and the customer
// sees Mokadesk's thank-you page. With it: the fill-time stamp (spam protection), messages next to the
// fields, the thank-you text in place, and the other contacts while the form is having problems.
(function () {
  "use strict";

  function text(el, value) {
    el.textContent = value;
    return el;
  }

  function showContacts(form, contacts, message) {
    var box = form.querySelector("[data-mokadesk-alternatives]");
    if (!box || !contacts) return;
    box.textContent = "";
    if (message) box.appendChild(text(document.createElement("p"), message));
    var list = document.createElement("ul");
    if (contacts.phone) {
      var a = text(document.createElement("a"), contacts.phone);
      a.href = "tel:" + contacts.phone.replace(/\s/g, "");
      list.appendChild(document.createElement("li")).appendChild(a);
    }
    if (contacts.email) {
      var m = text(document.createElement("a"), contacts.email);
      m.href = "mailto:" + contacts.email;
      list.appendChild(document.createElement("li")).appendChild(m);
    }
    if (contacts.openingHours) list.appendChild(text(document.createElement("li"), contacts.openingHours));
    box.appendChild(list);
    box.setAttribute("role", "alert");
    box.hidden = false;
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-mokadesk-error]").forEach(function (e) { e.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
  }

  function showError(form, name, message) {
    var field = form.querySelector('[name="' + name + '"]');
    var note = text(document.createElement("small"), message);
    note.setAttribute("data-mokadesk-error", "");
    note.id = "mokadesk-error-" + name;
    note.style.color = "#c62828";
    note.style.display = "block";
    if (field) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", note.id);
      field.closest("p, div, label").appendChild(note);
    } else {
      form.insertBefore(note, form.firstChild);
    }
  }

  function setUp(form) {
    var action = form.getAttribute("action");
    var stamp = form.querySelector('input[name="_t"]');
    fetch(action + "/state", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) return;
        if (stamp) stamp.value = state.stamp;
        if (state.failing) showContacts(form, state.alternativeContacts);
      })
      .catch(function () { /* the plain form still works */ });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(form);
      var button = form.querySelector('[type="submit"]');
      if (button) button.disabled = true;
      fetch(action, {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(form)).toString()
      })
        .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
        .then(function (answer) {
          if (button) button.disabled = false;
          if (answer.status === 201) {
            var thanks = text(document.createElement("p"), answer.body.message);
            thanks.setAttribute("role", "status");
            form.replaceWith(thanks);
            return;
          }
          if (answer.body.fields) {
            Object.keys(answer.body.fields).forEach(function (name) { showError(form, name, answer.body.fields[name]); });
          } else {
            showError(form, answer.body.field || "", answer.body.message);
          }
          if (answer.body.alternativeContacts) showContacts(form, answer.body.alternativeContacts);
        })
        .catch(function () {
          // No answer from Mokadesk at all: post the plain way, so the browser shows what happens.
          form.submit();
        });
    });
  }

  function start() {
    document.querySelectorAll("form[data-mokadesk-form]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
