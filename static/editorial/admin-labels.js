/*
 * Names for the admin's controls that Django renders without a label: the inputs of a
 * tabular inline (named by their column heading and row) and the search box of a
 * multiple autocomplete (named by its field's label). Screen readers announce them.
 */
"use strict";
{
    const CONTROLS = "input:not([type=hidden]), select:not(.select2-hidden-accessible), textarea";

    function unlabelled(control) {
        return control.labels.length === 0 && !control.hasAttribute("aria-label")
            && !control.hasAttribute("aria-labelledby");
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
                    for (const control of cell.querySelectorAll(CONTROLS)) {
                        if (unlabelled(control)) {
                            control.setAttribute("aria-label", name ? `${heading} (${name})` : heading);
                        }
                    }
                });
            }
        }
    }

    function labelAutocompleteSearches() {
        for (const select of document.querySelectorAll("select.admin-autocomplete[multiple]")) {
            const label = document.querySelector(`label[for="${select.id}"]`);
            const container = select.nextElementSibling;
            if (!label || !container) {
                continue;
            }
            for (const search of container.querySelectorAll(".select2-search__field")) {
                if (unlabelled(search)) {
                    search.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
                }
            }
        }
    }

    function labelAll() {
        labelTabularInlines();
        labelAutocompleteSearches();
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
            setTimeout(labelAutocompleteSearches);
        }
    });
}
