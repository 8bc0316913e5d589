"""Uploaded files are kept only up to a size no form accepts, whatever the request says.

Django writes an upload to memory or a temporary file before any form sees it, so a form's own
limit (2 MB for an import, 5 MB for a receipt) would come after a 1 GB file had been written to
disk. `SizeLimitedUploadHandler`, first in `FILE_UPLOAD_HANDLERS`, stops passing a file's bytes
on once it passes `MAX_UPLOAD_BYTES` and hands the form an empty stand-in that knows the size,
so the form refuses it with its own message ("The file must be smaller than 2 MB"). ADR 0020.
"""

import io

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# Twice the largest file any form takes (a receipt, 5 MB), so every form still words its own limit.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class OversizedUpload(UploadedFile):
    """A file that was too large to keep: its name, stated type and size, and no content."""

    def __init__(self, *, name: str, content_type: str, size: int, charset, content_type_extra):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)


class SizeLimitedUploadHandler(FileUploadHandler):
    """Passes a file's bytes to the next handler (memory, then a temporary file) until it is too large."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= MAX_UPLOAD_BYTES else None

    def file_complete(self, file_size):
        if self.received <= MAX_UPLOAD_BYTES:
            return None  # the next handler gives the file
        return OversizedUpload(
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
