"""Strings of Django's admin, django-reversion and django-taggit that our catalogue words anew.

Their own French slips a model's verbose name into a sentence that cannot agree with it
("Ajout de article", "Ajouter un objet Auteur supplémentaire", "Sélectionnez l’objet
série à changer"). A catalogue in LOCALE_PATHS is read before theirs, so a msgid
translated in locale/ replaces theirs; `make messages` keeps only the msgids found in
our sources, and this module is where it finds these. Nothing imports it.

French phrasing that holds for any noun: the noun after a colon or in parentheses, with
"élément" where a sentence needs a noun of its own (never "objet", never "de" + noun).
Our own models get titles written whole (editorial.admin.wording).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_ADMIN = (
    # Titles and buttons built from a verbose name (editorial.admin.wording words ours).
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("%(app)s administration"),
    # The icons beside a related field.
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    # Lists and their actions.
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Delete multiple objects"),
    # French agrees these with a noun it does not know the gender of.
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected"),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Objects"),
    ngettext_lazy("%(count)s %(name)s was changed successfully.",
                  "%(count)s %(name)s were changed successfully."),
    # Messages after a save or a deletion.
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop(
        "The {name} “{obj}” was changed successfully. You may add another {name} below."
    ),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    # Delete confirmations.
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following "
        "protected related objects: %(related_objects)s"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types "
        "of objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s \"%(escaped_object)s\"? All of "
        "the following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, "
        "but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    # The history: what the log entries say, in each reader's language.
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop(
        "This object doesn’t have a change history. It probably wasn’t added via this admin "
        "site."
    ),
)

REVERSION = (
    gettext_noop("Recover deleted %(name)s"),
    # The title of a revision's page: %(name)s is the object, as it was then.
    gettext_noop("Recover %(name)s"),
    gettext_noop("Revert %(name)s"),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
    gettext_noop("Press the save button below to recover this version of the object."),
    gettext_noop("Press the save button below to revert to this version of the object."),
)

# Its French capitalises the singular only ("Étiquette", "étiquettes").
TAGGIT = (gettext_noop("tag"),)
