/*
 * Progressive enhancement for the portal. Every page works without this file:
 * the navigation is simply always open and forms submit normally.
 * Loaded with `defer` from base.html; no inline script anywhere (CSP script-src 'self').
 */
(function () {
    "use strict";

    var root = document.documentElement;
    root.classList.remove("no-js");
    root.classList.add("js");

    /* Mobile navigation: the button (hidden without JS) shows and hides the menu. */
    function setupNavToggle() {
        var button = document.querySelector(".nav-toggle");
        if (!button) {
            return;
        }
        var nav = document.getElementById(button.getAttribute("aria-controls"));
        if (!nav) {
            return;
        }
        button.hidden = false;

        function setOpen(open) {
            button.setAttribute("aria-expanded", open ? "true" : "false");
            nav.classList.toggle("is-open", open);
        }

        button.addEventListener("click", function () {
            setOpen(button.getAttribute("aria-expanded") !== "true");
        });

        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
                setOpen(false);
                button.focus();
            }
        });

        /* Leaving the small-screen layout resets the menu so it never stays "open" invisibly. */
        if (window.matchMedia) {
            var wide = window.matchMedia("(min-width: 48em)");
            var reset = function () {
                if (wide.matches) {
                    setOpen(false);
                }
            };
            if (wide.addEventListener) {
                wide.addEventListener("change", reset);
            }
        }
    }

    /* Forms or buttons marked data-confirm="…" ask before submitting (e.g. withdrawing an entry). */
    function setupConfirmations() {
        document.addEventListener("submit", function (event) {
            var form = event.target;
            var submitter = event.submitter;
            var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
            if (message && !window.confirm(message)) {
                event.preventDefault();
            }
        });
    }

    /* Selects marked data-autosubmit submit their form on change (filters); the submit button stays for no-JS. */
    function setupAutoSubmit() {
        document.addEventListener("change", function (event) {
            var field = event.target;
            if (field.matches && field.matches("[data-autosubmit]") && field.form) {
                if (field.form.requestSubmit) {
                    field.form.requestSubmit();
                } else {
                    field.form.submit();
                }
            }
        });
    }

    /* Phones: the filters (a <details> at the top of a listing) start closed, so the results come
       first; the summary opens them. Without this file they are simply open. */
    function setupFilterDisclosures() {
        var disclosures = document.querySelectorAll("details.filter-disclosure");
        if (!window.matchMedia || !disclosures.length) {
            return;
        }
        var wide = window.matchMedia("(min-width: 48em)");
        var follow = function () {
            /* From 48em the summary is hidden and the filters are a sidebar: always open. */
            disclosures.forEach(function (details) {
                details.open = wide.matches;
            });
        };
        follow();
        if (wide.addEventListener) {
            wide.addEventListener("change", follow);
        }
    }

    /* Phones: a members' list (table.table-stack) shows each row as a card, each cell under its
       column's name, instead of columns squeezed to a word a line and scrolled sideways. The cells
       get the names here (data-label, which the CSS prints) and the table its roles, which some
       browsers drop from a table shown as blocks; without this file the table scrolls as before. */
    function setupStackedTables() {
        document.querySelectorAll("table.table-stack").forEach(function (table) {
            var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
                return th.textContent.replace(/\s+/g, " ").trim();
            });
            table.setAttribute("role", "table");
            table.querySelectorAll("thead, tbody").forEach(function (group) {
                group.setAttribute("role", "rowgroup");
            });
            table.querySelectorAll("tr").forEach(function (row) {
                row.setAttribute("role", "row");
                Array.prototype.forEach.call(row.children, function (cell, index) {
                    var header = row.parentNode.tagName === "THEAD";
                    var rowHeader = !header && cell.tagName === "TH";
                    cell.setAttribute("role", header ? "columnheader" : rowHeader ? "rowheader" : "cell");
                    if (header || rowHeader) {
                        return;
                    }
                    if (!cell.textContent.trim() && !cell.querySelector("a, button, input, select, img, svg")) {
                        /* Nothing to show (a row without an action): no card line with a name and nothing under it. */
                        cell.setAttribute("data-empty", "");
                    } else if (names[index]) {
                        cell.setAttribute("data-label", names[index]);
                    }
                });
            });
            table.setAttribute("data-stacked", "");
        });
    }

    /* The error box's links (components/forms/errors.html) move to the field in error and focus it
       without putting "#id_…" in the address. Without this file the link is an anchor to the field's
       first control, which the browser focuses; the fragment it leaves in the address stays out of
       the next submission, as every form of the site names its action (a form without one posts to
       the address with its fragment, which the redirect after a successful save keeps). */
    function setupErrorSummaries() {
        document.querySelectorAll(".form-errors-fields a[href^='#']").forEach(function (link) {
            link.addEventListener("click", function (event) {
                var target = document.getElementById(link.getAttribute("href").slice(1));
                if (!target) {
                    return;
                }
                event.preventDefault();
                // The link names the field's first control; one a script replaced (the rich-text
                // editor hides its textarea) hands over to the first control still shown in its field.
                var controls = "input:not([type='hidden']), select, textarea, [contenteditable='true']";
                var field = target;
                if (target.hidden || !target.matches(controls)) {
                    var box = target.closest(".field") || target;
                    field = Array.prototype.find.call(box.querySelectorAll(controls), function (control) {
                        return !control.hidden;
                    }) || target;
                }
                field.scrollIntoView({ block: "start" });
                field.focus({ preventScroll: true });
            });
        });
    }

    function init() {
        setupErrorSummaries();
        setupStackedTables();
        setupNavToggle();
        setupFilterDisclosures();
        setupConfirmations();
        setupAutoSubmit();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
