"""Email for the demo's terminal: each message as a person reads it.

Django's console backend prints the raw MIME message, quoted-printable and base64, where long
links break across lines ("=\\n") and "=3D" stands for "=". This one prints who it is to, the
subject and the plain-text body, decoded, so a link from an invitation can be copied whole.
"""

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        self.stream.write(readable(message))
        self.stream.write("\n" + "-" * 79 + "\n")


def readable(message) -> str:
    lines = [
        f"From: {message.from_email}",
        f"To: {', '.join(message.to)}",
    ]
    if message.cc:
        lines.append(f"Cc: {', '.join(message.cc)}")
    lines += [f"Subject: {message.subject}", "", str(message.body).rstrip()]
    alternatives = [mimetype for _content, mimetype in getattr(message, "alternatives", [])]
    attachments = [_attachment_name(item) for item in message.attachments]
    if alternatives or attachments:
        lines.append("")
    if alternatives:
        lines.append(f"(Also sent as: {', '.join(str(kind) for kind in alternatives)})")
    if attachments:
        lines.append(f"(Attached: {', '.join(str(name) for name in attachments)})")
    return "\n".join(lines)


def _attachment_name(item) -> str:
    """An attachment's file name: a (filename, content, mimetype) tuple, or a MIME part."""
    if hasattr(item, "get_filename"):
        return item.get_filename() or "(no name)"
    return getattr(item, "filename", None) or "(no name)"
