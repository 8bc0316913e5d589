"""An upload is kept only up to a size no form accepts: past it, the form gets the size and no content."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from peersupport.ui.uploads import MAX_UPLOAD_BYTES, OversizedUpload


def uploaded(size: int):
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("people.csv", b"x" * size, "text/csv")})
    return request.FILES["file"]


def test_a_file_over_the_limit_reaches_the_form_as_its_size_with_nothing_kept():
    file = uploaded(MAX_UPLOAD_BYTES + 1)

    assert isinstance(file, OversizedUpload)
    assert (file.name, file.content_type, file.size) == ("people.csv", "text/csv", MAX_UPLOAD_BYTES + 1)
    assert file.read() == b""


def test_a_file_within_the_limit_is_kept_whole():
    file = uploaded(MAX_UPLOAD_BYTES)

    assert not isinstance(file, OversizedUpload)
    assert file.size == MAX_UPLOAD_BYTES
    assert file.read(3) == b"xxx"
    file.close()
