"""The receipt logo: a small PNG, JPEG, GIF or WebP image kept in the store settings as a
``data:`` URL.

Kept in the settings rather than on disk so that every worker and every server of a
deployment has it, and an HTML receipt sent by e-mail carries it. The image's type is
read from its first bytes, not from what the browser claimed; SVG is refused (it can
carry scripts).
"""

from __future__ import annotations

import base64
import binascii

from flask_babel import gettext as _
from marshmallow import ValidationError

#: The largest logo accepted: a receipt logo is printed about 5 cm wide.
MAX_LOGO_BYTES = 200 * 1024

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_type(data: bytes) -> str | None:
    """The image's media type from its first bytes, or ``None`` if not an accepted kind."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def logo_data_url(data: bytes) -> str:
    """The uploaded file as a ``data:`` URL.

    :raise ValidationError: on ``receipt_logo``: empty, too large, or not an image.
    """
    if not data:
        raise ValidationError({"receipt_logo": [_("the file is empty")]})
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(
            {
                "receipt_logo": [
                    f"at most {MAX_LOGO_BYTES // 1024} KB (this one has {len(data) // 1024} KB)"
                ]
            }
        )
    media_type = image_type(data)
    if media_type is None:
        raise ValidationError({"receipt_logo": [_("a PNG, JPEG, GIF or WebP image, please")]})
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def check_logo(value: str) -> None:
    """The ``receipt_logo`` setting's rule: empty, or a ``data:`` URL of an accepted
    image within the size limit (what the API's PATCH may send too)."""
    if value == "":
        return
    header, comma, payload = value.partition(",")
    if not comma or not header.startswith("data:image/") or not header.endswith(";base64"):
        raise ValidationError(_("a data:image/...;base64, URL, or empty for no logo"))
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(_("not valid base64")) from None
    if len(data) > MAX_LOGO_BYTES:
        raise ValidationError(_("at most %(kb)s KB", kb=MAX_LOGO_BYTES // 1024))
    media_type = image_type(data)
    if media_type is None or header != f"data:{media_type};base64":
        raise ValidationError(_("a PNG, JPEG, GIF or WebP image, please"))
