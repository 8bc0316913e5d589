"""Importing from a spreadsheet, shared by every app that imports: `reading` (reading the file,
checking rows, signing them into the confirmation, all or none) and `pages` (the upload, dry run
and confirm pages). Each app describes its kinds of import in its own `imports/` package."""
