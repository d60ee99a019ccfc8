/* A team's public score over its submissions on the algorithm task page (ECharts, vendored in
 * static/vendor/echarts). Data comes from the json_script element "algorithm-scores-data": the
 * submissions' labels (#id), their public scores and the metric's name. The table below the chart
 * is the rendering without JavaScript and for screen readers. */
(function () {
    "use strict";

    function draw() {
        var source = document.getElementById("algorithm-scores-data");
        var element = document.getElementById("algorithm-scores");
        if (!source || !element || !window.echarts) {
            return;
        }
        var data = JSON.parse(source.textContent);
        if (!data.scores.length) {
            return;
        }
        element.hidden = false;
        element.style.height = "280px";
        var chart = window.echarts.init(element, null, { renderer: "svg" });
        chart.setOption({
            animation: false,
            color: ["#12509a"],
            tooltip: { trigger: "axis", renderMode: "richText" },
            grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
            xAxis: { type: "category", data: data.labels },
            yAxis: { type: "value", name: data.metric, nameTextStyle: { align: "left" } },
            series: [{ type: "line", data: data.scores, symbolSize: 8 }],
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
