"""The upload form of an import: the file is read and checked as a whole here; rows are checked later."""

from django import forms

from .. import imports


class ImportForm(forms.Form):
    """One form for every kind of import; the importer says how to read the file and what it holds."""

    file = forms.FileField(
        label="Upload a CSV or Excel file",
        error_messages={"required": "Choose the file to import", "empty": "The file is empty"},
    )

    def __init__(self, *args, importer: imports.Importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer
        self.fields[
            "file"
        ].help_text = (
            f"A .csv or .xlsx file smaller than 2 MB, with at most {imports.MAX_ROWS:,} {importer.noun_plural}."
        )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.rows = self.importer.read(uploaded)
        except imports.ImportFileError as unreadable:
            raise forms.ValidationError(str(unreadable)) from unreadable
        return uploaded
