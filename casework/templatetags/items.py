"""What the case page's buttons call a record, so that "Edit" is named in full for a screen
reader ("Edit — Risk: Interpol red notice or diffusion")."""

from __future__ import annotations

from django import template

from casework.items import ITEM_KINDS, ItemWording

register = template.Library()


@register.simple_tag
def item_wording(slug: str) -> ItemWording:
    """The wording of a record kind, by its slug or its URL name ("pressure_events")."""
    return ITEM_KINDS[slug.replace("_", "-")].wording
