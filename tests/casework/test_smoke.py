from django.urls import reverse

from casework.models import AuditEvent


def test_volunteer_sees_own_case_page(login, vera_volunteer, vera_case):
    response = login(vera_volunteer).get(vera_case.get_absolute_url())
    assert response.status_code == 200
    assert "Ціхановіч" in response.content.decode()
    assert vera_case.reference.startswith("PL-")
    assert AuditEvent.objects.filter(case=vera_case, action="view").count() == 1


def test_pages_render(login, olga_coordinator, vera_case):
    client = login(olga_coordinator)
    for url in [
        reverse("casework:dashboard"),
        reverse("casework:case_list"),
        reverse("casework:case_create"),
        reverse("casework:case_edit", args=[vera_case.pk]),
        reverse("casework:case_assign", args=[vera_case.pk]),
        reverse("casework:case_share", args=[vera_case.pk]),
        reverse("casework:case_close", args=[vera_case.pk]),
        reverse("casework:risks_new", args=[vera_case.pk]),
        reverse("casework:notes_new", args=[vera_case.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_favicon_is_served_from_static(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
