"""Reset tokens on their own: signed, stamped with an injected time, tied to the account's state."""

from datetime import UTC, datetime, timedelta

import pytest

from marketplace.accounts.reset_tokens import make_token, read_token

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
HALF_HOUR = timedelta(minutes=30)


def _token(**changes):
    args = {"secret_key": "k" * 32, "user_id": 7, "password_hash": "$argon2id$h", "session_token": "s",
            "now": NOW, **changes}
    return make_token(**args)


def test_a_token_says_whose_it_is_and_matches_the_account_it_was_made_for():
    claim = read_token("k" * 32, _token(), NOW + timedelta(minutes=10), HALF_HOUR)
    assert claim is not None and claim.user_id == 7
    assert claim.matches("$argon2id$h", "s")
    assert not claim.matches("$argon2id$other", "s")
    assert not claim.matches("$argon2id$h", "new-session-token")


@pytest.mark.parametrize(("later", "valid"), [
    (timedelta(0), True), (HALF_HOUR, True), (HALF_HOUR + timedelta(seconds=1), False),
    (-timedelta(seconds=1), False),
])
def test_a_token_lives_for_max_age_from_its_stamp(later, valid):
    assert (read_token("k" * 32, _token(), NOW + later, HALF_HOUR) is not None) is valid


def test_another_key_or_a_mangled_token_is_refused():
    token = _token()
    assert read_token("other" * 8, token, NOW, HALF_HOUR) is None
    for bad in ("", ".", token[:-1], token.replace(".", "!", 1), "a" * 401, token + "\ud800",
                token.replace(".", "\x00", 1), "é" + token[1:]):
        assert read_token("k" * 32, bad, NOW, HALF_HOUR) is None


def test_a_genuine_token_of_another_shape_is_refused():
    from itsdangerous import URLSafeTimedSerializer

    from marketplace.accounts.reset_tokens import SALT

    odd = URLSafeTimedSerializer("k" * 32, salt=SALT).dumps({"user": "7", "fp": "x"})
    assert read_token("k" * 32, odd, datetime.now(UTC), HALF_HOUR) is None
