/* Reload a results page every data-refresh seconds (the roadshow's ranking fills in while judges
 * score), unless staff are typing in one of its forms. No inline script: the page names the period. */
(function () {
    "use strict";

    var holder = document.querySelector("[data-refresh]");
    if (!holder) {
        return;
    }
    var seconds = parseInt(holder.getAttribute("data-refresh"), 10);
    if (!(seconds > 0)) {
        return;
    }
    window.setInterval(function () {
        var active = document.activeElement;
        var busy = active && active.closest && active.closest("form") && active.tagName !== "BUTTON";
        if (!busy && !document.hidden) {
            window.location.reload();
        }
    }, seconds * 1000);
})();
