"""Attachments: PDFs and images checked by their content, stored by hash outside static/."""

from __future__ import annotations

import hashlib
from pathlib import Path

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l

from marketplace.catalogue.models import Patent, PatentAttachment
from marketplace.extensions import db
from marketplace.service_errors import ServiceError

ALLOWED = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
INLINE_TYPES = frozenset({"image/png", "image/jpeg"})
_SNIFF_BYTES = 8192


def store_path(sha256: str) -> Path:
    """Where the bytes with this hash live."""
    return Path(current_app.config["ATTACHMENT_DIR"]) / sha256[:2] / sha256


def _checked_kind(data: bytes, allowed: dict[str, str], refusal) -> str:
    """The content type of uploaded bytes, refused when empty, too large or not in `allowed`."""
    if not data:
        raise ServiceError(_l("The file is empty."), field="file")
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    if len(data) > limit:
        raise ServiceError(_l("The file is too large (at most 10 MB)."), field="file")
    kind = filetype.guess(data)
    if kind is None or kind.mime not in allowed:
        raise ServiceError(refusal, field="file")
    return kind.mime


def check_image(data: bytes) -> str:
    """The content type of an uploaded image (a banner), checked by its content: PNG or JPEG only."""
    images = {mime: ALLOWED[mime] for mime in INLINE_TYPES}
    return _checked_kind(data, images, _l("Only PNG and JPEG images can be used."))


def store_bytes(data: bytes) -> str:
    """Store checked bytes under their hash (once) and return the hash, their storage name."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = store_path(sha256)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)
    return sha256


def add_attachment(patent: Patent, filename: str, data: bytes) -> PatentAttachment:
    """Check and store an uploaded file; refuse anything that is not a PDF, PNG or JPEG inside."""
    mime = _checked_kind(data, ALLOWED, _l("Only PDF, PNG and JPEG files can be attached."))
    sha256 = store_bytes(data)
    name = Path(filename or "").name[:150] or "attachment"
    if not name.lower().endswith(ALLOWED[mime]) and not (
        mime == "image/jpeg" and name.lower().endswith(".jpeg")
    ):
        name += ALLOWED[mime]
    attachment = PatentAttachment(
        patent=patent, filename=name, content_type=mime, size_bytes=len(data), sha256=sha256
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def delivery(content_type: str, path: Path) -> tuple[str, bool]:
    """How to serve stored bytes: the content type to send and whether they may open in the browser.

    The bytes are sniffed again: only a PNG or JPEG that still is one may show inline (the response
    also carries nosniff and a sandboxing CSP); a PDF downloads; bytes that are not what the record
    says download as application/octet-stream.
    """
    with path.open("rb") as stored:
        kind = filetype.guess(stored.read(_SNIFF_BYTES))
    if kind is None or kind.mime != content_type or content_type not in ALLOWED:
        return "application/octet-stream", False
    return content_type, content_type in INLINE_TYPES


def remove_attachment(attachment: PatentAttachment) -> None:
    """Forget an attachment. The bytes stay while another attachment may share them."""
    db.session.delete(attachment)
    db.session.flush()
