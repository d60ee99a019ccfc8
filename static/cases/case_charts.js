/* The case index's summary charts (ECharts, vendored in static/vendor/echarts).
 * Data comes from the json_script element "case-chart-data"; the tables next to each
 * chart are the rendering without JavaScript and stay available (collapsed) for screen readers. */
(function () {
    "use strict";

    function draw() {
        var source = document.getElementById("case-chart-data");
        if (!source || !window.echarts) {
            return;
        }
        var data = JSON.parse(source.textContent);
        var palette = ["#12509a", "#00695c", "#5b2a86", "#7a4d00", "#b42318", "#0c3a70", "#1d6b38", "#52606d"];
        document.querySelectorAll(".case-chart[data-chart]").forEach(function (element) {
            var series = data[element.getAttribute("data-chart")];
            if (!series || !series.values.length) {
                return;
            }
            element.hidden = false;
            var table = element.parentNode.querySelector("details.case-chart-table");
            if (table) {
                table.open = false;
            }
            var chart = window.echarts.init(element, null, { renderer: "svg" });
            var isPie = element.getAttribute("data-chart") === "type";
            var option = isPie
                ? {
                      color: palette,
                      tooltip: { trigger: "item", renderMode: "richText" },
                      series: [
                          {
                              type: "pie",
                              radius: ["35%", "70%"],
                              data: series.labels.map(function (label, i) {
                                  return { name: label, value: series.values[i] };
                              }),
                          },
                      ],
                  }
                : {
                      color: palette,
                      tooltip: { trigger: "axis", renderMode: "richText" },
                      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
                      xAxis: { type: "category", data: series.labels, axisLabel: { interval: 0, rotate: 30 } },
                      yAxis: { type: "value", minInterval: 1 },
                      series: [{ type: "bar", data: series.values }],
                  };
            chart.setOption(option);
            window.addEventListener("resize", function () {
                chart.resize();
            });
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", draw);
    } else {
        draw();
    }
})();
