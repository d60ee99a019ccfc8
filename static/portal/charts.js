/* Every ECharts figure of the portal (ECharts is vendored in static/vendor/echarts), drawn from data
 * the server renders with json_script. A chart is an element
 *
 *     <div data-chart="KIND" data-source="ID OF THE json_script" data-height="280" role="img"
 *          aria-label="…" hidden></div>
 *
 * beside a table that is its rendering without JavaScript and for screen readers; the element is
 * shown only once drawn. KIND names one of the option builders below (one per shape of data):
 *
 *   score-line     {labels, scores, metric}   a team's public score over its submissions (algorithm track)
 *   judge-scatter  {judges, points, means}    each judge's totals and mean in a round (results admin)
 *   count-bar      {labels, values}           counts per category (the pipeline's cards per stage)
 */
(function () {
    "use strict";

    var BLUE = "#12509a";
    var RED = "#b42318";
    var GRID = { left: 8, right: 16, top: 24, bottom: 8, containLabel: true };

    var KINDS = {
        "score-line": function (data) {
            return {
                empty: !data.scores.length,
                color: [BLUE],
                tooltip: { trigger: "axis", renderMode: "richText" },
                xAxis: { type: "category", data: data.labels },
                yAxis: { type: "value", name: data.metric, nameTextStyle: { align: "left" } },
                series: [{ type: "line", data: data.scores, symbolSize: 8 }],
            };
        },
        "judge-scatter": function (data) {
            return {
                empty: !data.judges.length,
                color: [BLUE, RED],
                tooltip: { trigger: "item", renderMode: "richText" },
                xAxis: { type: "category", data: data.judges, axisLabel: { interval: 0, rotate: 30 } },
                yAxis: { type: "value", min: 0, max: 100 },
                series: [
                    { type: "scatter", data: data.points, symbolSize: 9 },
                    { type: "scatter", data: data.means, symbol: "diamond", symbolSize: 14 },
                ],
            };
        },
        "count-bar": function (data) {
            return {
                empty: !data.labels.length,
                color: [BLUE],
                tooltip: { trigger: "axis", renderMode: "richText" },
                xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0 } },
                yAxis: { type: "value", minInterval: 1 },
                series: [{ type: "bar", data: data.values }],
            };
        },
    };

    function draw(element) {
        var build = KINDS[element.dataset.chart];
        var source = document.getElementById(element.dataset.source);
        if (!build || !source || !window.echarts) {
            return;
        }
        var options = build(JSON.parse(source.textContent));
        if (options.empty) {
            return;
        }
        delete options.empty;
        options.animation = false;
        options.grid = GRID;
        element.hidden = false;
        element.style.height = (element.dataset.height || "280") + "px";
        var chart = window.echarts.init(element, null, { renderer: "svg" });
        chart.setOption(options);
        window.addEventListener("resize", function () {
            chart.resize();
        });
    }

    function drawAll() {
        Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", drawAll);
    } else {
        drawAll();
    }
})();
