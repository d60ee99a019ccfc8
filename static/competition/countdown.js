/* Counts down to each deadline on the page: <span data-countdown="2026-11-20T10:00:00Z">.
 * The instant comes from the server (UTC); the server alone decides what is on time.
 * Labels come from data attributes, so the text follows the page's language. */
(function () {
    "use strict";

    var items = document.querySelectorAll("[data-countdown]");
    if (!items.length) {
        return;
    }

    function pad(n) {
        return n < 10 ? "0" + n : String(n);
    }

    function render(item) {
        var left = Math.floor((Date.parse(item.getAttribute("data-countdown")) - Date.now()) / 1000);
        if (isNaN(left)) {
            return;
        }
        if (left < 0) {
            item.textContent = item.getAttribute("data-closed") || "";
            return;
        }
        var days = Math.floor(left / 86400);
        var rest = left % 86400;
        var clock = pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor((rest % 3600) / 60)) + ":" + pad(rest % 60);
        item.textContent = (days ? days + (item.getAttribute("data-days") || "d") + " " : "") + clock;
    }

    function tick() {
        Array.prototype.forEach.call(items, render);
    }

    tick();
    window.setInterval(tick, 1000);
})();
