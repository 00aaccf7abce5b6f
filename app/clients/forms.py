"""Form fields of the registration form: labelled choices, list fields, cross-field rules."""
from __future__ import annotations

from flask_appbuilder.fields import QuerySelectField
from flask_appbuilder.fieldwidgets import (
    Select2ManyWidget,
    Select2Widget,
)
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Optional, ValidationError

from app.clients import cities
from app.clients.validation import as_list, client_errors
from app.core.errors import Invalid

GENDER_CHOICES = [("F", _l("Female")), ("M", _l("Male"))]
EDUCATION_CHOICES = [
    ("junior_high", _l("Junior high school")), ("high_school", _l("High school")),
    ("associate", _l("Associate degree")), ("bachelor", _l("Bachelor's degree")),
    ("master", _l("Master's degree")), ("doctorate", _l("Doctorate")),
]
MARITAL_CHOICES = [("never_married", _l("Never married")), ("divorced", _l("Divorced")),
                   ("widowed", _l("Widowed"))]
TIER_CHOICES = [("standard", _l("Standard")), ("premium", _l("Premium")),
                ("private", _l("Private (bespoke)"))]
CHANNEL_CHOICES = [("phone", _l("Phone")), ("web", _l("Web")), ("store", _l("Store visit")),
                   ("referral", _l("Referral")), ("event", _l("Event"))]
CHOICE_LABELS = {k: dict(v) for k, v in {
    "gender": GENDER_CHOICES, "education": EDUCATION_CHOICES,
    "pref_education_min": EDUCATION_CHOICES, "marital_status": MARITAL_CHOICES,
    "tier": TIER_CHOICES, "intake_channel": CHANNEL_CHOICES,
}.items()}


class ListField(StringField):
    """A list shown and typed as "廣州, 深圳"; stored as a JSON list (empty → any)."""

    def _value(self):
        return ", ".join(self.data or []) if isinstance(self.data, list) else (self.data or "")

    def process_formdata(self, valuelist):
        try:
            self.data = as_list(valuelist[0] if valuelist else None)
        except Invalid as ex:
            self.data = None
            raise ValueError(ex.message) from None


class CityField(SelectField):
    """One city from the list (app/clients/data/cities.txt); a stored spelling in the
    other script shows as the listed city, an off-list stored value stays as it is."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("widget", Select2Widget())
        super().__init__(label, validators or [Optional()], choices=[("", "—")], **kwargs)

    def process_data(self, value):
        self.data = cities.listed(value) or value
        self.choices = [("", "—"), *cities.choices(self.data)]

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "") or ""
        self.data = cities.listed(raw) or raw.strip() or None
        self.choices = [("", "—"), *cities.choices(self.data)]

    def pre_validate(self, form):
        if self.data and cities.listed(self.data) is None and self.object_data != self.data:
            raise ValidationError(str(_l("Choose a city from the list")))


class CitiesField(SelectMultipleField):
    """Several cities from the list; empty means any city."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("widget", Select2ManyWidget())
        super().__init__(label, validators or [Optional()], choices=[], **kwargs)

    @staticmethod
    def _norm(values):
        out = [cities.listed(v) or v for v in values or [] if v]
        return list(dict.fromkeys(out)) or None

    def process_data(self, value):
        if isinstance(value, str):
            value = as_list(value)
        self.data = self._norm(value)
        self.choices = cities.choices(self.data)

    def process_formdata(self, valuelist):
        self.data = self._norm(valuelist)
        self.choices = cities.choices(self.data)

    def pre_validate(self, form):
        known = set(self.object_data) if isinstance(self.object_data, list) else set()
        bad = [v for v in self.data or [] if cities.listed(v) is None and v not in known]
        if bad:
            raise ValidationError(str(_l("Choose the cities from the list")))


class _Probe:
    """Form data as attributes, so the model's rules can judge a form before saving."""

    def __init__(self, form):
        for name, field in form._fields.items():
            setattr(self, name, field.data)
        self.id = getattr(form, "_id", None)
        self.client_no = None


class ClientRule:
    """Shows the model's rule for this field next to the field (same rules as REST)."""

    def __call__(self, form, field):
        from app.clients.services import CONTACT_FIELDS

        if field.name in CONTACT_FIELDS and "****" in str(field.data or ""):
            return  # the masked value it was shown: unchanged (kept on save)
        errors = getattr(form, "_client_errors", None)
        if errors is None:
            probe = _Probe(form)
            for attr, default in (("status", "lead"), ("tier", "standard"),
                                  ("intake_channel", "store"),
                                  ("marital_status", "never_married"), ("gender", "F"),
                                  ("name", "-")):
                if getattr(probe, attr, None) in (None, ""):
                    setattr(probe, attr, default)
            errors = form._client_errors = client_errors(probe)
        for fname, message in errors:
            if fname == field.name:
                raise ValidationError(message)


def _select(label, choices, required=True):
    validators = [] if required else [Optional()]
    blank = [] if required else [("", "—")]
    return SelectField(label, choices=blank + list(choices), validators=validators,
                       widget=Select2Widget())


def _departments():
    from app.core.interface import YuelaoInterface
    from app.org.models import Department

    return YuelaoInterface(Department).query(order_column="code", order_direction="asc")[1]


def extra_fields() -> dict:
    return {
        # Staff with "own" scope see no department to pick: theirs is filled in on save.
        "department": QuerySelectField(
            _l("Department"), query_func=_departments, get_pk_func=lambda d: d.id,
            allow_blank=True, blank_text=_l("My department"), validators=[Optional()],
            widget=Select2Widget()),
        "gender": _select(_l("Gender"), GENDER_CHOICES),
        "education": _select(_l("Education"), EDUCATION_CHOICES, required=False),
        "marital_status": _select(_l("Marital status"), MARITAL_CHOICES),
        "tier": _select(_l("Membership tier"), TIER_CHOICES),
        "intake_channel": _select(_l("Intake channel"), CHANNEL_CHOICES),
        "pref_education_min": _select(_l("Minimum education"), EDUCATION_CHOICES,
                                      required=False),
        # Non-nullable booleans would get InputRequired from FAB: "no" is an answer too.
        "has_children": BooleanField(_l("Has children"), default=False),
        # Consent to sharing is a dated flag (Client.share_consent_at); the form asks 是/否.
        "share_consent": BooleanField(_l("Agrees to sharing of their data"), default=False),
        "city": CityField(_l("City")),
        "pref_cities": CitiesField(_l("Preferred cities"),
                                   description=_l("Empty means any city")),
        "pref_marital_statuses": SelectMultipleField(
            _l("Accepted marital statuses"), choices=MARITAL_CHOICES, widget=Select2ManyWidget(),
            description=_l("Empty means any")),
    }


# Fields whose cross-field rules are shown inline on the form (the model's rules, judged
# once per form: every broken rule stays next to its field, with what the user typed).
RULE_FIELDS = ["name", "birth_date", "pref_age_min", "pref_age_max", "pref_height_min",
               "pref_height_max", "height_cm", "weight_kg", "phone", "income_monthly",
               "pref_income_min"]
