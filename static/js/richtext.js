/*
 * A small rich-text editor for textareas marked `data-rich-text` (portal.richtext.RichTextarea).
 *
 * Without JavaScript the textarea stays and takes plain text. With it, the textarea is
 * hidden and kept as the form's value: an editable region and a toolbar (bold, italic,
 * lists, link) write their HTML back into it on every change. The server sanitises
 * whatever arrives (portal.richtext.clean), so this script is a convenience, not a defence.
 * The button labels come from the widget's `data-rich-text` JSON (translated on the server).
 */
(function () {
    "use strict";

    var BUTTONS = [
        {key: "bold", command: "bold", text: "B", pressable: true},
        {key: "italic", command: "italic", text: "I", pressable: true},
        {key: "bulleted", command: "insertUnorderedList", text: "•", pressable: true},
        {key: "numbered", command: "insertOrderedList", text: "1.", pressable: true},
        {key: "link", command: "createLink"},
        {key: "unlink", command: "unlink"}
    ];

    function isSafeUrl(value) {
        return /^(https?:\/\/|mailto:)/i.test(value);
    }

    function selectionInside(editor) {
        var selection = window.getSelection();
        return Boolean(selection && selection.rangeCount && editor.contains(selection.anchorNode));
    }

    function setup(textarea) {
        var labels;
        try {
            labels = JSON.parse(textarea.getAttribute("data-rich-text"));
        } catch (error) {
            return;
        }
        var label = document.querySelector('label[for="' + textarea.id + '"]');
        var wrapper = document.createElement("div");
        wrapper.className = "rich-text";

        var toolbar = document.createElement("div");
        toolbar.className = "rich-text-toolbar";
        toolbar.setAttribute("role", "toolbar");
        toolbar.setAttribute("aria-label", labels.toolbar);
        toolbar.setAttribute("aria-controls", textarea.id + "_editor");

        var editor = document.createElement("div");
        editor.id = textarea.id + "_editor";
        editor.className = "rich-text-editor";
        editor.contentEditable = "true";
        editor.setAttribute("role", "textbox");
        editor.setAttribute("aria-multiline", "true");
        var language = textarea.closest("[lang]");
        if (language) {
            editor.setAttribute("lang", language.getAttribute("lang"));
        }
        if (label) {
            if (!label.id) {
                label.id = textarea.id + "_label";
            }
            editor.setAttribute("aria-labelledby", label.id);
            // Clicking the label moves focus to the editor, as it did to the textarea.
            label.addEventListener("click", function (event) {
                event.preventDefault();
                editor.focus();
            });
        }
        ["aria-describedby", "aria-invalid"].forEach(function (name) {
            if (textarea.hasAttribute(name)) {
                editor.setAttribute(name, textarea.getAttribute(name));
            }
        });
        editor.innerHTML = textarea.value;

        var buttons = BUTTONS.map(function (spec, index) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "rich-text-button rich-text-" + spec.key;
            // Symbols for the formatting buttons (named by aria-label); words for the link buttons.
            button.textContent = spec.text || labels[spec.key];
            if (spec.text) {
                button.setAttribute("aria-label", labels[spec.key]);
                button.title = labels[spec.key];
            }
            button.tabIndex = index === 0 ? 0 : -1;
            if (spec.pressable) {
                button.setAttribute("aria-pressed", "false");
            }
            button.addEventListener("mousedown", function (event) {
                event.preventDefault(); // keep the selection in the editor
            });
            button.addEventListener("click", function () {
                editor.focus();
                if (spec.command === "createLink") {
                    var url = window.prompt(labels.link_prompt, "https://");
                    if (!url || !isSafeUrl(url.trim())) {
                        return;
                    }
                    document.execCommand("createLink", false, url.trim());
                } else {
                    document.execCommand(spec.command, false, null);
                }
                sync();
            });
            toolbar.appendChild(button);
            return {spec: spec, element: button};
        });

        // Arrow keys move between the toolbar's buttons (one tab stop for the whole toolbar).
        toolbar.addEventListener("keydown", function (event) {
            var current = buttons.findIndex(function (item) {
                return item.element === document.activeElement;
            });
            if (current < 0) {
                return;
            }
            var next = null;
            if (event.key === "ArrowRight") {
                next = (current + 1) % buttons.length;
            } else if (event.key === "ArrowLeft") {
                next = (current - 1 + buttons.length) % buttons.length;
            } else if (event.key === "Home") {
                next = 0;
            } else if (event.key === "End") {
                next = buttons.length - 1;
            }
            if (next !== null) {
                event.preventDefault();
                buttons[current].element.tabIndex = -1;
                buttons[next].element.tabIndex = 0;
                buttons[next].element.focus();
            }
        });

        function updatePressed() {
            buttons.forEach(function (item) {
                if (item.element.hasAttribute("aria-pressed")) {
                    // queryCommandState also knows a style chosen at the caret before anything is typed.
                    var pressed = selectionInside(editor) && document.queryCommandState(item.spec.command);
                    item.element.setAttribute("aria-pressed", pressed ? "true" : "false");
                }
            });
        }

        function sync() {
            var empty = !editor.textContent.trim();
            textarea.value = empty ? "" : editor.innerHTML;
            updatePressed();
        }

        // Pasted text arrives as plain text: formatting from other programs would be removed anyway.
        editor.addEventListener("paste", function (event) {
            if (!event.clipboardData) {
                return;
            }
            event.preventDefault();
            document.execCommand("insertText", false, event.clipboardData.getData("text/plain"));
        });
        editor.addEventListener("input", sync);
        editor.addEventListener("keyup", updatePressed);
        editor.addEventListener("mouseup", updatePressed);

        wrapper.appendChild(toolbar);
        wrapper.appendChild(editor);
        textarea.parentNode.insertBefore(wrapper, textarea);
        textarea.hidden = true;
        textarea.setAttribute("aria-hidden", "true");
        textarea.tabIndex = -1;
        if (textarea.form) {
            textarea.form.addEventListener("submit", sync);
        }
    }

    function init() {
        try {
            document.execCommand("defaultParagraphSeparator", false, "p");
            document.execCommand("styleWithCSS", false, false);
        } catch (error) {
            // Older browsers: their defaults are fine, the server normalises the markup.
        }
        Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-text]"), setup);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
