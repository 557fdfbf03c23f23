"""Every feature's models, imported in one place so the metadata (and Alembic) sees them all."""

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.annual_fees.models import AnnualFeePayment
from marketplace.api.idempotency_models import IdempotencyKey
from marketplace.api.token_models import ApiToken
from marketplace.catalogue.interest_models import PatentView
from marketplace.catalogue.models import ImportBatch, ImportRow, Patent, PatentAttachment
from marketplace.catalogue.search.sample_models import SearchSampleSetting
from marketplace.conversations.models import Conversation, Message
from marketplace.declarations.models import Declaration, PatentLegalFacts, PlanPhase
from marketplace.disputes.models import Dispute, DisputeCharge
from marketplace.ledger.models import ChargeSettlement, LedgerLeg, LedgerTransaction, PaymentNotice
from marketplace.licensing.models import Licence, LicenceCharge, LicenceHistory
from marketplace.matching.feedback_models import MatchFeedback, MatchNotice
from marketplace.matching.models import NeedMatch
from marketplace.milestones.models import MilestoneReport
from marketplace.needs.models import Need
from marketplace.notifications.models import Notification
from marketplace.observability.job_models import JobRun
from marketplace.organisations.models import Enterprise, SizeClass, University
from marketplace.outside_licences.models import OutsideLicence, OutsideLicenceEnd
from marketplace.policy.snapshot_models import FiguresSnapshot
from marketplace.royalties.models import RoyaltyReport
from marketplace.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookPartner
from marketplace.zones.meeting_models import (
    MeetingBooking,
    MeetingOutcome,
    MeetingProposal,
    MeetingRequest,
    MeetingSession,
    MeetingSlot,
)
from marketplace.zones.models import Zone, ZoneNomination, ZonePatent, ZoneRegistration

__all__ = [
    "AnnualFeePayment", "ApiToken", "JobRun",
    "IdempotencyKey",
    "AccountStatus", "ChargeSettlement", "Conversation", "Declaration", "Dispute", "DisputeCharge",
    "Enterprise", "FiguresSnapshot",
    "ImportBatch",
    "ImportRow", "LedgerLeg", "LedgerTransaction", "Licence", "LicenceCharge", "LicenceHistory",
    "MatchFeedback", "MatchNotice", "MeetingBooking", "MilestoneReport", "Message", "Need", "NeedMatch",
    "MeetingOutcome", "MeetingProposal", "MeetingRequest", "MeetingSession", "MeetingSlot", "Notification",
    "OutsideLicence", "OutsideLicenceEnd",
    "Patent", "PatentAttachment",
    "PatentView", "PatentLegalFacts", "PaymentNotice", "PlanPhase", "Role",
    "RoyaltyReport", "SearchSampleSetting", "SizeClass", "University", "User", "WebhookAttempt",
    "WebhookDelivery", "WebhookPartner",
    "Zone", "ZoneNomination", "ZonePatent", "ZoneRegistration",
]
