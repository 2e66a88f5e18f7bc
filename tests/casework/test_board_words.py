"""The dashboard, case list and audit page in words: whose case, what happened, how many."""

from django.urls import reverse

from casework import actions
from casework.audit import RECORD_WORDS, describe
from casework.deadlines import digest
from casework.models import AuditAction, AuditEvent, User
from tests import factories
from tests.factories import SENTINEL, TODAY, add_identity_document, day

BELARUSIAN_NAME = "Ганна Кавалёнак"


def test_dashboard_names_the_person_beside_each_reference(login, olga_coordinator):
    case = factories.sentinel_case(olga_coordinator, tasks=[("Call the lawyer", day(3))])
    actions.add_risk(
        case=case,
        by=olga_coordinator,
        fields={"kind": "passport_invalidated", "severity": "high", "status": "confirmed"},
    )
    page = login(olga_coordinator).get(reverse("casework:dashboard")).content.decode()
    # My cases, the highest risks and the week's deadlines: three times the name, each after
    # the reference and a dot.
    assert page.count(f"{case.reference}</span> · ") >= 3
    assert page.count(SENTINEL) >= 3


def test_dashboard_name_carries_its_lang(login, olga_coordinator):
    factories.take_in(
        olga_coordinator,
        full_name=BELARUSIAN_NAME,
        names=[{"text": BELARUSIAN_NAME, "script": "be-Cyrl", "kind": "native"}],
    )
    page = login(olga_coordinator).get(reverse("casework:dashboard")).content.decode()
    assert f'<span class="person-name" lang="be">{BELARUSIAN_NAME}</span>' in page


def test_calendar_feed_and_digest_carry_no_name(client, login, vera_volunteer, frozen_today):
    case = factories.sentinel_case(vera_volunteer, tasks=[("Call the lawyer", TODAY)])
    assert SENTINEL in login(vera_volunteer).get(reverse("casework:dashboard")).content.decode()
    token = actions.create_calendar_feed(user=vera_volunteer)[1]
    feed = client.get(reverse("casework:calendar_feed_ics", args=[token])).content.decode()
    assert case.reference in feed
    assert "Sentinel" not in feed and "Сентынелавіч" not in feed
    mail = digest.digest_for(vera_volunteer, TODAY)
    assert mail is not None
    subject, body, _count = mail
    assert case.reference in body
    for text in (subject, body):
        assert "Sentinel" not in text and "Сентынелавіч" not in text


# The audit log in words


def audit_page(login, user, **params) -> str:
    return login(user).get(reverse("casework:audit_log"), params).content.decode()


def test_audit_log_says_what_happened_in_words(login, olga_coordinator, vera_volunteer, vera_case):
    add_identity_document(vera_case, vera_volunteer, expires_on=day(100))
    actions.add_task(case=vera_case, by=vera_volunteer, title="Call", due_on=day(3))
    actions.add_note(case=vera_case, by=vera_volunteer, fields={"kind": "contact", "text": "Hi"})
    page = audit_page(login, olga_coordinator)
    for words in ("Identity document added", "Task added", "Note added"):
        assert words in page
    assert "IdentityDocument" not in page
    assert "CaseTask" not in page
    assert vera_case.reference in page


def test_audit_words_per_kind_are_whole_sentences():
    for (model, verb), words in RECORD_WORDS.items():
        event = AuditEvent(action=AuditAction.EDIT, detail=f"{model} 7 {verb}")
        assert describe(event) == str(words)
    assert describe(AuditEvent(action=AuditAction.EDIT, detail="status open")) == "status open"
    assert describe(AuditEvent(action=AuditAction.CREATE, case_id=1, detail="")) == "Case taken in"


def test_audit_log_names_users_in_full(login, olga_coordinator, vera_volunteer, vera_case):
    User.objects.filter(pk=vera_volunteer.pk).update(first_name="Vera", last_name="Kalinouskaya")
    page = audit_page(login, olga_coordinator)
    assert "Vera Kalinouskaya" in page
    assert ">vera_volunteer<" not in page


def test_audit_log_folds_consecutive_views(login, olga_coordinator, vera_volunteer, vera_case):
    for _ in range(12):
        actions.log_case_view(case=vera_case, by=vera_volunteer)
    page = audit_page(login, olga_coordinator, reads="show")
    assert "<summary>12 views</summary>" in page
    assert page.count("<details") == 1


def test_audit_csv_has_the_words(login, olga_coordinator, vera_volunteer, vera_case):
    add_identity_document(vera_case, vera_volunteer, expires_on=day(100))
    response = login(olga_coordinator).get(reverse("casework:audit_log_csv"))
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].endswith(",text")
    assert "Identity document added" in text


# The case list's live region


def test_case_list_has_a_live_status_with_the_count(login, olga_coordinator, vera_case):
    page = login(olga_coordinator).get(reverse("casework:case_list")).content.decode()
    assert 'id="results-status" role="status" aria-live="polite">1 case found</p>' in page
    assert page.count("aria-live") == 1


def test_live_search_updates_the_status_out_of_band(login, olga_coordinator, vera_case):
    client = login(olga_coordinator)
    response = client.get(
        reverse("casework:case_list"), {"q": "nobody-such"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert '<p id="results-status" hx-swap-oob="innerHTML">0 cases found</p>' in content
    assert "aria-live" not in content
