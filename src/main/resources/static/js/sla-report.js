// The SLA report's first-response charts: how long customers waited for the first answer (bars) and each
// day's median and p90 (lines). Drawn from the page's own tables (the CSP allows no inline scripts), which
// stay on the page as the charts' text alternative.
(function () {
  "use strict";

  function rows(id) {
    return Array.prototype.slice.call(document.querySelectorAll("#" + id + " tbody tr"));
  }

  function number(value) {
    var n = parseFloat(value);
    return isNaN(n) ? null : n;
  }

  function start() {
    if (!window.Chart) return;
    var bars = document.getElementById("frt-chart");
    if (bars) {
      var buckets = rows("frt-distribution");
      new window.Chart(bars, {
        type: "bar",
        data: {
          labels: buckets.map(function (r) { return r.dataset.label; }),
          datasets: [{ label: bars.dataset.labelCount, data: buckets.map(function (r) { return number(r.dataset.count); }),
            backgroundColor: "#1565c0" }]
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
      bars.dataset.drawn = "true";
    }
    var lines = document.getElementById("frt-days-chart");
    if (lines) {
      var days = rows("frt-days");
      new window.Chart(lines, {
        type: "line",
        data: {
          labels: days.map(function (r) { return r.dataset.label; }),
          datasets: [
            { label: lines.dataset.labelMedian, data: days.map(function (r) { return number(r.dataset.median); }),
              borderColor: "#2e7d32", backgroundColor: "#2e7d32", pointRadius: 2, borderWidth: 1.5 },
            { label: lines.dataset.labelP90, data: days.map(function (r) { return number(r.dataset.p90); }),
              borderColor: "#c62828", backgroundColor: "#c62828", borderDash: [4, 3], pointRadius: 2, borderWidth: 1.5 }
          ]
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
          interaction: { mode: "index", intersect: false }, scales: { y: { beginAtZero: true } } }
      });
      lines.dataset.drawn = "true";
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
