from django import forms

from opencqi.casedata.uploads import file_name_problem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class UploadForm(forms.Form):
    county = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Statewide (all counties in the files)",
        help_text="Rows of any other county are refused.",
    )
    as_of = forms.DateField(
        label="Extract date (as of)",
        required=False,
        help_text="YYYY-MM-DD, the last date the data speaks for. Leave empty when the files "
        "include extract.json.",
    )
    files = MultipleFileField(
        help_text="The seven table files (children.csv, episodes.csv, placements.csv, "
        "reports.csv, referrals.csv, visits.csv, population.csv; or .parquet) and optionally "
        "extract.json.",
    )

    def __init__(self, *args, counties, statewide_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["county"].widget.attrs["class"] = "usa-select"
        self.fields["as_of"].widget.attrs["class"] = "usa-input"
        self.fields["files"].widget.attrs["class"] = "usa-file-input"
        self.fields["county"].required = not statewide_allowed
        if not statewide_allowed and counties.count() == 1:
            self.fields["county"].initial = counties.first()

    def clean_files(self):
        files = self.cleaned_data["files"]
        problems = [p for p in (file_name_problem(f.name) for f in files) if p]
        if problems:
            raise forms.ValidationError(problems)
        names = [f.name.lower() for f in files]
        if len(names) != len(set(names)):
            raise forms.ValidationError("The same file was chosen twice.")
        return files
