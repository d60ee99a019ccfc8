/* Saves a case submission step in the background every 30 seconds after a change
 * (POST to the form's data-autosave URL). The server keeps the version number and the
 * step's basis (what its fields held): a save refused because they changed elsewhere is
 * reported, never forced. An answer that is not the server's JSON (a 413, a 500, the network
 * down) says the draft was not saved (the form's data-unsaved-text), never leaving an earlier
 * "saved" on screen. */
(function () {
    "use strict";

    var form = document.querySelector("form[data-autosave]");
    if (!form || !window.fetch || !window.FormData) {
        return;
    }
    var status = form.querySelector(".case-autosave-status");
    var version = form.querySelector("input[name=version]");
    var basis = form.querySelector("input[name=basis]");
    var unsaved = form.getAttribute("data-unsaved-text") || "✗";
    var dirty = false;
    form.addEventListener("input", function () {
        dirty = true;
    });
    form.addEventListener("submit", function () {
        dirty = false;
    });
    window.setInterval(function () {
        if (!dirty) {
            return;
        }
        dirty = false;
        var data = new FormData(form);
        data.delete("attachment");
        fetch(form.getAttribute("data-autosave"), { method: "POST", body: data, credentials: "same-origin" })
            .then(function (response) {
                return response.json();
            })
            .then(function (result) {
                if (result.saved) {
                    version.value = result.version;
                    if (basis && result.basis) {
                        basis.value = result.basis;
                    }
                    status.textContent = form.getAttribute("data-saved-text") || "✓";
                } else {
                    status.textContent = result.error || unsaved;
                }
            })
            .catch(function () {
                dirty = true;
                status.textContent = unsaved;
            });
    }, 30000);
})();
