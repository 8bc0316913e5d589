"""The upload form of an import: the file is read and checked as a whole here; rows are checked later."""

from django import forms

from .. import imports


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV or Excel file",
        help_text="A .csv or .xlsx file smaller than 2 MB, with at most 2,000 people.",
        error_messages={"required": "Choose the file to import", "empty": "The file is empty"},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.rows = imports.read_rows(uploaded)
        except imports.ImportFileError as unreadable:
            raise forms.ValidationError(str(unreadable)) from unreadable
        return uploaded
