"""Every feature's models, imported in one place so the metadata (and Alembic) sees them all."""

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.catalogue.models import ImportBatch, ImportRow, Patent, PatentAttachment
from marketplace.declarations.models import Declaration, PatentLegalFacts, PlanPhase
from marketplace.ledger.models import LedgerLeg, LedgerTransaction
from marketplace.licensing.models import Licence, LicenceCharge
from marketplace.notifications.models import Notification
from marketplace.organisations.models import Enterprise, SizeClass, University

__all__ = [
    "AccountStatus", "Declaration", "Enterprise", "ImportBatch", "ImportRow", "LedgerLeg",
    "LedgerTransaction", "Licence", "LicenceCharge", "Notification",
    "Patent",
    "PatentAttachment", "PatentLegalFacts", "PlanPhase", "Role", "SizeClass", "University", "User",
]
