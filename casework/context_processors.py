from django.conf import settings


def two_factor(request) -> dict:
    """Whether the second factor is required: the demo's login page says plainly when it is not."""
    return {"require_2fa": settings.REQUIRE_2FA}
