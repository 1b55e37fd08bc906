"""Writing a receipt e-mail: subject, text and HTML parts, in the customer's language.

The body is the core's receipt (:func:`core.plugins.render_sale_receipt`) in that
language, so the e-mail says exactly what the printed receipt says.
"""

from __future__ import annotations

import email.message
import email.utils

from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from core.plugins import current_store, get_sale, get_settings, render_sale_receipt

from . import unsubscribe
from .models import EmailMessage


def sender() -> str:
    settings = get_settings("email")
    name = settings["from_name"] or current_store().name
    return email.utils.formataddr((name, settings["from_address"]))


def receipt_mail(message: EmailMessage, consented: bool) -> email.message.EmailMessage:
    """The receipt of ``message.sale_id`` as a multipart (text and HTML) e-mail.

    :param consented: the customer agreed to marketing: the mail carries an unsubscribe
        link (and a ``List-Unsubscribe`` header) that withdraws the consent.
    """
    sale = get_sale(message.sale_id)
    store = current_store()
    language = message.language
    text = render_sale_receipt(message.sale_id, "text", locale=language)
    html = render_sale_receipt(message.sale_id, "html", locale=language)
    link = None
    if consented and message.customer_id is not None and message.base_url:
        link = unsubscribe.link(message.base_url, message.customer_id)
    with force_locale(language):
        subject = _(
            "Your receipt %(number)s from %(shop)s",
            number=sale.receipt_number if sale else "",
            shop=store.name,
        )
        footer = _("Stop receiving our news: %(link)s", link=link) if link else ""
        html_footer = (
            Markup('<p><a href="%s">%s</a></p>') % (link, _("Stop receiving our news"))
            if link
            else Markup("")
        )
    mail = email.message.EmailMessage()
    mail["Subject"] = subject
    mail["From"] = sender()
    mail["To"] = message.recipient
    mail["Date"] = email.utils.formatdate(localtime=False)
    # The sender's domain, not the machine's name (make_msgid would look it up in DNS).
    domain = get_settings("email")["from_address"].rpartition("@")[2] or "localhost"
    mail["Message-ID"] = email.utils.make_msgid(f"receipt-{message.id}", domain=domain)
    if link:
        mail["List-Unsubscribe"] = f"<{link}>"
    mail.set_content(text + (f"\n{footer}\n" if footer else ""))
    mail.add_alternative(_with_footer(html, html_footer), subtype="html")
    # After the parts: setting the content clears the Content-* headers.
    mail["Content-Language"] = language
    return mail


def _with_footer(html: str, footer: Markup) -> str:
    if not footer:
        return html
    marker = "</body>"
    if marker in html:
        return html.replace(marker, str(footer) + marker, 1)
    return html + str(escape(footer))
