"""Words for webhook event types and delivery statuses, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.webhooks.models import DeliveryStatus

EVENT_LABELS = {
    "licence.taken": _l("Licence taken"),
    "trial.converted": _l("Trial converted"),
    "payment.confirmed": _l("Payment confirmed"),
    "filing.recorded": _l("备案 filing recorded"),
    "declaration.published": _l("Declaration published"),
    "declaration.withdrawn": _l("Declaration withdrawn"),
}

STATUS_LABELS = {
    DeliveryStatus.PENDING: _l("Pending"),
    DeliveryStatus.DELIVERED: _l("Delivered"),
    DeliveryStatus.FAILED: _l("Failed"),
}
