from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from avance.core import links
from avance.plans.models import Node, Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class CheckInForm(forms.Form):
    percent = forms.FloatField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        error_messages={
            "min_value": _("Progress is a number from 0 to 100."),
            "max_value": _("Progress is a number from 0 to 100."),
        },
    )
    status = forms.ModelChoiceField(
        label=_("Status"), queryset=Status.objects.none(), required=False
    )
    no_progress = forms.BooleanField(label=_("No progress to report this period"), required=False)
    narrative = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    note = forms.CharField(
        label=_("Clarifying note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    links = forms.CharField(
        label=_("Evidence links (one per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
    )

    def __init__(self, *args: Any, node: Node, previous: float | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.node = node
        self.previous = previous
        status: Any = self.fields["status"]
        status.queryset = Status.objects.filter(plan=node.plan)

    def expected_pace(self, today: dt.date | None = None) -> float | None:
        """Where a steady pace would be by today, from the item's (or the plan's) dates."""
        start = self.node.start or self.node.plan.start
        end = self.node.end or self.node.plan.end
        if not start or not end or end <= start:
            return None
        today = today or timezone.localdate()
        share = (today - start).days / (end - start).days
        return max(0.0, min(share, 1.0)) * 100

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        percent, status, no_progress = (
            data.get("percent"),
            data.get("status"),
            data.get("no_progress"),
        )
        if no_progress:
            data["percent"] = percent = self.previous
        elif "percent" in self.errors:  # one clear message for 150%, not two
            return data
        elif percent is None and status is None:
            raise forms.ValidationError(
                _("Give a percent or a status, or mark that there is no progress to report.")
            )
        narrative = (data.get("narrative") or "").strip()
        if percent is not None and not narrative:
            if self.previous is not None and percent < self.previous:
                self.add_error(
                    "narrative",
                    _("Explain why progress went down (it was %(previous)s%%).")
                    % {"previous": f"{self.previous:g}"},
                )
            pace = self.expected_pace()
            if pace is not None and percent < pace and not no_progress:
                self.add_error(
                    "narrative",
                    _("Progress is below the expected pace for today (%(pace)s%%); say why.")
                    % {"pace": f"{pace:.0f}"},
                )
        limit = settings.EVIDENCE_MAX_BYTES
        for upload in data.get("attachments") or []:
            if upload.size > limit:  # judged by its size before anything reads it
                self.add_error(
                    "attachments",
                    _("%(name)s is %(size)s MB, over the %(limit)s MB limit.")
                    % {
                        "name": upload.name,
                        "size": f"{upload.size / 1_048_576:.1f}",
                        "limit": limit // 1_048_576,
                    },
                )
        data["links"] = [
            line.strip() for line in (data.get("links") or "").splitlines() if line.strip()
        ]
        for url in data["links"]:
            if not links.is_safe_link(url):
                self.add_error(
                    "links",
                    _("%(url)s is not a web or e-mail address (http://, https:// or mailto:).")
                    % {"url": url[:80]},
                )
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Why is it returned?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    state = forms.CharField(widget=forms.HiddenInput)  # the state the reviewer saw


class PeriodForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=50)
    label = forms.CharField(label=_("Name"), max_length=200)
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class ProfileForm(forms.ModelForm):
    """An institution's public profile; the logo is checked by the action, not here."""

    logo_file = forms.FileField(label=_("New logo (PNG or JPEG, up to 1 MB)"), required=False)
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        from avance.organizations.models import Organization

        model = Organization
        fields = ["description", "website", "email", "phone", "address", "color"]
        widgets = {"color": forms.TextInput(attrs={"placeholder": "#1f5f8b"})}


class IndicatorForm(forms.Form):
    """A new indicator's ficha técnica. Variables are one per line:
    «NAME | description | unit | source | sum or last»."""

    node = forms.ModelChoiceField(label=_("Item"), queryset=Node.objects.none())
    key = forms.CharField(label=_("Key"), max_length=40, required=False)
    name = forms.CharField(label=_("Name"), widget=forms.Textarea(attrs={"rows": 2}))
    definition = forms.CharField(
        label=_("Definition"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    method = forms.CharField(
        label=_("Calculation method (as written)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    expression = forms.CharField(
        label=_("Formula over the variables"),
        max_length=500,
        help_text=_(
            "Numbers, variable names, + - * / and parentheses: (ATENDIDAS / RECIBIDAS) * 100"
        ),
    )
    variables = forms.CharField(
        label=_("Variables, one per line: NAME | description | unit | source | sum or last"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    unit = forms.CharField(label=_("Unit of measure"), max_length=100, required=False)
    frequency = forms.CharField(label=_("Frequency"), max_length=60, required=False)
    accumulated = forms.BooleanField(label=_("Accumulated to date"), required=False)

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        from avance.indicators.models import Indicator

        super().__init__(*args, **kwargs)
        node: Any = self.fields["node"]
        node.queryset = Node.objects.filter(plan=plan).order_by("position", "id")
        for name in ("mir_level", "kind", "dimension", "formula_type", "sentido", "profile"):
            field: Any = Indicator._meta.get_field(name)
            self.fields[name] = forms.ChoiceField(
                label=str(field.verbose_name).capitalize(),
                choices=field.choices,
                required=name in ("formula_type", "sentido", "profile"),
                initial=field.default if isinstance(field.default, str) else "",
            )
        self.fields["baseline"] = forms.FloatField(label=_("Baseline"), required=False)
        self.fields["baseline_year"] = forms.IntegerField(
            label=_("Baseline year"), required=False, min_value=1900, max_value=2200
        )
        self.fields["baseline_note"] = forms.CharField(label=_("Baseline note"), required=False)
        self.fields["goal"] = forms.FloatField(label=_("End-of-plan goal"), required=False)
        self.fields["green"] = forms.FloatField(
            label=_("Green threshold (%)"),
            required=False,
            help_text=_("Empty: the profile's own (band ±5, one-sided 100)."),
        )
        self.fields["yellow"] = forms.FloatField(
            label=_("Yellow threshold (%)"),
            required=False,
            help_text=_("Empty: the profile's own (band ±15, one-sided 90)."),
        )
        for name, label in (
            ("disaggregation", _("Disaggregation")),
            ("reporting_unit", _("Unit responsible for reporting")),
        ):
            self.fields[name] = forms.CharField(label=label, max_length=300, required=False)
        self.fields["assumptions"] = forms.CharField(
            label=_("Assumptions"), widget=forms.Textarea(attrs={"rows": 2}), required=False
        )

    def clean_variables(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["variables"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            name = parts[0]
            if not name.isidentifier():
                raise forms.ValidationError(
                    _(
                        "Line %(line)s: «%(name)s» cannot be a variable name (letters, digits and _)."
                    )
                    % {"line": number, "name": name}
                )
            aggregation = (parts[4] if len(parts) > 4 else "sum").lower() or "sum"
            if aggregation not in ("sum", "last"):
                raise forms.ValidationError(
                    _("Line %(line)s: accumulation is «sum» or «last».") % {"line": number}
                )
            rows.append(
                {
                    "name": name,
                    "description": parts[1] if len(parts) > 1 else "",
                    "unit": parts[2] if len(parts) > 2 else "",
                    "source": parts[3] if len(parts) > 3 else "",
                    "aggregation": aggregation,
                }
            )
        return rows


def variable_lines(indicator: Any) -> str:
    """An indicator's variables as the editor writes them, one per line."""
    return "\n".join(
        " | ".join([v.name, v.description, v.unit, v.source, v.aggregation])
        for v in indicator.variables.all()
    )


class IndicatorEditForm(IndicatorForm):
    """The editor of an existing indicator: its item stays."""

    def __init__(self, *args: Any, indicator: Any, **kwargs: Any) -> None:
        from avance.indicators.actions import FICHA_FIELDS

        initial = {name: getattr(indicator, name) for name in FICHA_FIELDS}
        initial["variables"] = variable_lines(indicator)
        super().__init__(*args, plan=indicator.node.plan, initial=initial, **kwargs)
        del self.fields["node"]


class MeasurementForm(forms.Form):
    """One field per variable of the indicator, the narrative and evidence links."""

    narrative = forms.CharField(
        label=_("What explains the result"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    links = forms.CharField(
        label=_("Evidence links (one per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, indicator: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.variable_names = []
        for variable in indicator.variables.all():
            name = f"var_{variable.name}"
            self.variable_names.append((name, variable.name))
            label = variable.description or variable.name
            self.fields[name] = forms.FloatField(
                label=f"{variable.name} — {label}" if variable.description else label,
                help_text=variable.source,
            )
        self.order_fields([name for name, _v in self.variable_names] + ["narrative", "links"])

    def values(self) -> dict[str, float]:
        return {variable: self.cleaned_data[name] for name, variable in self.variable_names}

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]


class GoalForm(forms.Form):
    goal = forms.FloatField(label=_("Goal"))


class GoalChangeForm(forms.Form):
    requested = forms.FloatField(label=_("Requested goal"))
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3})
    )
