/*
 * The admin's slug fields fill themselves in from the title with core/slugs.py's rule,
 * not Django's URLify (which drops apostrophes: "de l'IA" would give "de-lia" where the
 * site writes "de-l-ia"). prepopulate.js calls window.URLify as the editor types; this
 * script runs after it is defined (deferred) and replaces it.
 */
"use strict";
{
    // Letters NFKD does not decompose: core.slugs.TRANSLITERATION.
    const TRANSLITERATION = {
        "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O",
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "þ": "th",
    };
    const LETTERS = new RegExp(`[${Object.keys(TRANSLITERATION).join("")}]`, "g");
    const APOSTROPHES = /['’‘ʼ`]/g;

    function slugOf(text, maxLength) {
        let slug = text.replace(LETTERS, (letter) => TRANSLITERATION[letter])
            .replace(APOSTROPHES, " ")
            .normalize("NFKD")
            .replace(/[^\x00-\x7f]/g, "")
            .toLowerCase()
            .replace(/[^\w\s-]/g, "")
            .replace(/[-\s]+/g, "-")
            .replace(/^[-_]+|[-_]+$/g, "");
        if (maxLength) {
            slug = slug.substring(0, maxLength).replace(/[-_]+$/g, "");
        }
        return slug;
    }

    // Unicode slugs (taggit's tags) keep Django's rule, which taggit follows too.
    const djangoURLify = window.URLify;
    window.URLify = (text, maxLength, allowUnicode) => (
        allowUnicode && djangoURLify ? djangoURLify(text, maxLength, true) : slugOf(text, maxLength)
    );
}
