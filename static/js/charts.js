/* Draws every casualty chart on the page (templates/includes/casualty_chart.html).
 *
 * Each chart is a [data-casualty-chart] element holding a <canvas>; its attribute names the
 * json_script element with the data: {labels, datasets: [{key, label, data}], y_title}.
 * Every text comes from the server, translated; only the colours are chosen here.
 * Loaded with defer after chart.umd.min.js (templates/includes/chart_assets.html).
 */
(function () {
  "use strict";

  // Distinguishable in colour and in greyscale (dark, light, middle).
  var COLOURS = { killed: "#8e1c16", injured: "#e0a43a", missing: "#4f6d8f" };

  function draw(container) {
    var canvas = container.querySelector("canvas");
    var source = document.getElementById(container.getAttribute("data-casualty-chart"));
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (dataset) {
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: COLOURS[dataset.key] || "#777",
            borderWidth: 0,
            // Many months make thin bars; let them fill their slot so a lone month stays visible.
            barPercentage: data.labels.length > 36 ? 1 : 0.8,
            categoryPercentage: data.labels.length > 36 ? 1 : 0.8,
            maxBarThickness: 36,
          };
        }),
      },
      options: {
        locale: document.documentElement.lang || undefined,
        responsive: true,
        maintainAspectRatio: false,
        animation: still ? false : { duration: 400 },
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "top", labels: { boxWidth: 14, boxHeight: 14 } },
        },
        scales: {
          x: {
            stacked: true,
            grid: { display: false },
            ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 12 },
          },
          y: {
            stacked: true,
            beginAtZero: true,
            ticks: { precision: 0 },
            title: { display: Boolean(data.y_title), text: data.y_title },
          },
        },
      },
    });
    container.setAttribute("data-chart-drawn", "true");
    return chart;
  }

  document.querySelectorAll("[data-casualty-chart]").forEach(draw);
})();
