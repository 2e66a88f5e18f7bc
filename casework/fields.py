"""Model fields of the casework domain."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models

from casework import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token (casework/crypto.py) and read back as plain text.

    The database holds only ciphertext, so it can neither search nor sort by these fields:
    every lookup but isnull is refused rather than silently matching nothing. An empty value
    is stored empty, so that a blank field is told from a filled one without a key.

    max_length limits the plain text, as CharField's does. single_line=True makes the form
    field a one-line input, for fields that replace a CharField.
    """

    description = "Text encrypted at rest"

    def __init__(self, *args, single_line: bool = False, **kwargs):
        self.single_line = single_line
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.single_line:
            kwargs["single_line"] = True
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted: the database cannot compare it "
            f"(lookup {lookup_name!r}). Filter in Python after reading the rows."
        )

    def get_transform(self, lookup_name):
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted: the database cannot transform "
            f"it (lookup {lookup_name!r})."
        )

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        if self.single_line:
            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(
            form_class=form_class, choices_form_class=choices_form_class, **kwargs
        )
