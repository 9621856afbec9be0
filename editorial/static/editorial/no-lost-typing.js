/*
 * No lost typing on a change form of the editor's desk.
 *
 * - Leaving the page (closing the tab, reloading, following a link) while the form holds
 *   changes not yet saved asks first, with the browser's own dialog. Submitting the form
 *   (any of its buttons, the workflow panel's included) never asks.
 * - A copy of the form's text fields goes to the server every few seconds while they
 *   change, and once more as the page goes away (editorial/autosave.py). The copy keeps
 *   the version markers of the time of typing, so that restoring it and saving over a
 *   colleague's newer change still ends in the conflict page.
 * - When the server offers such a copy back, "Restore" puts it in the form, "Discard"
 *   forgets it.
 *
 * A change is what the form would send now compared with what it sent once the page was
 * ready: text typed then deleted is no change, and a value set by another script (the
 * Markdown editor, an autocomplete, a picker; each also dispatches "input") is one.
 */
"use strict";
{
    const AUTOSAVE_EVERY_MS = 10000;
    const TEXT_INPUTS = new Set(["text", "search", "url", "email", "tel", "number"]);
    const MARKER = /(^|-)loaded_version$/;
    // The formsets' counters change when a row is added, without anything typed.
    const NOT_COMPARED = /^csrfmiddlewaretoken$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;

    const form = document.querySelector("#content-main form[method='post'][id$='_form']");
    const box = document.getElementById("pp-autosave");

    function normalised(value) {
        if (typeof value !== "string") {
            return `file:${value.name}`;
        }
        return value.replace(/\r\n?/g, "\n").trim();
    }

    function snapshot() {
        const entries = [];
        for (const [name, value] of new FormData(form)) {
            if (!NOT_COMPARED.test(name)) {
                entries.push([name, normalised(value)]);
            }
        }
        return JSON.stringify(entries);
    }

    // The fields a copy keeps: the text the editor types and the page's version markers.
    function typedFields() {
        const fields = [];
        for (const element of form.elements) {
            if (!element.name || element.disabled || element.name.includes("__prefix__")
                || !form.contains(element)) {
                continue;
            }
            const typed = element.tagName === "TEXTAREA"
                || (element.tagName === "INPUT" && TEXT_INPUTS.has(element.type)
                    && !element.readOnly);
            const marker = element.tagName === "INPUT" && element.type === "hidden"
                && MARKER.test(element.name);
            if (typed || marker) {
                fields.push([element.name, element.value]);
            }
        }
        return fields;
    }

    if (form) {
        // A page shown again with errors holds typing that is not saved yet.
        const unsavedFromTheStart = form.querySelector(".errornote") !== null;
        let loaded = null;
        let submitting = false;

        const changed = () => unsavedFromTheStart || (loaded !== null && snapshot() !== loaded);

        window.addEventListener("load", () => {
            loaded = snapshot();
        });
        form.addEventListener("submit", () => {
            submitting = true;
        });
        // A page shown again from the browser's cache after a submission is live again.
        window.addEventListener("pageshow", (event) => {
            if (event.persisted) {
                submitting = false;
            }
        });
        window.addEventListener("beforeunload", (event) => {
            if (!submitting && changed()) {
                event.preventDefault();
                // Older browsers ask only when a value is returned.
                event.returnValue = "";
            }
        });

        if (box) {
            const csrf = form.querySelector("input[name='csrfmiddlewaretoken']");
            const post = (fields, {beacon = false, discard = false} = {}) => {
                const body = new FormData();
                body.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
                body.append(box.dataset.objectField, box.dataset.objectId);
                if (discard) {
                    body.append(box.dataset.discardField, "1");
                }
                for (const [name, value] of fields) {
                    body.append(name, value);
                }
                if (beacon && navigator.sendBeacon) {
                    return navigator.sendBeacon(box.dataset.url, body);
                }
                // A copy that did not reach the server is sent again with the next change.
                return fetch(box.dataset.url, {method: "POST", body, credentials: "same-origin"})
                    .then((response) => response.ok).catch(() => false);
            };

            let lastKept = unsavedFromTheStart ? "" : JSON.stringify(typedFields());
            const keepCopy = ({beacon = false} = {}) => {
                if (submitting) {
                    // The save forgets the copy: a late one must not come back after it.
                    return;
                }
                const fields = typedFields();
                const key = JSON.stringify(fields);
                if (key === lastKept) {
                    return;
                }
                lastKept = key;
                const sent = post(fields, {beacon});
                if (sent && sent.then) {
                    sent.then((ok) => {
                        if (!ok && lastKept === key) {
                            lastKept = "";
                        }
                    });
                }
            };
            window.setInterval(keepCopy, AUTOSAVE_EVERY_MS);
            window.addEventListener("pagehide", () => keepCopy({beacon: true}));

            const offer = box.querySelector(".pp-autosave__offer");
            const saved = document.getElementById("pp-autosave-fields");
            if (offer && saved) {
                const copy = Object.entries(JSON.parse(saved.textContent));
                const fieldOf = (name) => {
                    const element = form.elements.namedItem(name);
                    return element instanceof Element && !element.disabled ? element : null;
                };
                const differs = copy.some(([name, value]) => {
                    const element = fieldOf(name);
                    return element && !MARKER.test(name)
                        && normalised(element.value) !== normalised(value);
                });
                const settle = (outcome) => {
                    offer.hidden = true;
                    const status = box.querySelector(`[data-autosave='${outcome}']`);
                    status.hidden = false;
                    status.focus();
                };
                if (differs) {
                    offer.hidden = false;
                } else {
                    // Nothing in it that the form does not show already.
                    post([], {discard: true});
                }
                offer.querySelector("[data-autosave='restore']").addEventListener("click", () => {
                    for (const [name, value] of copy) {
                        const element = fieldOf(name);
                        if (!element || element.value === value) {
                            continue;
                        }
                        element.value = value;
                        element.dispatchEvent(new Event("input", {bubbles: true}));
                        element.dispatchEvent(new Event("change", {bubbles: true}));
                    }
                    settle("restored");
                });
                offer.querySelector("[data-autosave='discard']").addEventListener("click", () => {
                    post([], {discard: true});
                    settle("discarded");
                });
            }
        }
    }
}
