/* Saves a competition entry in the background every 30 seconds after a change: the form is
 * POSTed (without its files) to its data-autosave URL with the version it holds. A save the
 * server refuses (the entry changed elsewhere, or the deadline passed) is reported and the
 * input stays in the form; nothing is forced. A save moves every form of the page on to the
 * version it made ("Submit the entry", the form's second button, saves then submits: submitting
 * after one's own autosave is no conflict). An answer that is not the server's JSON (a 413, a
 * 500, the network down) says the draft was not saved (the form's data-unsaved-text), never
 * leaving an earlier "saved" on screen. */
(function () {
    "use strict";

    var form = document.querySelector("form[data-autosave]");
    if (!form || !window.fetch || !window.FormData) {
        return;
    }
    var status = form.querySelector(".competition-autosave-status");
    var versions = document.querySelectorAll("input[name=version]");
    var unsaved = form.getAttribute("data-unsaved-text") || "✗";
    var dirty = false;
    var stopped = false;
    form.addEventListener("input", function () {
        dirty = true;
    });
    form.addEventListener("submit", function () {
        dirty = false;
    });
    window.setInterval(function () {
        if (!dirty || stopped) {
            return;
        }
        dirty = false;
        var data = new FormData(form);
        Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
            data.delete(input.name);
        });
        fetch(form.getAttribute("data-autosave"), { method: "POST", body: data, credentials: "same-origin" })
            .then(function (response) {
                return response.json().then(function (result) {
                    return { status: response.status, result: result };
                });
            })
            .then(function (answer) {
                if (answer.result.saved) {
                    Array.prototype.forEach.call(versions, function (version) {
                        version.value = answer.result.version;
                    });
                    status.textContent = form.getAttribute("data-saved-text") || "✓";
                } else {
                    status.textContent = answer.result.error || unsaved;
                    stopped = answer.status === 409;
                }
            })
            .catch(function () {
                dirty = true;
                status.textContent = unsaved;
            });
    }, 30000);
})();
