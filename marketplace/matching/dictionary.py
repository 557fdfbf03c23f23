"""The matcher's word list: the glossary's Chinese terms plus the catalogue's keywords and short titles.

One `Segmenter` per process, built lazily on first use. The catalogue is looked at again at most once
a minute: when its signature (highest patent id and latest `updated_at`) moved, the keywords and titles of
the patents changed since the last look are added (words are only ever added, never removed, so a
reader never sees a half-built dictionary). Safe under several threads.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime

from sqlalchemy import func, select

from marketplace.catalogue.models import LIST_SEPARATOR, Patent
from marketplace.core.glossary import default_glossary
from marketplace.core.segmenter import Segmenter
from marketplace.extensions import db

CHECK_EVERY_SECONDS = 60.0
SHORT_TITLE = 8
_TITLE_NOISE = re.compile(
    r"^(一种|一类)|(的|及其|和|与)*(制备|生产|制造|加工|使用|应用)?(方法|工艺|装置|系统|设备)$")

_lock = threading.Lock()
_state: dict = {"segmenter": None, "signature": None, "since": None, "checked": float("-inf")}


def catalogue_signature() -> tuple[int, datetime | None]:
    """A cheap fingerprint of the catalogue (two index look-ups): the highest patent id and the latest
    change (archiving or editing a patent moves it)."""
    connection = db.session.connection()
    top = connection.scalar(select(func.max(Patent.id)))
    latest = connection.scalar(select(func.max(Patent.updated_at)))
    return int(top or 0), latest


def _short_title(title: str) -> str:
    core = _TITLE_NOISE.sub("", (title or "").strip()).rstrip("的及其和与")
    return core if 2 <= len(core) <= SHORT_TITLE else ""


def catalogue_words(since: datetime | None = None) -> set[str]:
    """Keywords and short titles of the patents changed since `since` (all when None)."""
    stmt = select(Patent.keywords, Patent.title).where(Patent.archived.is_(False))
    if since is not None:
        stmt = stmt.where(Patent.updated_at >= since)
    words: set[str] = set()
    for keywords, title in db.session.execute(stmt):
        words.update(k.strip() for k in (keywords or "").split(LIST_SEPARATOR))
        words.add(_short_title(title))
    words.discard("")
    return words


def segmenter(force_check: bool = False) -> Segmenter:
    """The process's segmenter, its dictionary brought up to date with the catalogue when due."""
    seg = _state["segmenter"]
    if seg is not None and not force_check and time.monotonic() - _state["checked"] < CHECK_EVERY_SECONDS:
        return seg
    with _lock:
        if _state["segmenter"] is None:
            _state["segmenter"] = Segmenter(default_glossary().chinese_terms())
        seg = _state["segmenter"]
        signature = catalogue_signature()
        if signature != _state["signature"]:
            seg.add_words(catalogue_words(_state["since"]))
            _state["signature"] = signature
            _state["since"] = signature[1]
        _state["checked"] = time.monotonic()
    return seg
