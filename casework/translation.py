"""The fields of the app's models that hold text in every page language (django-modeltranslation).

Each field listed gets a column per language of MODELTRANSLATION_LANGUAGES (`title_en`,
`title_be`, ...). Reading `option.title` gives the active language's text, or the English text
where that one is empty; the admin edits every language. The original column (`title`) holds
the English text too: the actions save in English (docs/adr/0012-remedy-guide-translations.md).
"""

from modeltranslation.translator import TranslationOptions, register

from casework.models.guide import RemedyOption

# A knowledge-base entry is written in English, Belarusian and Russian at least; what holds
# prose is translated, not the source address, the dates or the number of days.
GUIDE_REQUIRED = ("title", "summary")


@register(RemedyOption)
class RemedyOptionTranslation(TranslationOptions):
    fields = ("title", "summary", "eligibility", "documents_needed")
    required_languages = {"en": GUIDE_REQUIRED, "be": GUIDE_REQUIRED, "ru": GUIDE_REQUIRED}
