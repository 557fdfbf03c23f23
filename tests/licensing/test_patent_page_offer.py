"""The patent page's offer box: an enterprise holding a live licence of the patent is told so and sent to
it instead of being offered another; one whose licence ended (declined here) may take a new one."""

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Patent
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.licensing import services
from marketplace.licensing.models import Licence
from tests.helpers import page_text
from tests.licensing.conftest import TODAY

TAKE = "获取此许可"


def _take(app, email, patent_id, declaration_id) -> tuple[int, str]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        licence = services.take_licence(user, db.session.get(Patent, patent_id), declaration_id, TODAY, TODAY,
                                        utcnow())
        db.session.commit()
        return licence.id, licence.number


def test_an_enterprise_holding_a_live_licence_is_sent_to_it(app, client, login_as, offered):
    patent_id, declaration_id = offered
    email = login_as(Role.ENTERPRISE_USER)
    assert TAKE in page_text(client.get(f"/patents/{patent_id}"))
    licence_id, number = _take(app, email, patent_id, declaration_id)

    page = page_text(client.get(f"/patents/{patent_id}"))
    assert TAKE not in page
    assert f"贵企业已持有本专利的许可 {number}（试用中）" in page
    assert f'href="/licences/{licence_id}"' in page
    assert f"查看许可 {number}" in page


def test_a_declined_trial_no_longer_blocks_taking_again(app, client, login_as, offered):
    patent_id, declaration_id = offered
    email = login_as(Role.ENTERPRISE_USER)
    licence_id, number = _take(app, email, patent_id, declaration_id)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        services.decide_trial(db.session.get(Licence, licence_id), user, False, TODAY)
        db.session.commit()
    page = page_text(client.get(f"/patents/{patent_id}"))
    assert TAKE in page
    assert number not in page


def test_other_enterprises_staff_and_visitors_see_the_usual_offer(app, client, login_as, make_user, offered):
    patent_id, declaration_id = offered
    holder = make_user(Role.ENTERPRISE_USER)
    _, number = _take(app, holder, patent_id, declaration_id)
    anonymous = page_text(client.get(f"/patents/{patent_id}"))
    assert number not in anonymous and "以企业身份登录后获取许可" in anonymous
    login_as(Role.ENTERPRISE_USER)
    other = page_text(client.get(f"/patents/{patent_id}"))
    assert TAKE in other and number not in other
