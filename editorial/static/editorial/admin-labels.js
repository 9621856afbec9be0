/*
 * Names for the admin's controls that Django renders without a label: the inputs of a
 * tabular inline (named by their column heading and row), the search box of a multiple
 * autocomplete and the box of a single one (named by their field's label, or by column
 * and row in a tabular inline). Screen readers announce them.
 */
"use strict";
{
    const CONTROLS = "input:not([type=hidden]), select:not(.select2-hidden-accessible), textarea";

    function unlabelled(control) {
        return control.labels.length === 0 && !control.hasAttribute("aria-label")
            && !control.hasAttribute("aria-labelledby");
    }

    function labelText(select) {
        const label = document.querySelector(`label[for="${select.id}"]`);
        return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    }

    /*
     * select2 names the box of a single autocomplete by its current choice alone, so an
     * empty one has no name and a full one does not say what it is for. Name it by `name`
     * followed by the choice; the choice is plain text, not a separate unnamed textbox.
     */
    function nameAutocomplete(select, name) {
        const container = select.nextElementSibling;
        const box = container && container.querySelector(".select2-selection[role=combobox]");
        if (!box || !name || select.multiple) {
            return;
        }
        const rendered = box.querySelector(".select2-selection__rendered");
        const nameId = `${select.id}-name`;
        let holder = document.getElementById(nameId);
        if (!holder) {
            holder = document.createElement("span");
            holder.id = nameId;
            holder.hidden = true;
            container.after(holder);
        }
        holder.textContent = name;
        if (rendered) {
            rendered.removeAttribute("role");
            rendered.removeAttribute("aria-readonly");
        }
        box.setAttribute("aria-labelledby", rendered && rendered.id ? `${nameId} ${rendered.id}` : nameId);
    }

    function labelTabularInlines() {
        for (const table of document.querySelectorAll(".inline-group .tabular table")) {
            const headings = [...table.querySelectorAll("thead th")].map(
                (th) => th.textContent.trim()
            );
            for (const row of table.querySelectorAll("tbody tr.form-row")) {
                const original = row.querySelector("td.original p");
                const name = original ? original.firstChild.textContent.trim() : "";
                [...row.children].forEach((cell, index) => {
                    const heading = headings[index];
                    if (!heading) {
                        return;
                    }
                    const label = name ? `${heading} (${name})` : heading;
                    for (const control of cell.querySelectorAll(CONTROLS)) {
                        if (unlabelled(control)) {
                            control.setAttribute("aria-label", label);
                        }
                    }
                    for (const select of cell.querySelectorAll("select.admin-autocomplete")) {
                        if (!labelText(select)) {
                            nameAutocomplete(select, label);
                        }
                    }
                });
            }
        }
    }

    function labelAutocompletes() {
        for (const select of document.querySelectorAll("select.admin-autocomplete")) {
            const label = labelText(select);
            const container = select.nextElementSibling;
            if (!label || !container) {
                continue;
            }
            nameAutocomplete(select, label);
            for (const search of container.querySelectorAll(".select2-search__field")) {
                if (unlabelled(search)) {
                    search.setAttribute("aria-label", label);
                }
            }
        }
    }

    function labelAll() {
        labelTabularInlines();
        labelAutocompletes();
    }

    // Queued after Django's own ready handlers, which set up the autocompletes.
    if (window.django && window.django.jQuery) {
        window.django.jQuery(labelAll);
    } else {
        document.addEventListener("DOMContentLoaded", labelAll);
    }
    document.addEventListener("formset:added", () => setTimeout(labelAll));
    document.addEventListener("change", (event) => {
        if (event.target.matches("select.admin-autocomplete[multiple]")) {
            setTimeout(labelAutocompletes);
        }
    });
}
