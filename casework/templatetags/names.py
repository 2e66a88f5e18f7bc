"""`{{ text|in_lang:lang }}`: a name spelling inside a translated sentence, with its lang.

`{% blocktranslate with spelling=case.name_spelling|in_lang:case.name_spelling_lang %}` keeps
the sentence's msgid ("matched as %(spelling)s") and tags only the spelling, not the words
around it, which are in the page's language.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def in_lang(text: str, lang: str) -> str | SafeString:
    """text in a <span lang>, escaped; text as it is (escaped by the template) without lang."""
    if not lang:
        return text
    return format_html('<span lang="{}">{}</span>', lang, text)
