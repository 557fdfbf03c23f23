"""The access matrix: endpoint → method → what each of the eight actors gets, the route naming owner A's
objects (A's licence, patent, zone, need, meeting, thread, token: tests/access/owner_a.py).

Statuses: 200/201 answered, 302 redirected (to the log-in page for anonymous visitors, or onwards after a
write), 401 an API call without a token, 403 the wrong role or (for some pages) not the owner, 404 no such
object for this caller (the usual answer to another owner's id), 400/409/422 the owner's request refused as
input or as the object's state. Owner A's own POSTs carry the body A's page shows, so some of them are
refused as input or state: that is about A's data, not about access.

An id-bearing route on which a B actor (enterprise B, staff of university B, organiser B) is not refused
(403/404) names why in OPEN; a write a non-owner may make (it changes the database) is listed in MAY_WRITE.
"""

from __future__ import annotations

from tests.access.actors import ACTORS, ANON, ENT_B, ORG_B, STAFF_B

API = 401  # what an anonymous API caller gets, instead of the pages' redirect to the log-in page


def row(anon: int, ent_a: int, ent_b: int, staff_a: int, staff_b: int, org_a: int, org_b: int,
        admin: int) -> dict[str, int]:
    """Every actor's status, in the order of ACTORS."""
    return dict(zip(ACTORS, (anon, ent_a, ent_b, staff_a, staff_b, org_a, org_b, admin), strict=True))


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ACTORS, status)


def public(status: int = 200) -> dict[str, int]:
    """A's object is public: everyone, the B actors and anonymous visitors included, gets `status`."""
    return everyone(status)


def logged_in(status: int, anon: int = 302) -> dict[str, int]:
    return {**everyone(status), ANON: anon}


def anonymous_only(status: int = 200) -> dict[str, int]:
    """Log-in and registration: signed-in users are sent on."""
    return {**everyone(302), ANON: status}


def admin_only(status: int = 200) -> dict[str, int]:
    return row(302, 403, 403, 403, 403, 403, 403, status)


def enterprises(status: int, anon: int = 302) -> dict[str, int]:
    """Any enterprise (the route concerns the caller's own enterprise); other roles 403."""
    return row(anon, status, status, 403, 403, 403, 403, 403)


def staff(status: int, anon: int = 302, admin: int = 403) -> dict[str, int]:
    """Any IP centre (the route concerns the caller's own university); other roles 403."""
    return row(anon, 403, 403, status, status, 403, 403, admin)


def organisers(status: int, anon: int = 302) -> dict[str, int]:
    """Any organiser (their own zones) and administrators."""
    return row(anon, 403, 403, 403, 403, status, status, status)


def licensees(status: int, anon: int = 302) -> dict[str, int]:
    """Both sides of licences, meetings and threads (each their own); organisers and administrators 403."""
    return row(anon, status, status, status, status, 403, 403, 403)


def enterprise_owner(status: int, other: int = 404, anon: int = 302) -> dict[str, int]:
    """Enterprise A's object: enterprise B gets `other`; other roles 403."""
    return row(anon, status, other, 403, 403, 403, 403, 403)


def staff_owner(status: int, other: int = 404, anon: int = 302) -> dict[str, int]:
    """University A's object: staff of university B get `other`; other roles 403."""
    return row(anon, 403, 403, status, other, 403, 403, 403)


def zone_owner(status: int, other: int = 404, anon: int = 302) -> dict[str, int]:
    """Organiser A's zone: A and administrators get `status`, organiser B `other`; other roles 403."""
    return row(anon, 403, 403, 403, 403, status, other, status)


def parties(enterprise: int, university: int, other: int = 404, anon: int = 302,
            admin: int = 403) -> dict[str, int]:
    """A's licence, meeting or thread: enterprise A and university A's staff; the B sides `other`."""
    return row(anon, enterprise, other, university, other, 403, 403, admin)


def token_owner(status: int) -> dict[str, int]:
    """Enterprise A's API token: only its user; everyone else finds no such token."""
    return row(302, status, 404, 404, 404, 404, 404, 404)


# Served by Flask and Bootstrap-Flask themselves: static files, no data and no owner.
EXCLUDED = {"static", "bootstrap.static"}

TABLE: dict[str, dict[str, dict[str, int]]] = {
    # ---------------------------------------- accounts and the site
    "main.home": {"GET": everyone(200)},
    "main.favicon": {"GET": everyone(200)},
    "main.set_language": {"GET": everyone(302)},
    "main.dashboard": {"GET": logged_in(200)},
    "main.zones_compared_chart": {"GET": organisers(200)},
    "main.zones_compared_csv": {"GET": organisers(200)},
    "main.zones_compared_xlsx": {"GET": organisers(200)},
    "health.healthz": {"GET": everyone(200)},
    "health.readyz": {"GET": everyone(200)},
    "metrics": {"GET": everyone(200)},  # loopback only; the test client is loopback
    "accounts.register": {"GET": anonymous_only(), "POST": anonymous_only(422)},
    "accounts.apply": {"GET": anonymous_only(), "POST": anonymous_only(422)},
    "accounts.login": {"GET": anonymous_only(), "POST": anonymous_only(422)},
    "accounts.logout": {"POST": everyone(302)},
    "accounts.profile": {"GET": logged_in(200)},
    "accounts.change_password": {"GET": logged_in(200), "POST": logged_in(422)},  # the form's fields empty
    "accounts.forgot_password": {"GET": everyone(200), "POST": everyone(422)},
    "accounts.reset_password": {"GET": everyone(200), "POST": everyone(422)},  # a live link; empty form
    "api_tokens.index": {"GET": logged_in(200), "POST": logged_in(422)},
    "api_tokens.revoke": {"POST": token_owner(302)},
    # ---------------------------------------- administration
    "users_admin.index": {"GET": admin_only()},
    "users_admin.create": {"GET": admin_only(), "POST": admin_only(422)},
    "users_admin.detail": {"GET": admin_only()},
    "users_admin.set_status": {"POST": admin_only(302)},
    "organisations.universities": {"GET": admin_only()},
    "organisations.university_new": {"GET": admin_only(), "POST": admin_only(422)},
    "organisations.university_edit": {"GET": admin_only(), "POST": admin_only(302)},
    "organisations.enterprises": {"GET": admin_only()},
    "organisations.enterprise_new": {"GET": admin_only(), "POST": admin_only(422)},
    "organisations.enterprise_edit": {"GET": admin_only(), "POST": admin_only(302)},
    "oversight.patents": {"GET": admin_only()},
    "oversight.licences": {"GET": admin_only()},
    "oversight.licence": {"GET": admin_only()},
    "oversight.payments": {"GET": admin_only()},
    "webhooks.partners": {"GET": admin_only()},
    "webhooks.create": {"GET": admin_only(), "POST": admin_only(422)},
    "webhooks.partner": {"GET": admin_only()},
    "webhooks.set_active": {"POST": admin_only(302)},
    "webhooks.replay": {"POST": admin_only(422)},  # the first delivery is delivered already
    "licensing.admin_conversion": {"GET": admin_only()},
    "province.rows": {"GET": admin_only()},
    "province.export": {"GET": admin_only()},
    "province.served_chart": {"GET": admin_only()},
    "province.months_chart": {"GET": admin_only()},
    "province.fees_chart": {"GET": admin_only()},
    # ---------------------------------------- the university's dashboard
    "university_dashboard.rows": {"GET": staff(200)},
    "university_dashboard.served_chart": {"GET": staff(200)},
    "university_dashboard.funnel_chart": {"GET": staff(200)},
    "university_dashboard.fees_chart": {"GET": staff(200)},
    "university_dashboard.export": {"GET": staff(200)},
    "university_dashboard.report": {"GET": staff(200)},
    # ---------------------------------------- the catalogue: A's patent is public
    "catalogue.index": {"GET": everyone(200)},
    "catalogue.detail": {"GET": public(200)},
    "catalogue.attachment": {"GET": public(200)},
    # ---------------------------------------- university A's patents, imports, offers
    # Another university's patent is refused by the patent pages as 403 (the imports as 404).
    "patents_admin.index": {"GET": staff(200)},
    "patents_admin.create": {"GET": staff(200), "POST": staff(422)},
    "patents_admin.edit": {"GET": staff_owner(200, other=403), "POST": staff_owner(302, other=403)},
    "patents_admin.archive": {"POST": staff_owner(302, other=403)},
    "patents_admin.upload_attachment": {"POST": staff_owner(422, other=403)},  # no file sent
    "patents_admin.delete_attachment": {"POST": staff_owner(302, other=403)},
    "imports.index": {"GET": staff(200)},
    "imports.upload": {"GET": staff(200), "POST": staff(422)},
    "imports.template_xlsx_file": {"GET": staff(200)},
    "imports.template_csv_file": {"GET": staff(200)},
    "imports.preview": {"GET": staff_owner(200)},
    "imports.confirm": {"POST": staff_owner(302)},
    "declarations.manage": {"GET": staff_owner(200, other=403)},
    "declarations.save_facts": {"POST": staff_owner(302, other=403)},
    "declarations.save_draft": {"POST": staff_owner(200, other=403)},
    "declarations.publish": {"POST": staff_owner(422, other=403)},  # co-owners' consent not recorded
    "declarations.withdraw": {"POST": staff_owner(302, other=403)},
    "declarations.discard": {"POST": staff_owner(302, other=403)},
    "declarations.form_pdf": {"GET": staff_owner(200, other=403)},
    "annual_fees.patent_fees": {"GET": staff_owner(200, other=403)},
    "annual_fees.record": {"POST": staff_owner(200, other=403)},  # the page's form: the amount previewed
    "annual_fees.due_list": {"GET": staff(200)},
    "declaration_batch.batch": {"GET": staff(200)},
    "event_terms.page": {"GET": staff_owner(200, other=403), "POST": staff_owner(422, other=403)},
    "event_terms.end": {"POST": staff_owner(422, other=403)},
    "outside_licences.register": {"GET": staff_owner(200, other=403),
                                  "POST": staff_owner(422, other=403)},  # the blank form A's page shows
    "outside_licences.end": {"POST": staff_owner(422, other=403)},  # no licence chosen
    # ---------------------------------------- licences of enterprise A with university A
    "licensing.take": {"GET": enterprises(302), "POST": enterprises(302)},  # A's patent has no terms yet
    "licensing.mine": {"GET": enterprises(200)},
    "licensing.ours": {"GET": staff(200)},
    "licensing.pending_notices": {"GET": staff(200)},
    "licensing.conversion_figures": {"GET": staff(200)},
    "licensing.detail": {"GET": parties(200, 200)},
    "licensing.contract": {"GET": parties(200, 200)},
    "licensing.ledger_export": {"GET": parties(200, 200)},
    "licensing.record_filing": {"POST": parties(422, 422)},
    "licensing.correct_filing": {"POST": parties(422, 422)},
    "licensing.confirm_decline": {"GET": enterprise_owner(302)},  # not on trial: back to the licence
    "licensing.decide_trial": {"POST": enterprise_owner(422)},
    "licensing.notify_transfer": {"POST": enterprise_owner(422)},
    "licensing.stop_at_stage": {"POST": enterprise_owner(422)},
    "licensing.record_payment": {"POST": staff_owner(422)},
    "licensing.terminate": {"POST": staff_owner(422)},
    "licensing.confirm_notice": {"POST": staff_owner(302)},
    "licensing.reject_notice": {"POST": staff_owner(422)},
    "licensing.waive_charge": {"POST": staff_owner(422)},
    "licensing.reverse_payment": {"POST": staff_owner(422)},
    "royalties.reports": {"GET": parties(200, 200)},
    "royalties.file": {"POST": enterprise_owner(422)},
    "milestones.page": {"GET": parties(200, 200)},
    "milestones.report": {"POST": enterprise_owner(422)},
    "milestones.confirm": {"POST": staff_owner(302)},
    "milestones.reject": {"POST": staff_owner(422)},
    # A's dispute (open, in negotiation): either party takes it further or records the outcome the page's
    # forms offer first (CNIPA mediation; settled).
    "disputes.licence_disputes": {"GET": parties(200, 200)},
    "disputes.open_dispute": {"POST": parties(302, 302)},  # a payment dispute, with the filled-in text
    "disputes.dispute_page": {"GET": parties(200, 200)},
    "disputes.escalate": {"POST": parties(302, 302)},
    "disputes.resolve": {"POST": parties(302, 302)},
    "disputes.mediation_request_pdf": {"GET": parties(200, 200)},
    # ---------------------------------------- organiser A's zone
    "zones.public_zones": {"GET": everyone(200)},
    "zones.zone_page": {"GET": public(200)},
    "zones.banner": {"GET": public(200)},
    "zones.nominate": {"GET": staff(200),
                       # University B may nominate its own patents; A's patent (the form's) is refused.
                       "POST": row(302, 403, 403, 302, 422, 403, 403, 403)},
    "zones.organiser_zones": {"GET": organisers(200)},
    "zones.create_zone": {"GET": organisers(200), "POST": organisers(422)},
    "zones.edit_zone": {"GET": zone_owner(200), "POST": zone_owner(302)},
    "zones.upload_banner": {"POST": zone_owner(422)},  # no image sent
    "zones.change_status": {"POST": zone_owner(302)},
    "zones.curation_page": {"GET": zone_owner(200)},
    "zones.remove_patent": {"POST": zone_owner(302)},
    "zones.move_patent": {"POST": zone_owner(302)},
    "zones.feature_patent": {"POST": zone_owner(302)},
    "zones.suggestions": {"GET": zone_owner(200)},
    "zones.add_patent": {"POST": zone_owner(422)},
    "zones.nominations_page": {"GET": zone_owner(200)},
    "zones.decide_nomination": {"POST": zone_owner(422)},
    "zones.registrations": {"GET": zone_owner(200)},
    "zones.check_in": {"GET": zone_owner(200), "POST": zone_owner(422)},
    "zones.zone_results": {"GET": zone_owner(200)},
    "zones.zone_results_chart": {"GET": zone_owner(200)},
    "zones.zone_results_rows": {"GET": zone_owner(200)},
    "zones.meeting_sessions": {"GET": zone_owner(200), "POST": zone_owner(422)},
    "zones.organiser_meetings": {"GET": organisers(200)},
    # A published zone is open to every enterprise: registering, cancelling its own registration (B has
    # none: turned back), asking for meetings (B is not registered: refused as input).
    "zones.register": {"GET": enterprises(200), "POST": enterprises(422)},
    "zones.cancel_registration": {"POST": enterprises(302)},
    "zones.registration_qr": {"GET": enterprise_owner(200)},
    "zones.my_registrations": {"GET": enterprises(200)},
    "zones.request_meeting": {"GET": enterprises(200), "POST": enterprises(422)},
    # ---------------------------------------- meetings of enterprise A with university A
    "zones.meetings": {"GET": licensees(200)},
    "zones.agenda": {"GET": licensees(200)},
    "zones.agenda_ics": {"GET": licensees(200)},
    "zones.meeting_detail": {"GET": parties(200, 200)},
    "zones.accept_meeting": {"POST": staff_owner(302)},
    "zones.decline_meeting": {"POST": staff_owner(302)},
    "zones.cancel_meeting": {"POST": enterprise_owner(302)},
    "zones.record_outcome": {"POST": parties(422, 422)},
    # ---------------------------------------- enterprise A's need, matches, threads
    "needs.index": {"GET": everyone(200)},
    "needs.detail": {"GET": public(200)},
    "needs.create": {"GET": enterprises(200), "POST": enterprises(422)},
    "needs.edit": {"GET": enterprise_owner(200), "POST": enterprise_owner(302)},
    "needs.change_status": {"POST": enterprise_owner(302)},
    "needs.mine": {"GET": enterprises(200)},
    # A need's matches: its enterprise and administrators; anyone else finds no such page.
    "matching.need_matches": {"GET": row(302, 200, 404, 404, 404, 404, 404, 200)},
    "matching.dismiss_match": {"POST": enterprise_owner(302)},
    "matching.fitting_needs": {"GET": staff(200, admin=200)},
    "matching.feedback_summary": {"GET": staff(200, admin=200)},
    # Any IP centre answers a public need (with its own patents: A's, in the form, is refused to B).
    "conversations.answer": {"GET": staff(200), "POST": row(302, 403, 403, 302, 422, 403, 403, 403)},
    "conversations.ask": {"GET": enterprises(200), "POST": enterprises(302)},  # about a public patent
    "conversations.inbox": {"GET": row(302, 200, 200, 200, 200, 403, 403, 200)},
    "conversations.thread": {"GET": parties(200, 200, admin=200)},  # administrators read, never write
    "conversations.reply": {"POST": parties(302, 302)},
    "conversations.accept": {"POST": enterprise_owner(302)},
    "conversations.meeting": {"GET": enterprise_owner(200), "POST": enterprise_owner(422)},
    # ---------------------------------------- the API (bearer tokens, all the role's scopes)
    "api_reference.docs": {"GET": everyone(200)},
    "api-docs.openapi_json": {"GET": everyone(200)},
    "api_feed.offers": {"GET": everyone(200)},
    "api_catalogue.search_patents": {"GET": everyone(200)},
    "api_catalogue.patent_detail": {"GET": public(200)},
    "api_catalogue.quote": {"GET": public(422)},  # A's patent carries no offer
    "api_needs.needs": {"GET": everyone(200)},
    "api_needs.need": {"GET": public(200)},
    "api_zones.zones": {"GET": everyone(200)},
    "api_zones.zone": {"GET": public(200)},
    "api_zones.zone_patents": {"GET": public(200)},
    "api_zones.meeting_slots": {"GET": public(200)},
    "api_licences.me": {"GET": logged_in(200, anon=API)},
    # Any enterprise takes a licence on university A's published offer.
    "api_licences.take_licence": {"POST": enterprises(201, anon=API)},
    "api_licences.licences": {"GET": licensees(200, anon=API)},
    "api_licences.licence": {"GET": parties(200, 200, anon=API)},
    "api_licences.ledger": {"GET": parties(200, 200, anon=API)},
    "api_licences.royalty_periods": {"GET": parties(200, 200, anon=API)},
    "api_licences.decide_trial": {"POST": enterprise_owner(422, anon=API)},  # not on trial
    "api_licences.file_royalty_report": {"POST": enterprise_owner(422, anon=API)},
    "api_payments.licence_notices": {"GET": parties(200, 200, anon=API)},
    "api_payments.notify_transfer": {"POST": enterprise_owner(201, anon=API)},
    "api_payments.university_notices": {"GET": staff(200, anon=API)},
    "api_payments.confirm_notice": {"POST": staff_owner(200, anon=API)},
    "api_payments.reject_notice": {"POST": staff_owner(200, anon=API)},
    # Registration in A's published zone: A is registered already (refused as input), B registers; B has no
    # registration to cancel (refused as input); B is not registered, so it may not ask for meetings yet.
    "api_zones.register": {"POST": row(API, 422, 201, 403, 403, 403, 403, 403)},
    "api_zones.my_registration": {"GET": enterprise_owner(200, anon=API)},
    "api_zones.cancel_registration": {"POST": enterprise_owner(200, other=422, anon=API)},
    "api_zones.request_meeting": {"POST": enterprises(422, anon=API)},  # A has asked already
    "api_university_patents.patents": {"GET": staff(200, anon=API)},
    "api_university_patents.create_patent": {"POST": staff(422, anon=API)},
    "api_university_patents.change_patent": {"PATCH": staff_owner(200, anon=API)},
    "api_university_patents.import_patents": {"POST": staff(422, anon=API)},
    "api_university_declarations.declarations": {"GET": staff(200, anon=API)},
    "api_university_declarations.save_draft": {"POST": staff_owner(200, anon=API)},
    "api_university_declarations.publish": {"POST": staff_owner(422, anon=API)},  # co-owners' consent
    "api_university_declarations.withdraw": {"POST": staff_owner(422, anon=API)},  # a draft
    "api_organiser.zones": {"GET": organisers(200, anon=API)},
    "api_organiser.registrations": {"GET": zone_owner(200, anon=API)},
}

# Id-bearing routes a B actor is not refused on, and why.
OPEN = {
    "catalogue.detail": "the catalogue is public",
    "catalogue.attachment": "a patent's attachments are public with it",
    "api_catalogue.patent_detail": "the catalogue is public",
    "api_catalogue.quote": "the catalogue is public (A's patent has no offer to quote)",
    "licensing.take": "any enterprise takes a licence on a published offer",
    "conversations.ask": "any enterprise asks about a public patent",
    "conversations.answer": "any IP centre answers a public need (with its own patents only)",
    "needs.detail": "an open need is public",
    "api_needs.need": "an open need is public",
    "zones.zone_page": "a published zone is public",
    "zones.banner": "a published zone is public",
    "api_zones.zone": "a published zone is public",
    "api_zones.zone_patents": "a published zone is public",
    "api_zones.meeting_slots": "a published zone's bookable slots are public",
    "zones.nominate": "any IP centre nominates its own patents into a published zone",
    "zones.register": "any enterprise registers for a published zone",
    "api_zones.register": "any enterprise registers for a published zone",
    "zones.cancel_registration": "the caller's own registration in the zone (B has none)",
    "api_zones.cancel_registration": "the caller's own registration in the zone (B has none)",
    "zones.request_meeting": "any registered enterprise asks for meetings in a published zone",
    "api_zones.request_meeting": "any registered enterprise asks for meetings in a published zone",
}

# Writes by actors who own nothing of A's that do change the database, on purpose.
MAY_WRITE = {
    *(("accounts.logout", "POST", actor) for actor in (ENT_B, STAFF_B, ORG_B)),  # their own session
    ("api_licences.take_licence", "POST", ENT_B),  # a licence of enterprise B's own
    ("api_zones.register", "POST", ENT_B),  # enterprise B's own registration
    ("conversations.ask", "POST", ENT_B),  # enterprise B's own question
}

B_ACTORS = (ENT_B, STAFF_B, ORG_B)
