"""Who may open what: every route of the application, for every role.

Adding a route without an entry here fails `test_every_route_is_in_the_table`.
Expected outcomes: 200 page, 302 redirect (to log-in for anonymous visitors, or onwards),
403 forbidden. POSTs carry a valid CSRF token, so the outcome is about the role alone.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.extensions import db
from tests.helpers import csrf_token, login

ANON = "anonymous"
ENTERPRISE, STAFF, ORGANISER, ADMIN = (Role.ENTERPRISE_USER, Role.UNIVERSITY_STAFF, Role.ORGANISER,
                                       Role.ADMIN)
ALL = (ANON, ENTERPRISE, STAFF, ORGANISER, ADMIN)


def everyone(status: int) -> dict:
    return dict.fromkeys(ALL, status)


def logged_in(status: int) -> dict:
    return {ANON: 302, ENTERPRISE: status, STAFF: status, ORGANISER: status, ADMIN: status}


def admin_only(status: int = 200) -> dict:
    return {ANON: 302, ENTERPRISE: 403, STAFF: 403, ORGANISER: 403, ADMIN: status}


def staff_only(status: int = 200) -> dict:
    return {ANON: 302, ENTERPRISE: 403, STAFF: status, ORGANISER: 403, ADMIN: 403}


def organiser_only(status: int = 200) -> dict:
    """Organisers (on their own zone) and administrators."""
    return {ANON: 302, ENTERPRISE: 403, STAFF: 403, ORGANISER: status, ADMIN: status}


def api_caller(status: int = 200) -> dict:
    """An API call: any logged-in user (or token); anonymous callers get a 401 problem, not a redirect."""
    return {ANON: 401, ENTERPRISE: status, STAFF: status, ORGANISER: status, ADMIN: status}


def api_licensee(status: int = 200) -> dict:
    """An API call about licences: enterprises and IP centres; 401 for anonymous callers."""
    return {ANON: 401, ENTERPRISE: status, STAFF: status, ORGANISER: 403, ADMIN: 403}


def enterprise_api(status: int) -> dict:
    """An API call of enterprises only; 401 for anonymous callers."""
    return {ANON: 401, ENTERPRISE: status, STAFF: 403, ORGANISER: 403, ADMIN: 403}


def api_staff(status: int = 200) -> dict:
    """An API call of an IP centre: its staff only; 401 for anonymous callers."""
    return {ANON: 401, ENTERPRISE: 403, STAFF: status, ORGANISER: 403, ADMIN: 403}


def api_organiser(status: int = 200) -> dict:
    """An API call about an organiser's zones: organisers (on their own zone) and administrators."""
    return {ANON: 401, ENTERPRISE: 403, STAFF: 403, ORGANISER: status, ADMIN: status}


def anonymous_only() -> dict:
    return {ANON: 200, ENTERPRISE: 302, STAFF: 302, ORGANISER: 302, ADMIN: 302}


# endpoint: (method, url, expected status per role)
ACCESS = {
    "main.home": ("GET", "/", everyone(200)),
    "main.dashboard": ("GET", "/dashboard", logged_in(200)),
    "main.zones_compared_chart": ("GET", "/dashboard/zones/chart.svg", organiser_only()),
    "main.zones_compared_csv": ("GET", "/dashboard/zones/compared.csv", organiser_only()),
    "main.zones_compared_xlsx": ("GET", "/dashboard/zones/compared.xlsx", organiser_only()),
    "main.set_language": ("GET", "/language/en", everyone(302)),
    "main.favicon": ("GET", "/favicon.ico", everyone(200)),
    # The university dashboard's rows, charts, downloads and yearly report: its IP centre only.
    "university_dashboard.rows": ("GET", "/dashboard/university/rows?figure=served", staff_only()),
    "university_dashboard.served_chart": ("GET", "/dashboard/university/charts/served.svg", staff_only()),
    "university_dashboard.funnel_chart": ("GET", "/dashboard/university/charts/funnel.svg", staff_only()),
    "university_dashboard.fees_chart": ("GET", "/dashboard/university/charts/fees.svg", staff_only()),
    "university_dashboard.export": ("GET", "/dashboard/university/export?table=funnel&format=csv",
                                    staff_only()),
    "university_dashboard.report": ("GET", "/dashboard/university/report.pdf", staff_only()),
    # The province dashboard's rows, charts and downloads: administrators only.
    "province.rows": ("GET", "/dashboard/province/rows?figure=served", admin_only()),
    "province.export": ("GET", "/dashboard/province/export?table=universities&format=csv", admin_only()),
    "province.served_chart": ("GET", "/dashboard/province/served.svg", admin_only()),
    "province.months_chart": ("GET", "/dashboard/province/months.svg", admin_only()),
    "province.fees_chart": ("GET", "/dashboard/province/fees.svg", admin_only()),
    "accounts.register": ("GET", "/register", anonymous_only()),
    "accounts.apply": ("GET", "/apply", anonymous_only()),
    "accounts.login": ("GET", "/login", anonymous_only()),
    "accounts.logout": ("POST", "/logout", logged_in(302)),
    "accounts.profile": ("GET", "/account", logged_in(200)),
    "accounts.change_password": ("GET", "/account/password", logged_in(200)),
    "accounts.forgot_password": ("GET", "/password/forgot", everyone(200)),
    "accounts.reset_password": ("GET", "/password/reset/not-a-token", everyone(400)),
    "users_admin.index": ("GET", "/admin/users/", admin_only()),
    "users_admin.create": ("GET", "/admin/users/new", admin_only()),
    "users_admin.set_status": ("POST", "/admin/users/{self_id}/status", admin_only(422)),
    "users_admin.detail": ("GET", "/admin/users/{self_id}", admin_only()),
    # Platform-wide lists and a read-only licence page: administrators only.
    "oversight.patents": ("GET", "/admin/patents", admin_only()),
    "oversight.licences": ("GET", "/admin/licences", admin_only()),
    "oversight.licence": ("GET", "/admin/licences/999999", admin_only(404)),
    "oversight.payments": ("GET", "/admin/payments", admin_only()),
    # Webhook partners, their deliveries and replays: administrators only.
    "webhooks.partners": ("GET", "/admin/webhooks", admin_only()),
    "webhooks.create": ("GET", "/admin/webhooks/new", admin_only()),
    "webhooks.partner": ("GET", "/admin/webhooks/999999", admin_only(404)),
    "webhooks.set_active": ("POST", "/admin/webhooks/999999/active", admin_only(404)),
    "webhooks.replay": ("POST", "/admin/webhooks/deliveries/999999/replay", admin_only(404)),
    "organisations.universities": ("GET", "/admin/universities", admin_only()),
    "organisations.university_new": ("GET", "/admin/universities/new", admin_only()),
    "organisations.university_edit": ("GET", "/admin/universities/{university_id}/edit",
                                      admin_only()),
    "organisations.enterprises": ("GET", "/admin/enterprises", admin_only()),
    "organisations.enterprise_new": ("GET", "/admin/enterprises/new", admin_only()),
    "organisations.enterprise_edit": ("GET", "/admin/enterprises/{enterprise_id}/edit",
                                      admin_only()),
    "catalogue.index": ("GET", "/patents", everyone(200)),
    "catalogue.detail": ("GET", "/patents/{patent_id}", everyone(200)),
    "catalogue.attachment": ("GET", "/patents/{patent_id}/attachments/{attachment_id}", everyone(200)),
    # Staff reach only their own university's patents: {own_patent_id} is theirs.
    "patents_admin.index": ("GET", "/ip/patents/", staff_only()),
    "patents_admin.create": ("GET", "/ip/patents/new", staff_only()),
    "patents_admin.edit": ("GET", "/ip/patents/{own_patent_id}/edit", staff_only()),
    "patents_admin.archive": ("POST", "/ip/patents/{own_patent_id}/archive", staff_only(302)),
    "patents_admin.upload_attachment": ("POST", "/ip/patents/{own_patent_id}/attachments",
                                        staff_only(422)),
    "patents_admin.delete_attachment": (
        "POST", "/ip/patents/{own_patent_id}/attachments/{own_attachment_id}/delete", staff_only(302)),
    "imports.index": ("GET", "/ip/imports/", staff_only()),
    "imports.upload": ("GET", "/ip/imports/new", staff_only()),
    "imports.template_xlsx_file": ("GET", "/ip/imports/template.xlsx", staff_only()),
    "imports.template_csv_file": ("GET", "/ip/imports/template.csv", staff_only()),
    "imports.preview": ("GET", "/ip/imports/{own_batch_id}", staff_only()),
    "imports.confirm": ("POST", "/ip/imports/{own_batch_id}/confirm", staff_only(302)),
    # The declaration page of a patent of one's own university; POSTs without data are refused
    # as input (422) or turned back (302), never executed for other roles.
    "declarations.manage": ("GET", "/ip/patents/{own_patent_id}/declaration", staff_only()),
    "declarations.save_facts": ("POST", "/ip/patents/{own_patent_id}/declaration/facts", staff_only(302)),
    "declarations.save_draft": ("POST", "/ip/patents/{own_patent_id}/declaration/draft", staff_only(422)),
    "declarations.publish": ("POST", "/ip/patents/{own_patent_id}/declaration/publish", staff_only(302)),
    "declarations.withdraw": ("POST", "/ip/patents/{own_patent_id}/declaration/withdraw",
                              staff_only(302)),
    "declarations.discard": ("POST", "/ip/patents/{own_patent_id}/declaration/discard", staff_only(302)),
    "declarations.form_pdf": ("GET", "/ip/patents/{own_patent_id}/declaration/form.pdf", staff_only(404)),
    "declaration_batch.batch": ("GET", "/ip/declarations.xlsx", staff_only()),
    # Annual fees of a patent of one's own university; a POST without data is refused as input.
    "annual_fees.patent_fees": ("GET", "/ip/patents/{own_patent_id}/annual-fees", staff_only()),
    "annual_fees.record": ("POST", "/ip/patents/{own_patent_id}/annual-fees/pay", staff_only(422)),
    "annual_fees.due_list": ("GET", "/ip/annual-fees", staff_only()),
    # Zone event terms of a patent of one's own university; the version here is nobody's.
    "event_terms.page": ("GET", "/ip/patents/{own_patent_id}/event-terms", staff_only()),
    "event_terms.end": ("POST", "/ip/patents/{own_patent_id}/event-terms/999999/end", staff_only(404)),
    # The register of outside licences of a patent of one's own university; POSTs without data are refused.
    "outside_licences.register": ("GET", "/ip/patents/{own_patent_id}/outside-licences", staff_only()),
    "outside_licences.end": ("POST", "/ip/patents/{own_patent_id}/outside-licences/end", staff_only(422)),
    # Taking a licence: enterprises only; without published terms they are sent back to the patent.
    "licensing.take": ("GET", "/patents/{patent_id}/licence",
                       {ANON: 302, ENTERPRISE: 302, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "licensing.mine": ("GET", "/my/licences",
                       {ANON: 302, ENTERPRISE: 200, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "licensing.ours": ("GET", "/ip/licences", staff_only()),
    # A licence is visible to its enterprise and its university only; the one here is nobody's.
    "licensing.detail": ("GET", "/licences/999999",
                         {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "licensing.contract": ("GET", "/licences/999999/contract.pdf",
                           {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "licensing.ledger_export": ("GET", "/licences/999999/ledger.csv",
                                {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "licensing.record_filing": ("POST", "/licences/999999/filing",
                                {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "licensing.correct_filing": ("POST", "/licences/999999/filing/corrections",
                                 {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "licensing.confirm_decline": ("GET", "/licences/999999/trial/decline",
                                  {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "licensing.decide_trial": ("POST", "/licences/999999/trial",
                               {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "licensing.record_payment": ("POST", "/licences/999999/payments",
                                 {ANON: 302, ENTERPRISE: 403, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    # The money of a licence: the enterprise notifies transfers and stops at a stage; staff confirm,
    # reject, waive and reverse. The objects here are nobody's (404 once the role is right).
    "licensing.notify_transfer": ("POST", "/licences/999999/transfer-notices",
                                  {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "licensing.stop_at_stage": ("POST", "/licences/999999/stop",
                                {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "licensing.pending_notices": ("GET", "/ip/payment-notices", staff_only()),
    "licensing.terminate": ("POST", "/licences/999999/terminate",
                            {ANON: 302, ENTERPRISE: 403, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "licensing.confirm_notice": ("POST", "/payment-notices/999999/confirm", staff_only(404)),
    "licensing.reject_notice": ("POST", "/payment-notices/999999/reject", staff_only(404)),
    "licensing.waive_charge": ("POST", "/licences/999999/charges/999999/waive", staff_only(404)),
    "licensing.reverse_payment": ("POST", "/licences/999999/payments/999999/reverse", staff_only(404)),
    # Trial conversion figures: staff see their university's, administrators the province's.
    "licensing.conversion_figures": ("GET", "/ip/conversion", staff_only()),
    "licensing.admin_conversion": ("GET", "/admin/conversion", admin_only()),
    # Royalty reports: both parties see them; only the enterprise files (staff refused by role first).
    "royalties.reports": ("GET", "/licences/999999/royalties",
                          {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "royalties.file": ("POST", "/licences/999999/royalties",
                       {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    # Milestones: both parties see them; the enterprise reports; the university confirms or rejects.
    "milestones.page": ("GET", "/licences/999999/milestones",
                        {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "milestones.report": ("POST", "/licences/999999/milestones",
                          {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "milestones.confirm": ("POST", "/milestone-reports/999999/confirm", staff_only(404)),
    "milestones.reject": ("POST", "/milestone-reports/999999/reject", staff_only(404)),
    # Disputes: both parties of the licence; the licence and the dispute here are nobody's.
    "disputes.licence_disputes": ("GET", "/licences/999999/disputes",
                                  {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "disputes.open_dispute": ("POST", "/licences/999999/disputes",
                              {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "disputes.dispute_page": ("GET", "/disputes/999999",
                              {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "disputes.escalate": ("POST", "/disputes/999999/escalate",
                          {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "disputes.resolve": ("POST", "/disputes/999999/resolve",
                         {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "disputes.mediation_request_pdf": ("GET", "/disputes/999999/mediation-request.pdf",
                                       {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    # Zones: the public pages for everyone (a published zone); the organiser's pages for the zone's own
    # organiser and administrators; staff nominate. POSTs without data are refused as input (422).
    "zones.public_zones": ("GET", "/zones", everyone(200)),
    "zones.zone_page": ("GET", "/zones/{zone_id}", everyone(200)),
    "zones.banner": ("GET", "/zones/{zone_id}/banner", everyone(404)),
    "zones.nominate": ("GET", "/zones/{zone_id}/nominate", staff_only()),
    "zones.organiser_zones": ("GET", "/organiser/zones/", organiser_only()),
    "zones.create_zone": ("GET", "/organiser/zones/new", organiser_only()),
    "zones.edit_zone": ("GET", "/organiser/zones/{zone_id}/edit", organiser_only()),
    "zones.upload_banner": ("POST", "/organiser/zones/{zone_id}/banner", organiser_only(422)),
    "zones.change_status": ("POST", "/organiser/zones/{zone_id}/status", organiser_only(422)),
    "zones.curation_page": ("GET", "/organiser/zones/{zone_id}/curation", organiser_only()),
    "zones.remove_patent": ("POST", "/organiser/zones/{zone_id}/curation/remove", organiser_only(422)),
    "zones.move_patent": ("POST", "/organiser/zones/{zone_id}/curation/move", organiser_only(422)),
    "zones.feature_patent": ("POST", "/organiser/zones/{zone_id}/curation/feature", organiser_only(422)),
    "zones.suggestions": ("GET", "/organiser/zones/{zone_id}/suggestions", organiser_only()),
    "zones.add_patent": ("POST", "/organiser/zones/{zone_id}/curation/add", organiser_only(422)),
    "zones.nominations_page": ("GET", "/organiser/zones/{zone_id}/nominations", organiser_only()),
    "zones.decide_nomination": ("POST", "/organiser/zones/{zone_id}/nominations/decide",
                                organiser_only(422)),
    # Zone registration: enterprises register for a published zone (the QR code exists only once they have
    # registered); the zone's organiser and administrators reach its list.
    "zones.register": ("GET", "/zones/{zone_id}/register",
                       {ANON: 302, ENTERPRISE: 200, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "zones.cancel_registration": ("POST", "/zones/{zone_id}/register/cancel",
                                  {ANON: 302, ENTERPRISE: 302, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "zones.registration_qr": ("GET", "/zones/{zone_id}/register/check-in-code.svg",
                              {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "zones.my_registrations": ("GET", "/my/registrations",
                               {ANON: 302, ENTERPRISE: 200, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "zones.registrations": ("GET", "/organiser/zones/{zone_id}/registrations",
                            {ANON: 302, ENTERPRISE: 403, STAFF: 403, ORGANISER: 200, ADMIN: 200}),
    "zones.check_in": ("GET", "/organiser/zones/{zone_id}/check-in",
                       {ANON: 302, ENTERPRISE: 403, STAFF: 403, ORGANISER: 200, ADMIN: 200}),
    # Results of a zone: its organiser and administrators (another organiser's zone is a 404, tested in
    # tests/zones/test_results_routes.py).
    "zones.zone_results": ("GET", "/organiser/zones/{zone_id}/results", organiser_only()),
    "zones.zone_results_chart": ("GET", "/organiser/zones/{zone_id}/results/chart.svg", organiser_only()),
    "zones.zone_results_rows": ("GET", "/organiser/zones/{zone_id}/results/rows?figure=licences",
                                organiser_only()),
    # Meetings of zones: organisers (and administrators) define sessions of a zone; enterprises request;
    # IP centres accept or decline; both sides see their meetings and agenda. The objects here are nobody's.
    "zones.organiser_meetings": ("GET", "/organiser/meetings",
                                 {ANON: 302, ENTERPRISE: 403, STAFF: 403, ORGANISER: 200, ADMIN: 200}),
    "zones.meeting_sessions": ("GET", "/organiser/zones/999999/sessions",
                               {ANON: 302, ENTERPRISE: 403, STAFF: 403, ORGANISER: 404, ADMIN: 404}),
    "zones.request_meeting": ("GET", "/zones/999999/meetings/new",
                              {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "zones.meetings": ("GET", "/meetings",
                       {ANON: 302, ENTERPRISE: 200, STAFF: 200, ORGANISER: 403, ADMIN: 403}),
    "zones.meeting_detail": ("GET", "/meetings/999999",
                             {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "zones.accept_meeting": ("POST", "/meetings/999999/accept", staff_only(404)),
    "zones.decline_meeting": ("POST", "/meetings/999999/decline", staff_only(404)),
    "zones.cancel_meeting": ("POST", "/meetings/999999/cancel",
                             {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "zones.record_outcome": ("POST", "/meetings/999999/outcome",
                             {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "zones.agenda": ("GET", "/meetings/agenda",
                     {ANON: 302, ENTERPRISE: 200, STAFF: 200, ORGANISER: 403, ADMIN: 403}),
    "zones.agenda_ics": ("GET", "/meetings/agenda.ics",
                         {ANON: 302, ENTERPRISE: 200, STAFF: 200, ORGANISER: 403, ADMIN: 403}),
    # Technology needs: everyone reads the list and a public need; enterprises post needs and change their
    # own (the need here is another enterprise's: 404 once the role is right).
    "needs.index": ("GET", "/needs", everyone(200)),
    "needs.detail": ("GET", "/needs/{need_id}", everyone(200)),
    "needs.create": ("GET", "/needs/new",
                     {ANON: 302, ENTERPRISE: 200, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "needs.edit": ("GET", "/needs/{need_id}/edit",
                   {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "needs.change_status": ("POST", "/needs/{need_id}/status",
                            {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "needs.mine": ("GET", "/my/needs", {ANON: 302, ENTERPRISE: 200, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    # Matches: a need's ranked patents for its enterprise (and administrators; anyone else finds no such
    # page); the needs a university's patents fit and the feedback on them for its IP centre and
    # administrators. The need here is nobody's.
    "matching.need_matches": ("GET", "/needs/999999/matches",
                              {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 404, ADMIN: 404}),
    "matching.dismiss_match": ("POST", "/needs/999999/matches/999999/dismiss",
                               {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "matching.fitting_needs": ("GET", "/matching/needs",
                               {ANON: 302, ENTERPRISE: 403, STAFF: 200, ORGANISER: 403, ADMIN: 200}),
    "matching.feedback_summary": ("GET", "/matching/feedback",
                                  {ANON: 302, ENTERPRISE: 403, STAFF: 200, ORGANISER: 403, ADMIN: 200}),
    # Conversations: IP centres answer needs, enterprises ask about patents; a thread is read by its two
    # organisations (and administrators, read only). The objects here are nobody's.
    "conversations.answer": ("GET", "/needs/999999/answer", staff_only(404)),
    "conversations.ask": ("GET", "/patents/{patent_id}/ask",
                          {ANON: 302, ENTERPRISE: 200, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "conversations.inbox": ("GET", "/threads",
                            {ANON: 302, ENTERPRISE: 200, STAFF: 200, ORGANISER: 403, ADMIN: 200}),
    "conversations.thread": ("GET", "/threads/999999",
                             {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 404}),
    "conversations.reply": ("POST", "/threads/999999/reply",
                            {ANON: 302, ENTERPRISE: 404, STAFF: 404, ORGANISER: 403, ADMIN: 403}),
    "conversations.accept": ("POST", "/threads/999999/accept",
                             {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    "conversations.meeting": ("GET", "/threads/999999/meeting",
                              {ANON: 302, ENTERPRISE: 404, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    # API tokens on the account page; the API's document, reference page and endpoints.
    "api_tokens.index": ("GET", "/account/tokens", logged_in(200)),
    "api_tokens.revoke": ("POST", "/account/tokens/999999/revoke", logged_in(404)),
    "api_reference.docs": ("GET", "/api/v1/docs", everyone(200)),
    "api-docs.openapi_json": ("GET", "/api/v1/openapi.json", everyone(200)),
    "api_catalogue.search_patents": ("GET", "/api/v1/patents?q=x", everyone(200)),
    "api_catalogue.patent_detail": ("GET", "/api/v1/patents/{patent_id}", everyone(200)),
    # The patents made here carry no offer: a quote is refused (422) to everyone.
    "api_catalogue.quote": ("GET", "/api/v1/patents/{patent_id}/quote?start=2030-01-01", everyone(422)),
    "api_zones.zones": ("GET", "/api/v1/zones", everyone(200)),
    "api_zones.zone": ("GET", "/api/v1/zones/{zone_id}", everyone(200)),
    "api_zones.zone_patents": ("GET", "/api/v1/zones/{zone_id}/patents", everyone(200)),
    "api_needs.needs": ("GET", "/api/v1/needs", everyone(200)),
    "api_needs.need": ("GET", "/api/v1/needs/{need_id}", everyone(200)),
    "api_licences.me": ("GET", "/api/v1/me", api_caller()),
    # Taking a licence needs an Idempotency-Key: without one an enterprise is told so (400).
    "api_licences.take_licence": ("POST", "/api/v1/licences",
                                  {ANON: 401, ENTERPRISE: 400, STAFF: 403, ORGANISER: 403, ADMIN: 403}),
    # Health checks for load balancers.
    "health.healthz": ("GET", "/healthz", everyone(200)),
    "health.readyz": ("GET", "/readyz", everyone(200)),
    # Metrics for the monitoring system: loopback only (the test client is loopback); 404 elsewhere.
    "metrics": ("GET", "/metrics", everyone(200)),
    # The open data feed: public, like the catalogue.
    "api_feed.offers": ("GET", "/api/v1/feed/offers", everyone(200)),
    "api_licences.licences": ("GET", "/api/v1/licences", api_licensee()),
    "api_licences.licence": ("GET", "/api/v1/licences/999999", api_licensee(404)),
    "api_licences.ledger": ("GET", "/api/v1/licences/999999/ledger", api_licensee(404)),
    # The enterprise's writes on a licence: a trial decision without a body is refused (422) once the
    # role passes; a royalty report and a transfer notice need an Idempotency-Key first (400).
    "api_licences.decide_trial": ("POST", "/api/v1/licences/999999/trial", enterprise_api(422)),
    "api_licences.royalty_periods": ("GET", "/api/v1/licences/999999/royalty-periods", api_licensee(404)),
    "api_licences.file_royalty_report": ("POST", "/api/v1/licences/999999/royalty-reports",
                                         enterprise_api(400)),
    "api_payments.notify_transfer": ("POST", "/api/v1/licences/999999/transfer-notices", enterprise_api(400)),
    "api_payments.licence_notices": ("GET", "/api/v1/licences/999999/transfer-notices", api_licensee(404)),
    # The university's notices: its IP centre lists them and decides them.
    "api_payments.university_notices": ("GET", "/api/v1/transfer-notices", api_staff(200)),
    "api_payments.confirm_notice": ("POST", "/api/v1/transfer-notices/999999/confirm", api_staff(400)),
    "api_payments.reject_notice": ("POST", "/api/v1/transfer-notices/999999/reject", api_staff(422)),
    # An enterprise's registration and meeting requests in a zone; the zone's bookable slots are public.
    "api_zones.register": ("POST", "/api/v1/zones/{zone_id}/registrations", enterprise_api(400)),
    "api_zones.my_registration": ("GET", "/api/v1/zones/{zone_id}/registration", enterprise_api(404)),
    "api_zones.cancel_registration": ("POST", "/api/v1/zones/{zone_id}/registration/cancel",
                                      enterprise_api(422)),
    "api_zones.meeting_slots": ("GET", "/api/v1/zones/{zone_id}/meeting-slots", everyone(200)),
    "api_zones.request_meeting": ("POST", "/api/v1/zones/{zone_id}/meetings", enterprise_api(400)),
    # An IP centre's writes: a form body is no JSON body, so what it sends is refused as input (422).
    "api_university_patents.patents": ("GET", "/api/v1/university/patents", api_staff()),
    "api_university_patents.create_patent": ("POST", "/api/v1/university/patents", api_staff(422)),
    "api_university_patents.change_patent": ("PATCH", "/api/v1/university/patents/{own_patent_id}",
                                             api_staff()),
    "api_university_patents.import_patents": ("POST", "/api/v1/university/patents/import", api_staff(422)),
    "api_university_declarations.declarations": ("GET", "/api/v1/university/declarations", api_staff()),
    "api_university_declarations.save_draft": (
        "POST", "/api/v1/university/patents/{own_patent_id}/declarations", api_staff(422)),
    "api_university_declarations.publish": ("POST", "/api/v1/declarations/999999/publish", api_staff(404)),
    "api_university_declarations.withdraw": ("POST", "/api/v1/declarations/999999/withdraw", api_staff(422)),
    "api_organiser.zones": ("GET", "/api/v1/organiser/zones", api_organiser()),
    "api_organiser.registrations": ("GET", "/api/v1/zones/{zone_id}/registrations", api_organiser()),
}

# Served by Flask and Bootstrap-Flask themselves: static files for everyone.
STATIC = {"static", "bootstrap.static"}


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - STATIC
    assert endpoints - ACCESS.keys() == set(), "routes missing from the access table"
    assert ACCESS.keys() - endpoints == set(), "table entries for routes that do not exist"


def test_the_table_names_each_routes_method(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ACCESS:
            method, _, _ = ACCESS[rule.endpoint]
            assert method in rule.methods, rule.endpoint


CASES = [(endpoint, role) for endpoint in sorted(ACCESS) for role in ALL]


def _objects(app, university_id: int, patent_id: int, user_id: int) -> dict:
    """An attachment on `patent_id` and an import batch of `university_id`, for URL parameters."""
    from marketplace.catalogue.models import ImportBatch, ImportStatus, PatentAttachment

    with app.app_context():
        attachment = PatentAttachment(patent_id=patent_id, filename="a.pdf",
                                      content_type="application/pdf", size_bytes=4, sha256="0" * 64)
        batch = ImportBatch(university_id=university_id, user_id=user_id, filename="a.csv",
                            kind="csv", sha256="0" * 64, row_count=0, error_row_count=0,
                            status=ImportStatus.PREVIEWED)
        db.session.add_all([attachment, batch])
        db.session.commit()
        return {"attachment_id": attachment.id, "batch_id": batch.id}


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=[f"{e}-{r}" for e, r in CASES])
def test_access(app, client, make_user, make_university, make_enterprise, make_patent, endpoint,
                role, tmp_path):
    app.config["ATTACHMENT_DIR"] = str(tmp_path)
    method, url, expected = ACCESS[endpoint]
    university_id = make_university()
    self_id = 0
    if role != ANON:
        email = make_user(role, university_id=university_id if role == STAFF else None)
        login(client, email)
        with app.app_context():
            self_id = db.session.scalar(select(User.id).where(User.email == email))
    admin_id = self_id or _user_id(app, make_user(ADMIN))
    public_patent = make_patent()
    own_patent = make_patent(university_id)
    public = _objects(app, make_university(), public_patent, admin_id)
    own = _objects(app, university_id, own_patent, admin_id)
    _store_pdf(app, tmp_path)
    zone_id = _zone(app, self_id if role == ORGANISER else _user_id(app, make_user(ORGANISER)))
    url = url.format(
        zone_id=zone_id,
        self_id=self_id or 1, university_id=make_university(), enterprise_id=make_enterprise(),
        patent_id=public_patent, attachment_id=public["attachment_id"], own_patent_id=own_patent,
        own_attachment_id=own["attachment_id"], own_batch_id=own["batch_id"],
        need_id=_need(app, make_enterprise(), admin_id),
    )
    if method == "GET":
        response = client.get(url)
    else:
        response = client.open(url, method=method, data={"csrf_token": csrf_token(client)})
    response.close()
    assert response.status_code == expected[role], (endpoint, role)


def _zone(app, organiser_id: int) -> int:
    """A published zone of the organiser."""
    from datetime import date

    from marketplace.core.zone_state import ZoneStatus
    from marketplace.zones.models import Zone

    with app.app_context():
        zone = Zone(organiser_id=organiser_id, title="稀土新材料专场", theme="稀土",
                    opens_on=date(2026, 12, 1), closes_on=date(2099, 12, 31), status=ZoneStatus.PUBLISHED)
        db.session.add(zone)
        db.session.commit()
        return zone.id


def _need(app, enterprise_id: int, author_id: int) -> int:
    """An open public need of the enterprise."""
    from marketplace.needs.models import Need

    with app.app_context():
        need = Need(enterprise_id=enterprise_id, created_by_id=author_id, title="稀土永磁电机降本",
                    description="想找降低镝用量的工艺")
        db.session.add(need)
        db.session.commit()
        return need.id


def _user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def _store_pdf(app, root) -> None:
    """Put bytes where the attachments' hash (all zeros) says they are."""
    folder = root / "00"
    folder.mkdir(exist_ok=True)
    (folder / ("0" * 64)).write_bytes(b"%PDF")
