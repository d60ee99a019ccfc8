/* A round's judge score distribution in the results admin (ECharts, vendored in static/vendor/echarts).
 * Data comes from the json_script element "judge-distribution-data": one column of points per judge
 * (their totals on the 0-100 scale) and each judge's mean. The table below the chart is the
 * rendering without JavaScript and for screen readers. */
(function () {
    "use strict";

    function draw() {
        var source = document.getElementById("judge-distribution-data");
        var element = document.getElementById("judge-distribution");
        if (!source || !element || !window.echarts) {
            return;
        }
        var data = JSON.parse(source.textContent);
        if (!data.judges.length) {
            return;
        }
        element.hidden = false;
        element.style.height = "320px";
        var chart = window.echarts.init(element, null, { renderer: "svg" });
        chart.setOption({
            animation: false,
            color: ["#12509a", "#b42318"],
            tooltip: { trigger: "item", renderMode: "richText" },
            grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
            xAxis: { type: "category", data: data.judges, axisLabel: { interval: 0, rotate: 30 } },
            yAxis: { type: "value", min: 0, max: 100 },
            series: [
                { type: "scatter", data: data.points, symbolSize: 9 },
                { type: "scatter", data: data.means, symbol: "diamond", symbolSize: 14 },
            ],
        });
        window.addEventListener("resize", function () {
            chart.resize();
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", draw);
    } else {
        draw();
    }
})();
