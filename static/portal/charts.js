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
 *   count-bar      {labels, values}           counts per category (the pipeline's cards per stage, cases per year)
 *   count-donut    {labels, values}           shares of a whole (cases per BCI type): the names and counts in a
 *                                             legend below the ring, readable at any width (labels beside the
 *                                             slices are clipped on a phone)
 *
 * A <details data-chart-table> beside the chart (its table) is closed once the chart is drawn.
 */
(function () {
    "use strict";

    var BLUE = "#12509a";
    var RED = "#b42318";
    var PALETTE = [BLUE, "#00695c", "#5b2a86", "#7a4d00", RED, "#0c3a70", "#1d6b38", "#52606d"];
    // The axes' labels inside the chart's box. ECharts 6's containLabel (deprecated) only estimated
    // them from samples: the judges' chart cut its first slanted name ("ah Whitfield") at a phone's
    // width; the outer bounds measure every label.
    var GRID = { left: 8, right: 16, top: 24, bottom: 8, outerBoundsMode: "same", outerBoundsContain: "axisLabel" };

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
            // More than four labels (indications, functions): bars run across, so every label is
            // read level, in the table's order from the top, instead of slanting into its neighbours.
            var across = data.labels.length > 4;
            var categories = { type: "category", data: data.labels, inverse: across, axisLabel: { interval: 0 } };
            var counts = { type: "value", minInterval: 1 };
            return {
                empty: !data.labels.length,
                color: [BLUE],
                tooltip: { trigger: "axis", renderMode: "richText" },
                xAxis: across ? counts : categories,
                yAxis: across ? categories : counts,
                series: [{ type: "bar", data: data.values }],
            };
        },
        "count-donut": function (data) {
            var counts = {};
            data.labels.forEach(function (label, i) {
                counts[label] = data.values[i];
            });
            return {
                empty: !data.values.length,
                color: PALETTE,
                tooltip: { trigger: "item", renderMode: "richText" },
                legend: {
                    bottom: 0,
                    left: "center",
                    icon: "circle",
                    formatter: function (name) {
                        return name + "  " + counts[name];
                    },
                },
                series: [
                    {
                        type: "pie",
                        radius: ["38%", "62%"],
                        center: ["50%", "38%"],
                        label: { show: false },
                        data: data.labels.map(function (label, i) {
                            return { name: label, value: data.values[i] };
                        }),
                    },
                ],
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
        var table = element.parentNode.querySelector("details[data-chart-table]");
        if (table) {
            table.open = false;
        }
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
