"""Every write to the casework domain, one module per topic (the same topics as
casework.models). Views, commands and tests call these; nothing else saves.

Each action is keyword-only, typed and atomic, and writes its audit event. Audit details name
records by kind and id, never by the personal data they hold (docs/adr/0002-actions.md).
"""

from casework.actions.accounts import (
    approve_account_change,
    confirm_second_factor,
    create_user,
    decline_account_change,
    delete_as_admin,
    make_set_password_link,
    request_account_change,
    reset_second_factor,
    save_office,
    save_reference_data_as_admin,
    save_user_as_admin,
    set_password_by_link,
    set_password_path,
    start_second_factor,
)
from casework.actions.audit import REQUEST_ADDRESS, log_case_view, log_event, log_list_read
from casework.actions.cases import (
    EditConflict,
    assign_case,
    close_case,
    next_reference,
    reopen_case,
    set_case_status,
    share_case,
    take_in_case,
    unshare_case,
    update_case,
)
from casework.actions.deadlines import (
    add_task,
    calendar_token_hash,
    complete_task,
    create_calendar_feed,
    end_snooze,
    log_calendar_feed_read,
    log_deadline_digest,
    revoke_calendar_feed,
    snooze_item,
)
from casework.actions.duplicates import dismiss_duplicate_notice, flag_possible_duplicates
from casework.actions.guide import (
    save_remedy_option,
    track_remedy_option,
)
from casework.actions.history import RestoreRefused, log_case_history_view, restore_record
from casework.actions.people import person_fields, replace_names
from casework.actions.records import (
    add_document,
    add_note,
    add_pressure_event,
    add_relative,
    add_remedy,
    add_risk,
    refresh_risk_level,
    remove_record,
    update_record,
)

__all__ = [
    "REQUEST_ADDRESS",
    "EditConflict",
    "RestoreRefused",
    "add_document",
    "add_note",
    "add_pressure_event",
    "add_relative",
    "add_remedy",
    "add_risk",
    "add_task",
    "approve_account_change",
    "assign_case",
    "calendar_token_hash",
    "close_case",
    "complete_task",
    "confirm_second_factor",
    "create_calendar_feed",
    "create_user",
    "decline_account_change",
    "delete_as_admin",
    "dismiss_duplicate_notice",
    "end_snooze",
    "flag_possible_duplicates",
    "log_calendar_feed_read",
    "log_case_history_view",
    "log_case_view",
    "log_deadline_digest",
    "log_event",
    "log_list_read",
    "make_set_password_link",
    "next_reference",
    "person_fields",
    "refresh_risk_level",
    "remove_record",
    "reopen_case",
    "replace_names",
    "request_account_change",
    "reset_second_factor",
    "restore_record",
    "revoke_calendar_feed",
    "save_office",
    "save_reference_data_as_admin",
    "save_remedy_option",
    "save_user_as_admin",
    "set_case_status",
    "set_password_by_link",
    "set_password_path",
    "share_case",
    "snooze_item",
    "start_second_factor",
    "take_in_case",
    "track_remedy_option",
    "unshare_case",
    "update_case",
    "update_record",
]
