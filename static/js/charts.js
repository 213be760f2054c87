/* Draws every casualty chart on the page (templates/includes/casualty_chart.html).
 *
 * Each chart is a [data-casualty-chart] element holding a <canvas>; its attribute names the
 * json_script element with the data: {labels, datasets: [{key, label, data, low, high, open}], y_title}.
 * Bars show the best figures side by side; a whisker over each bar runs from the sum of the
 * low figures to the sum of the high ones, with an arrow on top when some figure is "at least"
 * (open above).
 * Every text comes from the server, translated; only the colours are chosen here.
 * Loaded with defer after chart.umd.min.js (templates/includes/chart_assets.html).
 */
(function () {
  "use strict";

  // Each at least 3:1 against white (WCAG 1.4.11), and each with its own fill, so no bar is
  // told apart by colour alone: killed solid, injured striped, missing dotted (the share
  // images of overview/share_images.py draw the same).
  var COLOURS = { killed: "#8e1c16", injured: "#9c5700", missing: "#3f5f86" };

  function fill(key, colour) {
    if (key === "killed" || !document.createElement("canvas").getContext) {
      return colour;
    }
    var size = 8;
    var tile = document.createElement("canvas");
    tile.width = size;
    tile.height = size;
    var context = tile.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, size, size);
    context.strokeStyle = colour;
    context.fillStyle = colour;
    if (key === "injured") {
      context.lineWidth = 2;
      context.beginPath();
      [-size, 0, size].forEach(function (shift) {
        context.moveTo(shift, size);
        context.lineTo(shift + size, 0);
      });
      context.stroke();
    } else {
      context.beginPath();
      context.arc(size / 2, size / 2, 1.7, 0, 2 * Math.PI);
      context.fill();
    }
    return context.createPattern(tile, "repeat");
  }

  // Draws each bar's low–high whisker, and an arrow when the figure is open above.
  var whiskers = {
    id: "vetaWhiskers",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var y = chart.scales.y;
      chart.data.datasets.forEach(function (dataset, index) {
        var meta = chart.getDatasetMeta(index);
        if (meta.hidden || !dataset.vetaLow) {
          return;
        }
        meta.data.forEach(function (bar, position) {
          var low = dataset.vetaLow[position];
          var high = dataset.vetaHigh[position];
          var open = dataset.vetaOpen[position];
          if (low === high && !open) {
            return;
          }
          var x = bar.x;
          var top = y.getPixelForValue(high);
          var bottom = y.getPixelForValue(low);
          var cap = Math.max(2, Math.min(6, (bar.width || 8) / 3));
          ctx.save();
          ctx.strokeStyle = "#222";
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.moveTo(x, bottom);
          ctx.lineTo(x, top);
          ctx.moveTo(x - cap, bottom);
          ctx.lineTo(x + cap, bottom);
          if (open) {
            // An arrow: the figure may be higher than the top of the whisker.
            ctx.moveTo(x, top - 8);
            ctx.lineTo(x, top);
            ctx.moveTo(x - cap, top - 3);
            ctx.lineTo(x, top - 8);
            ctx.lineTo(x + cap, top - 3);
          } else {
            ctx.moveTo(x - cap, top);
            ctx.lineTo(x + cap, top);
          }
          ctx.stroke();
          ctx.restore();
        });
      });
    },
  };

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
            backgroundColor: fill(dataset.key, COLOURS[dataset.key] || "#595959"),
            borderColor: COLOURS[dataset.key] || "#595959",
            borderWidth: dataset.key === "killed" ? 0 : 1,
            // Many months make thin bars; let them fill their slot so a lone month stays visible.
            barPercentage: data.labels.length > 36 ? 1 : 0.8,
            categoryPercentage: data.labels.length > 36 ? 1 : 0.8,
            maxBarThickness: 36,
            vetaLow: dataset.low,
            vetaHigh: dataset.high,
            vetaOpen: dataset.open,
          };
        }),
      },
      plugins: [whiskers],
      options: {
        locale: document.documentElement.lang || undefined,
        responsive: true,
        maintainAspectRatio: false,
        animation: still ? false : { duration: 400 },
        interaction: { mode: "index", intersect: false },
        // A bar leads to the incidents it counts: the list with the chart's filter and the bar's month.
        onClick: function (event, elements) {
          var link = container.getAttribute("data-month-link");
          if (!link || !elements.length || !data.months) {
            return;
          }
          var month = data.months[elements[0].index];
          var parts = month.split("-").map(Number);
          var last = new Date(Date.UTC(parts[0], parts[1], 0)).getUTCDate();
          window.location.href = link + "date_from=" + month + "-01&date_to=" + month + "-" + String(last).padStart(2, "0");
        },
        onHover: function (event, elements) {
          var link = container.getAttribute("data-month-link");
          event.native.target.style.cursor = link && elements.length ? "pointer" : "default";
        },
        plugins: {
          legend: { position: "top", labels: { boxWidth: 14, boxHeight: 14 } },
          tooltip: {
            callbacks: {
              afterLabel: function (item) {
                var dataset = item.chart.data.datasets[item.datasetIndex];
                var low = dataset.vetaLow ? dataset.vetaLow[item.dataIndex] : null;
                var high = dataset.vetaHigh ? dataset.vetaHigh[item.dataIndex] : null;
                if (dataset.vetaOpen && dataset.vetaOpen[item.dataIndex]) {
                  return "\u2265 " + low + " (" + data.open_label + ")";
                }
                return low !== high && low !== null ? low + "\u2013" + high : "";
              },
            },
          },
        },
        scales: {
          x: {
            stacked: false,
            grid: { display: false },
            ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 12 },
          },
          y: {
            stacked: false,
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
