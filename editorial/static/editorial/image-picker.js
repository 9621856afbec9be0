/*
 * Images inside the body: the picker popup, and a plain textarea's own image button.
 *
 * The body textarea names the picker in data-image-picker. The body editor's toolbar
 * opens it; a textarea without the editor (data-markdown-editor) gets an "Insert an
 * image" button here instead, and inserts what the picker sends at its cursor. The
 * picker page sends the image's Markdown to the textarea it was opened for (?target=id)
 * as the DOM event "pp:insert-markdown", then closes.
 */
"use strict";
{
    const INSERT_EVENT = "pp:insert-markdown";

    function openPicker(textarea) {
        const url = new URL(textarea.dataset.imagePicker, window.location.href);
        url.searchParams.set("target", textarea.id);
        if (textarea.lang) url.searchParams.set("language", textarea.lang);
        const popup = window.open(
            url.href, `pp-image-picker-${textarea.id}`, "width=960,height=800,scrollbars=yes"
        );
        if (popup) {
            popup.focus();
        }
        return popup;
    }

    // Insert `text` as a block of its own at the cursor, then tell other scripts.
    function insertAtCursor(textarea, text) {
        const value = textarea.value;
        const start = textarea.selectionStart ?? value.length;
        const end = textarea.selectionEnd ?? start;
        const before = value.slice(0, start).replace(/\s*$/, "");
        const after = value.slice(end).replace(/^\s*/, "");
        const block = `${before ? "\n\n" : ""}${text}${after ? "\n\n" : "\n"}`;
        textarea.value = before + block + after;
        const cursor = (before + block).length;
        textarea.setSelectionRange(cursor, cursor);
        textarea.focus();
        textarea.dispatchEvent(new Event("input", {bubbles: true}));
    }

    function enhanceTextarea(textarea) {
        // The hidden template of "Add another" rows is skipped: its copies are enhanced
        // when they are added.
        if (textarea.hasAttribute("data-markdown-editor") || !textarea.id
            || textarea.id.includes("__prefix__")) {
            return;  // The body editor has its own image button and inserts itself.
        }
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button pp-image-button";
        button.textContent = textarea.dataset.imagePickerLabel || "Image";
        button.addEventListener("click", () => openPicker(textarea));
        textarea.insertAdjacentElement("afterend", button);
        textarea.addEventListener(INSERT_EVENT, (event) => {
            insertAtCursor(textarea, event.detail.text);
        });
    }

    // In the picker: hand the Markdown to the opener's textarea, or show it to copy.
    function send(picker, markdown) {
        const opener = window.opener;
        let textarea = null;
        try {
            textarea = opener && !opener.closed
                ? opener.document.getElementById(picker.dataset.target) : null;
        } catch (error) {
            textarea = null;  // Another origin: nothing to reach.
        }
        if (textarea) {
            const EventOfOpener = opener.CustomEvent || CustomEvent;
            textarea.dispatchEvent(new EventOfOpener(INSERT_EVENT, {detail: {text: markdown}}));
            window.close();
            return;
        }
        const fallback = picker.querySelector("[data-copy-markdown]");
        fallback.querySelector("code").textContent = markdown;
        fallback.hidden = false;
        fallback.focus();
    }

    function setUpPicker(picker) {
        picker.addEventListener("click", (event) => {
            const button = event.target.closest("[data-insert-markdown]");
            if (button) {
                event.preventDefault();
                send(picker, button.dataset.insertMarkdown);
            }
        });
        const inserted = picker.querySelector("[data-inserted-markdown]");
        if (inserted) {
            send(picker, inserted.dataset.insertedMarkdown);
        }
    }

    function start() {
        document.querySelectorAll("textarea[data-image-picker]").forEach(enhanceTextarea);
        document.querySelectorAll("[data-image-picker-page]").forEach(setUpPicker);
        // Inline forms added later ("Add another language version") get the button too.
        document.addEventListener("formset:added", (event) => {
            event.target.querySelectorAll("textarea[data-image-picker]").forEach(enhanceTextarea);
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}
