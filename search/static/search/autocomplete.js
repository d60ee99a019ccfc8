/* Search box autocomplete: the ARIA 1.2 combobox pattern (list autocomplete, manual selection).
 * The input owns a listbox of suggestions fetched from the JSON API; arrow keys move the
 * active option (aria-activedescendant), Enter opens it, Escape closes the list. Without
 * JavaScript the form still submits to the search page. Loaded as an external file: the
 * Content-Security-Policy forbids inline scripts. */
(function () {
    "use strict";

    function setup(field) {
        if (field.dataset.ready) return;
        field.dataset.ready = "1";
        var input = field.querySelector("[role=combobox]");
        var listbox = field.querySelector("[role=listbox]");
        var status = field.querySelector("[data-autocomplete-status]");
        var endpoint = field.dataset.autocomplete;
        var lang = field.dataset.lang || document.documentElement.lang;
        var active = -1;
        var timer = null;
        var controller = null;
        var options = [];

        function close() {
            listbox.hidden = true;
            listbox.innerHTML = "";
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            options = [];
            active = -1;
        }

        function activate(index) {
            options.forEach(function (el, i) {
                el.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            active = index;
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", options[index].id);
                options[index].scrollIntoView({block: "nearest"});
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        var english = (document.documentElement.lang || "").indexOf("en") === 0;

        function otherLanguage(text) {
            // portal.i18n.other_language: Chinese (some Han characters, no more Latin letters than
            // them) on an English page, Latin letters only (two or more) on a Chinese page.
            var han = (text.match(/[\u3400-\u9fff\uf900-\ufaff]/g) || []).length;
            var latin = (text.match(/[A-Za-z]/g) || []).length;
            if (english) {
                return han > 0 && han >= latin ? "zh-Hans" : "";
            }
            return han === 0 && latin >= 2 ? "en" : "";
        }

        function render(items) {
            listbox.innerHTML = "";
            options = items.map(function (item, i) {
                var li = document.createElement("li");
                li.id = listbox.id + "-" + i;
                li.setAttribute("role", "option");
                li.setAttribute("aria-selected", "false");
                li.dataset.url = item.url;
                li.textContent = item.title; // text only: never HTML from the server
                var lang = otherLanguage(item.title);
                if (lang) {
                    li.lang = lang; // as portal.i18n.written marks text in the other language
                }
                li.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                    window.location.assign(item.url);
                });
                listbox.appendChild(li);
                return li;
            });
            var open = options.length > 0;
            listbox.hidden = !open;
            input.setAttribute("aria-expanded", open ? "true" : "false");
            active = -1;
            if (status) {
                status.textContent = open ? listbox.dataset.countTemplate.replace("%s", options.length) : "";
            }
        }

        function fetchSuggestions() {
            var text = input.value.trim();
            if (text.length < 1) {
                close();
                return;
            }
            if (controller) controller.abort();
            controller = new AbortController();
            var url = endpoint + "?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(text.slice(0, 200));
            fetch(url, {signal: controller.signal, headers: {Accept: "application/json"}, credentials: "same-origin"})
                .then(function (response) { return response.ok ? response.json() : []; })
                .then(function (items) { if (input.value.trim() === text) render(items || []); })
                .catch(function () { /* aborted or offline: the form still works */ });
        }

        listbox.dataset.countTemplate = lang.indexOf("en") === 0 ? "%s suggestions available." : "有 %s 条建议。";

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(fetchSuggestions, 150);
        });
        input.addEventListener("keydown", function (event) {
            if (event.key === "ArrowDown") {
                if (!options.length) return;
                event.preventDefault();
                activate(active < options.length - 1 ? active + 1 : 0);
            } else if (event.key === "ArrowUp") {
                if (!options.length) return;
                event.preventDefault();
                activate(active > 0 ? active - 1 : options.length - 1);
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                window.location.assign(options[active].dataset.url);
            } else if (event.key === "Escape") {
                if (!listbox.hidden) {
                    event.preventDefault();
                    close();
                }
            }
        });
        input.addEventListener("blur", function () { setTimeout(close, 100); });
    }

    function init() {
        document.querySelectorAll("[data-autocomplete]").forEach(setup);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
