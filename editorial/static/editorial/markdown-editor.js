/*
 * The body's Markdown editor (editorial.widgets.MarkdownEditor): a toolbar acting on the
 * textarea itself, a preview rendered by the site's own renderer (the admin's
 * markdown-preview endpoint) in the public page's stylesheet, the word count and reading
 * time of the public page, and the outline of the headings.
 *
 * The textarea stays the field the form posts: every change made here goes through it
 * and fires `input`, so the other scripts of the page (dirty tracking, autosave) see it.
 * Other scripts insert Markdown with the `pp:insert-markdown` event on the textarea.
 */
const PREVIEW_DELAY_MS = 300;
const editors = new Set();
let frameCount = 0;

function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
}

/* The form, or the inline row, that the textarea belongs to. */
function rowOf(textarea) {
    return textarea.closest(".inline-related") || textarea.form || document;
}

function fieldOf(textarea, name) {
    return rowOf(textarea).querySelector(`[name="${name}"], [name$="-${name}"]`);
}

/* Insert text at the cursor as typing would: undoable, and announced by `input`. */
export function insertAtCursor(textarea, text) {
    textarea.focus();
    let inserted = false;
    try {
        inserted = document.execCommand("insertText", false, text);
    } catch {
        inserted = false;
    }
    if (!inserted) {
        textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
        textarea.dispatchEvent(new Event("input", {bubbles: true}));
    }
}

function deleteSelection(textarea) {
    let deleted = false;
    try {
        deleted = document.execCommand("delete");
    } catch {
        deleted = false;
    }
    if (!deleted) {
        textarea.setRangeText("", textarea.selectionStart, textarea.selectionEnd, "end");
        textarea.dispatchEvent(new Event("input", {bubbles: true}));
    }
}

/*
 * What is inserted from outside (an image from the picker) is a block of its own, as a
 * figure is on the page: blank lines around it, where text is next to the cursor.
 */
function asBlock(textarea, text) {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const after = textarea.value.slice(textarea.selectionEnd);
    const breaksBefore = before.trim() ? 2 - before.match(/\n*$/)[0].length : 0;
    const breaksAfter = after.trim() ? 2 - after.match(/^\n*/)[0].length : 0;
    return "\n".repeat(Math.max(0, breaksBefore)) + text + "\n".repeat(Math.max(0, breaksAfter));
}

function listenForInsertions(textarea) {
    if (textarea.ppInsertListening) {
        return;
    }
    textarea.ppInsertListening = true;
    textarea.addEventListener("pp:insert-markdown", (event) => {
        const text = event.detail && event.detail.text;
        if (typeof text === "string" && text.trim()) {
            insertAtCursor(textarea, asBlock(textarea, text.trim()));
        }
    });
}

class Editor {
    constructor(wrapper, textarea) {
        this.wrapper = wrapper;
        this.textarea = textarea;
        const parts = wrapper.querySelector("template.pp-md__parts").content.cloneNode(true);
        this.toolbar = parts.querySelector("markdown-toolbar");
        this.side = parts.querySelector(".pp-md__side");
        this.preview = parts.querySelector(".pp-md__preview");
        // Made here, not sent in the page: the server's HTML holds no frame at all.
        this.frame = document.createElement("iframe");
        this.frame.className = "pp-md__frame";
        // Same origin, so this script fills it; no script of its own ever runs in it.
        this.frame.sandbox = "allow-same-origin";
        this.preview.append(this.frame);
        this.words = parts.querySelector(".pp-md__words");
        this.reading = parts.querySelector(".pp-md__reading");
        this.error = parts.querySelector(".pp-md__error");
        this.outline = parts.querySelector(".pp-md__outline");
        this.outlineEmpty = parts.querySelector(".pp-md__outline-empty");
        frameCount += 1;
        const outlineTitle = parts.querySelector(".pp-md__outline-title");
        outlineTitle.id = `pp-md-outline-${frameCount}`;
        this.outline.setAttribute("aria-labelledby", outlineTitle.id);
        const language = this.language();
        // Several bodies on one page: each frame needs its own name.
        this.frame.title = `${wrapper.dataset.previewTitle} (${
            language ? language.toUpperCase() : frameCount})`;
        this.toolbar.setAttribute("for", textarea.id);
        this.toolbar.setAttribute("aria-controls", textarea.id);
        this.toolbar.querySelector(".pp-md__image").addEventListener("click", () => this.image());
        // A version the person may read but not change: the preview without the buttons.
        this.toolbar.hidden = textarea.disabled || textarea.readOnly;
        textarea.before(this.toolbar);
        textarea.after(this.side, this.preview);
        wrapper.classList.add("pp-md--ready");
        this.frame.addEventListener("load", () => this.frameLoaded(), {once: true});
        this.frame.srcdoc = "<!DOCTYPE html><title></title>";

        this.timer = null;
        this.request = null;
        textarea.addEventListener("input", () => this.schedule());
        textarea.addEventListener("keydown", (event) => this.shortcut(event));
        textarea.addEventListener("scroll", () => this.followScroll(), {passive: true});
        for (const name of ["title", "standfirst", "language"]) {
            const field = fieldOf(textarea, name);
            if (field) {
                field.addEventListener(name === "language" ? "change" : "input", () => {
                    this.showHeader();
                    if (name === "language") {
                        this.schedule();
                    }
                });
            }
        }
    }

    language() {
        const field = fieldOf(this.textarea, "language");
        return field ? field.value : "";
    }

    frameLoaded() {
        const doc = this.frame.contentDocument;
        const stylesheet = doc.createElement("link");
        stylesheet.rel = "stylesheet";
        stylesheet.href = this.wrapper.dataset.stylesheet;
        doc.head.append(stylesheet);
        doc.title = this.frame.title;
        const main = doc.createElement("main");
        const article = doc.createElement("article");
        article.className = "article";
        this.header = doc.createElement("header");
        this.header.className = "article__header";
        this.body = doc.createElement("div");
        this.body.className = "article__body";
        article.append(this.header, this.body);
        main.append(article);
        doc.body.append(main);
        this.showHeader();
        this.refresh();
    }

    /* The title and standfirst typed in the same form, as the page shows them. */
    showHeader() {
        if (!this.header) {
            return;
        }
        this.frame.contentDocument.documentElement.lang = this.language();
        const title = fieldOf(this.textarea, "title");
        const standfirst = fieldOf(this.textarea, "standfirst");
        const heading = this.frame.contentDocument.createElement("h1");
        heading.textContent = title ? title.value : "";
        const parts = [heading];
        if (standfirst && standfirst.value.trim()) {
            const paragraph = this.frame.contentDocument.createElement("p");
            paragraph.className = "standfirst";
            paragraph.textContent = standfirst.value;
            parts.push(paragraph);
        }
        this.header.replaceChildren(...parts);
    }

    schedule() {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.refresh(), PREVIEW_DELAY_MS);
    }

    async refresh() {
        if (!this.body) {
            return;
        }
        if (this.request) {
            this.request.abort();
        }
        const request = new AbortController();
        this.request = request;
        let answer;
        try {
            const response = await fetch(this.wrapper.dataset.previewUrl, {
                method: "POST",
                credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
                body: JSON.stringify({body: this.textarea.value, language: this.language()}),
                signal: request.signal,
            });
            answer = await response.json();
        } catch (error) {
            if (error.name !== "AbortError") {
                this.showError(this.wrapper.dataset.offlineMessage);
            }
            return;
        }
        if (request !== this.request) {
            return;
        }
        if (answer.error) {
            this.showError(answer.error);
            return;
        }
        this.showError("");
        // Rendered and sanitised by the server, for a frame that runs no script.
        this.body.innerHTML = answer.html;
        this.words.textContent = answer.words_label;
        this.reading.textContent = answer.reading_label;
        this.showOutline(answer.headings);
        this.followScroll();
    }

    /* Keep the preview at the same height of the text as the textarea shows. */
    followScroll() {
        const page = this.frame.contentDocument && this.frame.contentDocument.scrollingElement;
        if (!page) {
            return;
        }
        const text = this.textarea;
        const scrollable = text.scrollHeight - text.clientHeight;
        const share = scrollable > 0 ? text.scrollTop / scrollable : 0;
        page.scrollTop = share * (page.scrollHeight - page.clientHeight);
    }

    showError(message) {
        this.error.textContent = message;
    }

    showOutline(headings) {
        const items = headings.map((heading, index) => {
            const item = document.createElement("li");
            item.className = `pp-md__outline-level-${heading.level}`;
            const button = document.createElement("button");
            button.type = "button";
            button.textContent = heading.text;
            button.addEventListener("click", () => this.goTo(heading, index));
            item.append(button);
            return item;
        });
        this.outline.replaceChildren(...items);
        this.outlineEmpty.hidden = items.length > 0;
    }

    /* Show a heading in the preview, and put the cursor at the start of its line. */
    goTo(heading, index) {
        const target = this.frame.contentDocument.getElementById(heading.anchor);
        if (target) {
            target.scrollIntoView({block: "start"});
        }
        const offset = headingOffsets(this.textarea.value)[index];
        this.textarea.focus();
        if (offset !== undefined) {
            this.textarea.setSelectionRange(offset, offset);
            // Scroll the textarea to the line: blur and focus brings the caret into view.
            this.textarea.blur();
            this.textarea.focus();
        }
    }

    image() {
        const picker = this.textarea.dataset.imagePicker;
        if (picker) {
            const url = new URL(picker, window.location.href);
            url.searchParams.set("target", this.textarea.id);
            if (this.textarea.lang) url.searchParams.set("language", this.textarea.lang);
            window.open(url, `pp-image-picker-${this.textarea.id}`, "popup,width=960,height=760");
            return;
        }
        const alt = this.wrapper.dataset.imagePlaceholder;
        const start = this.textarea.selectionStart + 2;
        insertAtCursor(this.textarea, `![${alt}](https://)`);
        this.textarea.setSelectionRange(start, start + alt.length);
    }

    continueList(event) {
        // Enter in a list item starts the next item; Enter in an empty item ends the list.
        const text = this.textarea;
        if (text.selectionStart !== text.selectionEnd) {
            return;
        }
        const lineStart = text.value.lastIndexOf("\n", text.selectionStart - 1) + 1;
        const line = text.value.slice(lineStart, text.selectionStart);
        const item = line.match(/^(\s*)([-*+]|(\d+)([.)]))\s+(.*)$/);
        if (!item) {
            return;
        }
        event.preventDefault();
        if (!item[5].trim()) {
            text.setSelectionRange(lineStart, text.selectionStart);
            deleteSelection(text);
            return;
        }
        const marker = item[3] ? `${Number(item[3]) + 1}${item[4]}` : item[2];
        insertAtCursor(text, `\n${item[1]}${marker} `);
    }

    shortcut(event) {
        if (event.key === "Enter" && !event.isComposing && !event.shiftKey
                && !event.ctrlKey && !event.metaKey && !event.altKey) {
            this.continueList(event);
            return;
        }
        if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) {
            return;
        }
        const button = {b: "md-bold", i: "md-italic", k: "md-link"}[event.key.toLowerCase()];
        if (button) {
            event.preventDefault();
            this.toolbar.querySelector(button).click();
        }
    }
}

/* Where the outline's headings start in the source: ATX headings of levels 1 to 3. */
function headingOffsets(source) {
    const offsets = [];
    let offset = 0;
    let fence = null;
    for (const line of source.split("\n")) {
        const fenceMark = line.match(/^ {0,3}(`{3,}|~{3,})/);
        if (fenceMark) {
            if (fence === null) {
                fence = fenceMark[1][0];
            } else if (fenceMark[1][0] === fence) {
                fence = null;
            }
        } else if (fence === null && /^ {0,3}#{1,3}(\s|$)/.test(line)) {
            offsets.push(offset);
        }
        offset += line.length + 1;
    }
    return offsets;
}

function start(root) {
    for (const textarea of root.querySelectorAll("textarea[data-markdown-editor]")) {
        listenForInsertions(textarea);
        const wrapper = textarea.closest(".pp-md");
        // The inline's blank row, cloned when a row is added, is no editor itself.
        if (!wrapper || wrapper.classList.contains("pp-md--ready")
                || textarea.id.includes("__prefix__")) {
            continue;
        }
        editors.add(new Editor(wrapper, textarea));
    }
}

document.addEventListener("formset:added", (event) => start(event.target));
// Removing an inline row renumbers the ids of the rows after it.
document.addEventListener("formset:removed", () => {
    for (const editor of editors) {
        if (!editor.textarea.isConnected) {
            editors.delete(editor);
        } else {
            editor.toolbar.setAttribute("for", editor.textarea.id);
            editor.toolbar.setAttribute("aria-controls", editor.textarea.id);
        }
    }
});
start(document);
