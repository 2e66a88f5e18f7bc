"""The user's own account page, and the language menu of every page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework import actions
from casework.forms.accounts import LanguageForm
from casework.middleware import remember_language, session_seconds_left


@login_required
def account(request):
    """The account's settings: for now its language, kept on the account."""
    form = LanguageForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        actions.choose_language(user=request.user, language=language)
        if language:
            translation.activate(language)
        messages.success(request, _("Your choice of language is saved."))
        return _remembering(redirect("casework:account"), language)
    return render(request, "casework/account.html", {"form": form})


@require_POST
def set_language(request):
    """The language menu (the login page's too): the choice is kept in a cookie, and on the
    account when someone is logged in. Back to the page it was made on."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = ""
    if language and request.user.is_authenticated:
        actions.choose_language(user=request.user, language=language)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    return _remembering(HttpResponseRedirect(back), language)


@require_POST
@login_required
def session_extend(request):
    """ "Stay signed in" in the warning before the idle timeout: the request itself renews the
    session (SESSION_SAVE_EVERY_REQUEST), within the absolute lifetime, which nothing extends.
    Answers how many seconds the session now has."""
    request.session.modified = True
    return JsonResponse({"seconds_left": session_seconds_left(request)})


def _remembering(response, language: str):
    return remember_language(response, language) if language else response
