"""Importing from a spreadsheet, shared by every app that imports: `files` (reading an uploaded
CSV or Excel file into lines of text, within limits), `reading` (the rows by column, checking
them, signing them into the confirmation, all or none) and `pages` (the upload, dry run and
confirm pages). Each app describes its kinds of import in its own `imports/` package."""
