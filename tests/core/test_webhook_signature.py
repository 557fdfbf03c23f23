"""Webhook signatures: HMAC-SHA256 over "<timestamp>." and the body, checked in constant time, with old
timestamps refused; the retry schedule and the allowed partner addresses."""

from __future__ import annotations

import hashlib
import hmac
import shutil
import subprocess
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.core.webhook_rules import UrlProblem, check_partner_url, retry_delay
from marketplace.core.webhook_signature import header_value, sign, verify

SECRET = "3f1c0ffee"  # noqa: S105 - a test key
BODY = '{"id":"e1","type":"licence.taken","data":{"amount":"10000.00","企业":"鄂尔多斯"}}'.encode()
STAMP = 1_800_000_000


def test_sign_is_hmac_sha256_over_timestamp_dot_body():
    expected = hmac.new(SECRET.encode(), b"1800000000." + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, STAMP, BODY) == expected
    assert header_value(SECRET, STAMP, BODY) == "v1=" + expected


def test_a_known_vector():
    # Computed independently: printf '1.{}' | openssl dgst -sha256 -hmac key
    assert sign("key", 1, b"{}") == hmac.new(b"key", b"1.{}", hashlib.sha256).hexdigest()


def test_openssl_computes_the_same_signature():
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl not available")
    try:
        out = subprocess.run([openssl, "dgst", "-sha256", "-hmac", SECRET],  # noqa: S603 - fixed arguments
                             input=b"1800000000." + BODY, capture_output=True, check=True).stdout.decode()
    except (FileNotFoundError, subprocess.CalledProcessError):
        pytest.skip("openssl not available")
    assert out.strip().split()[-1] == sign(SECRET, STAMP, BODY)


def test_verify_accepts_its_own_signature_with_or_without_the_scheme():
    signature = sign(SECRET, STAMP, BODY)
    assert verify(SECRET, STAMP, BODY, signature, now=STAMP)
    assert verify(SECRET, str(STAMP), BODY, "v1=" + signature, now=STAMP + 299)
    assert verify(SECRET, STAMP, BODY, signature.upper(), now=STAMP - 300)


@pytest.mark.parametrize("change", ["body", "secret", "timestamp", "signature", "garbage"])
def test_verify_refuses_anything_changed(change):
    signature = sign(SECRET, STAMP, BODY)
    body, secret, stamp = BODY, SECRET, STAMP
    if change == "body":
        body = BODY.replace(b"10000.00", b"10000.01")
    elif change == "secret":
        secret = SECRET + "x"
    elif change == "timestamp":
        stamp = STAMP + 1
    elif change == "signature":
        signature = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    else:
        signature = "v1=not hex ✓"
    assert not verify(secret, stamp, body, signature, now=STAMP)


def test_verify_refuses_old_and_future_timestamps():
    signature = sign(SECRET, STAMP, BODY)
    assert not verify(SECRET, STAMP, BODY, signature, now=STAMP + 301)
    assert not verify(SECRET, STAMP, BODY, signature, now=STAMP - 301)
    assert verify(SECRET, STAMP, BODY, signature, now=STAMP + 3600, tolerance_s=3600)


def test_verify_refuses_a_malformed_timestamp():
    assert not verify(SECRET, "18e8", BODY, sign(SECRET, STAMP, BODY), now=STAMP)
    assert not verify(SECRET, "", BODY, sign(SECRET, STAMP, BODY), now=STAMP)


@given(secret=st.text(min_size=1, max_size=40), body=st.binary(max_size=200),
       stamp=st.integers(min_value=0, max_value=4_000_000_000))
def test_sign_then_verify_round_trips(secret, body, stamp):
    assert verify(secret, stamp, body, header_value(secret, stamp, body), now=stamp)


def test_retry_delay_doubles_from_one_minute_to_at_most_six_hours():
    delays = [retry_delay(n) for n in range(1, 13)]
    assert [d // timedelta(minutes=1) for d in delays] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360, 360]
    assert retry_delay(1000) == timedelta(hours=6)
    with pytest.raises(ValueError):
        retry_delay(0)


@pytest.mark.parametrize("url", [
    "https://partner.example.cn/hooks/patents", "https://partner.example.cn:8443/h?x=1",
    "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]:9000/", " https://a.cn/ "])
def test_allowed_addresses(url):
    assert check_partner_url(url) == url.strip()


@pytest.mark.parametrize(("url", "problem"), [
    ("http://partner.example.cn/hook", "plain_http"), ("http://10.0.0.5/hook", "plain_http"),
    ("ftp://partner.example.cn/", "scheme"), ("partner.example.cn/hook", "scheme"), ("", "scheme"),
    ("https://", "malformed"), ("https://user:pw@partner.example.cn/", "malformed"),
    ("https://a.cn:99999/", "malformed"), ("https://a.cn/x#frag", "malformed"),
    ("https://a.cn/a b", "malformed"), ("javascript:alert(1)", "scheme")])
def test_refused_addresses(url, problem):
    with pytest.raises(UrlProblem) as refused:
        check_partner_url(url)
    assert refused.value.problem == problem
