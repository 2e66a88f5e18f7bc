"""The exiles and every spelling of their names, with the derived search keys
(DESIGN.md section 7)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from casework.choices import NameKind, Script, script_lang
from casework.fields import EncryptedTextField
from casework.models.history import keep_history
from casework.names import DerivedKeys, derive


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    citizenship = CountryField(_("citizenship"), default="BY")
    residence_country = CountryField(_("country of residence"), blank=True)
    city = EncryptedTextField(_("city"), max_length=100, blank=True, single_line=True)
    contact = EncryptedTextField(_("contact details"), blank=True)
    languages = EncryptedTextField(_("languages"), max_length=200, blank=True, single_line=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = keep_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name


class PersonName(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="names"
    )
    text = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    script = models.CharField(_("script"), max_length=10, choices=Script.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=NameKind.choices)
    # Derived from text on every save, so that Cyrillic matches case-insensitively on SQLite too.
    search_key = models.CharField(max_length=200, editable=False)
    # Derived too: the folded words that ranking compares (casework.names.keys.encode_folded);
    # the index keys are the PersonNameKey rows, rewritten by every save.
    search_folded = models.TextField(editable=False, default="")

    # The search fields and keys are derived from text: save() rebuilds them on a restore.
    history = keep_history(excluded_fields=["search_key", "search_folded"])

    class Meta:
        ordering = ["kind", "script", "pk"]
        verbose_name = _("name spelling")
        verbose_name_plural = _("name spellings")
        # A substring search reads every key: from this index, half the size of the table.
        indexes = [models.Index(fields=["search_key", "person"], name="personname_search_key")]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        derived = derive(self.text)
        self.search_key = derived.search_key
        self.search_folded = derived.search_folded
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key", "search_folded"}
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            PersonNameKey.objects.filter(name=self).delete()
            PersonNameKey.objects.bulk_create(PersonNameKey.rows_for(self, derived))

    @property
    def lang(self) -> str:
        """The spelling's lang attribute: "be" or "ru" for Cyrillic, "" (none) for Latin."""
        return script_lang(self.script)


def full_name_lang(person: Person, names: Iterable[PersonName]) -> str:
    """The lang of the person's full name: that of its own spelling, which every save keeps
    among the names (casework.actions.people.replace_names), with the script typed for it or
    guessed from its letters; "" if none is found."""
    return next((name.lang for name in names if name.text == person.full_name), "")


class PersonNameKey(models.Model):
    """One index key of one spelling (DESIGN.md section 7): a name search looks keys up by
    equality, never reads every name. Derived (casework.names.keys.derive) by PersonName.save()
    and rebuilt by the rebuild_name_keys command; person is repeated here so that the lookup
    needs no join."""

    name = models.ForeignKey(PersonName, on_delete=models.CASCADE, related_name="keys")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="personnamekey_key")]
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="personnamekey_unique")]

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def rows_for(name: PersonName, derived: DerivedKeys | None = None) -> list[PersonNameKey]:
        """The key rows of a saved spelling, for bulk_create (which bypasses save()); derived
        is derive(name.text), when the caller has it already."""
        derived = derive(name.text) if derived is None else derived
        return [
            PersonNameKey(name_id=name.pk, person_id=name.person_id, key=key)
            for key in derived.keys
        ]
