"""The page a one-time set-password link opens: Django's, saving through the audited action."""

from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.http import HttpResponseRedirect

from casework import actions


class SetPasswordView(PasswordResetConfirmView):
    template_name = "registration/set_password.html"
    success_url = "/accounts/set-password/done/"

    def form_valid(self, form):
        actions.set_password_by_link(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())
