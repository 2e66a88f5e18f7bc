"""The remedy knowledge base: what each host country offers, with its public source."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from casework.choices import RemedyKind


class RemedyOption(models.Model):
    """The per-country knowledge base of remedies, loaded from seeds/ and edited by admins.

    Title, summary, eligibility and documents needed are written in every page language
    (casework/translation.py): `title_en`, `title_be`, ... with `title` reading the active one.
    """

    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=30, choices=RemedyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(pgettext_lazy("remedy option", "summary"))
    eligibility = models.TextField(_("eligibility"), blank=True)
    documents_needed = models.TextField(_("documents needed"), blank=True)
    source_url = models.URLField(_("source"), max_length=500)
    checked_on = models.DateField(_("checked on"))
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal a refusal"), null=True, blank=True
    )
    # Set when an admin saves the entry: load_seeds then keeps it as the admin left it.
    edited_in_admin_at = models.DateTimeField(
        _("edited in the admin at"), null=True, blank=True, editable=False
    )

    # Named for the type checker: modeltranslation swaps in a manager class of its own making
    # (lookups on `title` go to the active language's column).
    objects: models.Manager[RemedyOption] = models.Manager()

    class Meta:
        ordering = ["country", "kind", "title_en"]
        verbose_name = _("remedy option")
        verbose_name_plural = _("remedy options")
        # One entry per country, kind and English title (the column modeltranslation adds):
        # the seeds find their entries by it, and the admin's form checks it.
        constraints = [
            models.UniqueConstraint(
                fields=["country", "kind", "title_en"], name="unique_remedy_option"
            )
        ]

    def __str__(self) -> str:
        return self.title
