// The storms page chart: a series' counts per 5 minutes, what the detector expected, its alarm band and
// the storms' onsets. Data comes from /storms/data (the CSP allows no inline scripts).
(function () {
  "use strict";

  // Times in the workspace's time zone (data-zone), like every other time of the desk, not the browser's.
  var format = null;
  function label(iso) {
    var d = new Date(iso);
    if (format) {
      var parts = {};
      format.formatToParts(d).forEach(function (p) { parts[p.type] = p.value; });
      return parts.day + "." + parts.month + ". " + parts.hour + "." + parts.minute;
    }
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getDate() + "." + (d.getMonth() + 1) + ". " + pad(d.getHours()) + "." + pad(d.getMinutes());
  }

  function draw(canvas, data) {
    var labels = data.points.map(function (p) { return label(p.bucket); });
    var index = {};
    data.points.forEach(function (p, i) { index[p.bucket] = i; });
    var alarms = data.points.map(function () { return null; });
    data.storms.forEach(function (s) {
      var i = index[s.onset];
      if (i !== undefined) alarms[i] = data.points[i].count;
    });
    var ds = canvas.dataset;
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: labels,
        datasets: [
          { label: ds.labelObserved, data: data.points.map(function (p) { return p.count; }),
            borderColor: "#1565c0", backgroundColor: "rgba(21,101,192,.15)", fill: true, pointRadius: 0, borderWidth: 1.5 },
          { label: ds.labelExpected, data: data.points.map(function (p) { return p.expected; }),
            borderColor: "#2e7d32", borderDash: [4, 3], pointRadius: 0, borderWidth: 1.5, spanGaps: true },
          { label: ds.labelBand, data: data.points.map(function (p) { return p.upperBand; }),
            borderColor: "#f9a825", pointRadius: 0, borderWidth: 1, spanGaps: true },
          { label: ds.labelAlarm, data: alarms, type: "line", showLine: false,
            pointRadius: 7, pointStyle: "triangle", borderColor: "#c62828", backgroundColor: "#c62828" }
        ]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true } }
      }
    });
  }

  function start() {
    var canvas = document.getElementById("storm-chart");
    if (!canvas || !window.Chart) return;
    try {
      format = new Intl.DateTimeFormat("fi-FI", { timeZone: canvas.dataset.zone || "Europe/Helsinki",
        day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    } catch (e) { format = null; }
    var url = "/storms/data?series=" + encodeURIComponent(canvas.dataset.series) +
      "&hours=" + encodeURIComponent(canvas.dataset.hours || "48");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) draw(canvas, data); })
      .catch(function () {});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
