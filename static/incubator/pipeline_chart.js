/* The pipeline's cards per stage on the Wagtail admin's home page (ECharts, vendored in static/vendor/echarts).
 * Data comes from the json_script element "pipeline-stage-data" (stage labels and counts). The table
 * beside the chart is the rendering without JavaScript and for screen readers. */
(function () {
    "use strict";

    function draw() {
        var source = document.getElementById("pipeline-stage-data");
        var element = document.getElementById("pipeline-stage-chart");
        if (!source || !element || !window.echarts) {
            return;
        }
        var data = JSON.parse(source.textContent);
        if (!data.labels.length) {
            return;
        }
        element.hidden = false;
        element.style.height = "240px";
        var chart = window.echarts.init(element, null, { renderer: "svg" });
        chart.setOption({
            animation: false,
            color: ["#12509a"],
            tooltip: { trigger: "axis", renderMode: "richText" },
            grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
            xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0 } },
            yAxis: { type: "value", minInterval: 1 },
            series: [{ type: "bar", data: data.values }],
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
