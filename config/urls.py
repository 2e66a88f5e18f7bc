"""The login, set-password and second-factor pages, the admin, and the two apps' URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from casework.views import set_password, two_factor


def favicon(request):
    # Resolved per request: with hashed static names the manifest exists only after
    # collectstatic, which must not be needed to import the URLs.
    return redirect(static("img/favicon.svg"), permanent=True)


urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        set_password.SetPasswordView.as_view(),
        name="set_password",
    ),
    path(
        "accounts/set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/set_password_done.html"
        ),
        name="set_password_done",
    ),
    path("accounts/two-factor/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("admin/", admin.site.urls),
    # Browsers ask for it on pages without an icon link (the admin's, error pages).
    path("favicon.ico", favicon, name="favicon"),
    path("", include("docs_app.urls")),
    path("", include("casework.urls")),
]
