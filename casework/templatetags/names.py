"""`{{ text|in_lang:lang }}`: a name spelling inside a translated sentence, with its lang; and
`{% script_sentence "be-Cyrl" %}`, what the line under a spelling says of a detected script.

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


@register.simple_tag
def script_sentence(script: str) -> str:
    """The sentence for a script detected from the letters (casework/forms/people.py)."""
    from casework.forms.people import SCRIPT_DETECTED

    return str(SCRIPT_DETECTED[script])
