// luoshi: the little script the pages need. Everything works without it.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]');
  // Confirm destructive actions.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // "Back" links go back when there is history.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-back]");
    if (a && window.history.length > 1) { e.preventDefault(); window.history.back(); }
  });
  // Filter forms submit when a select changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
  // Milestone rows on the task form: add a row by cloning the template row.
  document.querySelectorAll("[data-add-row]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var tbody = document.getElementById(btn.getAttribute("data-add-row"));
      var tpl = tbody && tbody.querySelector("tr[data-template]");
      if (!tpl) { return; }
      var row = tpl.cloneNode(true);
      row.removeAttribute("data-template");
      row.hidden = false;
      row.querySelectorAll("input").forEach(function (i) { i.value = ""; i.disabled = false; });
      tbody.appendChild(row);
    });
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-remove-row]");
    if (b) { var tr = b.closest("tr"); if (tr) { tr.remove(); } }
  });
  // Progress input: tick the nodes a cumulative percent reaches.
  var prog = document.getElementById("progress");
  if (prog) {
    prog.addEventListener("input", function () {
      var v = parseFloat(prog.value);
      document.querySelectorAll("input[data-planned]").forEach(function (c) {
        if (!c.dataset.touched) { c.checked = !isNaN(v) && v >= parseFloat(c.dataset.planned); }
      });
    });
    document.querySelectorAll("input[data-planned]").forEach(function (c) {
      c.addEventListener("change", function () { c.dataset.touched = "1"; });
    });
  }
  // Live sections (the turnout of an open evaluation): fetched again every
  // few seconds while the page is visible, until the server sends one
  // without data-refresh (the voting closed).
  function refresh(el) {
    var url = el.getAttribute("data-refresh");
    var timer = window.setInterval(function () {
      if (document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (r) {
        return r.ok && !r.redirected ? r.text() : null; // signed out: leave it
      }).then(function (html) {
        if (html === null || !el.parentNode) { return; }
        var box = document.createElement("div");
        box.innerHTML = html.trim();
        var next = box.firstElementChild;
        if (!next || next.id !== el.id) { return; }
        el.replaceWith(next);
        el = next;
        if (!next.hasAttribute("data-refresh")) { window.clearInterval(timer); }
      }).catch(function () {});
    }, 5000);
  }
  document.querySelectorAll("[data-refresh]").forEach(refresh);
  if (csrf) { window.luoshiCSRF = csrf.content; }
})();
