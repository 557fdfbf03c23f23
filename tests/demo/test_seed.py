"""`flask seed-demo`: realistic, valid, idempotent."""

from sqlalchemy import func, select

from marketplace.accounts.models import AccountStatus, Role, User
from marketplace.core.credit_code import parse_credit_code
from marketplace.demo import data
from marketplace.extensions import db
from marketplace.organisations.models import Enterprise, University
from tests.helpers import login


def _counts(app):
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (University, Enterprise, User)
        }


def test_seed_twice_leaves_the_same_row_counts(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    after_first = _counts(app)
    assert after_first == {"University": len(data.UNIVERSITIES),
                           "Enterprise": len(data.ENTERPRISES), "User": len(data.USERS)}
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert "0 universities, 0 enterprises, 0 users" in second.output
    assert _counts(app) == after_first


def test_if_empty_skips_a_database_with_users(app, runner, make_user):
    make_user(Role.ADMIN)
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has data" in result.output
    assert _counts(app)["University"] == 0


def test_demo_data_is_valid_and_covers_every_role(app, runner, client):
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        for code in db.session.scalars(select(Enterprise.credit_code)):
            assert parse_credit_code(code) == code
        names = set(db.session.scalars(select(University.name)))
        assert {"内蒙古大学", "内蒙古工业大学", "内蒙古农业大学", "内蒙古科技大学",
                "内蒙古师范大学", "内蒙古医科大学"} <= names
        roles = set(db.session.scalars(
            select(User.role).where(User.status == AccountStatus.ACTIVE)))
        assert roles == set(Role)
    login(client, f"admin@{data.EMAIL_DOMAIN}", data.DEMO_PASSWORD)
