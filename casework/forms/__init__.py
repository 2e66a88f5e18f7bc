"""Forms validate what people type; views hand cleaned_data to casework.actions. One module
per topic, as in casework.models and casework.actions; everything is importable from here."""

from casework.forms.accounts import TokenForm
from casework.forms.cases import (
    AssignForm,
    CaseEditForm,
    IntakeForm,
    IntakeRiskForm,
    IntakeRiskFormSet,
    ReasonForm,
    ShareForm,
    UserMultipleChoiceField,
)
from casework.forms.deadlines import SnoozeForm, TaskForm
from casework.forms.files import CaseFileForm, CaseFileUploadForm, ReplaceFileForm
from casework.forms.people import IntakePersonForm, NameForm, NameFormSet, PersonForm
from casework.forms.records import (
    DocumentForm,
    NoteForm,
    PressureEventForm,
    RelativeForm,
    RemedyForm,
    RiskForm,
)

__all__ = [
    "AssignForm",
    "CaseEditForm",
    "CaseFileForm",
    "CaseFileUploadForm",
    "DocumentForm",
    "IntakeForm",
    "IntakePersonForm",
    "IntakeRiskForm",
    "IntakeRiskFormSet",
    "NameForm",
    "NameFormSet",
    "NoteForm",
    "PersonForm",
    "PressureEventForm",
    "ReasonForm",
    "RelativeForm",
    "RemedyForm",
    "ReplaceFileForm",
    "RiskForm",
    "ShareForm",
    "SnoozeForm",
    "TaskForm",
    "TokenForm",
    "UserMultipleChoiceField",
]
