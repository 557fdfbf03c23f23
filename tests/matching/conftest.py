"""Fixtures of the matching tests: a small catalogue of offered patents (engine and store), and the match
world of `match_world`, committed, with users who log in (the match pages)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest

from marketplace.accounts.models import Role
from marketplace.catalogue.models import Patent
from marketplace.extensions import db
from tests.helpers import csrf_token, login
from tests.matching import match_world
from tests.matching.match_world import World

TODAY = date(2026, 11, 26)

# title, abstract, keywords, industry (Chinese label), IPC codes
CATALOGUE = {
    "magnet": ("一种稀土永磁材料的制备方法",
               "本发明公开了一种高矫顽力钕铁硼稀土永磁材料的制备方法，适用于风力发电机。",
               "稀土；永磁；钕铁硼", "稀土及新材料", "C22C 38/00；H01F 1/057"),
    "magnet2": ("一种钕铁硼磁体的晶界扩散方法", "通过晶界扩散重稀土提高钕铁硼磁体矫顽力。",
                "钕铁硼；晶界扩散", "稀土及新材料", "H01F 41/02；C22C 38/00"),
    "cashmere": ("一种羊绒分梳装置", "本实用新型涉及羊绒分梳，提高无毛绒得率，减少纤维损伤。",
                 "羊绒；分梳", "现代农牧业", "D01G 15/00"),
    "dairy": ("一种低乳糖酸奶及其制备方法", "以生鲜牛乳为原料，经乳糖酶水解和发酵制得低乳糖酸奶。",
              "酸奶；乳糖酶；发酵", "乳业及食品", "A23C 9/12"),
    "irrigation": ("一种滴灌节水灌溉控制系统", "根据土壤墒情自动控制滴灌，节约用水，适用于干旱地区玉米种植。",
                   "节水灌溉；滴灌；土壤墒情", "现代农牧业", "A01G 25/02"),
    "coal": ("一种煤焦油加氢制备清洁燃料的方法", "煤焦油经加氢精制和加氢裂化得到清洁燃料油。",
             "煤焦油；加氢", "现代煤化工", "C10G 1/00"),
    "pv": ("一种光伏组件清洗机器人", "用于沙漠光伏电站的光伏组件自动清洗，节水无水清洁。",
           "光伏；清洗机器人", "新能源", "H02S 40/10"),
}


@pytest.fixture
def catalogue(app, make_patent, make_university):
    """Each CATALOGUE patent created (indexed) and offered on a flat plan of 50,000 yuan; name → id."""
    university_id = make_university("内蒙古大学")
    ids: dict[str, int] = {}
    for name, (title, abstract, keywords, industry, ipc) in CATALOGUE.items():
        ids[name] = make_patent(university_id, title=title, abstract=abstract, keywords=keywords,
                                industry=industry, ipc_codes=ipc)
    with app.app_context():
        for patent_id in ids.values():
            offer(patent_id)
        db.session.commit()
    return ids


def offer(patent_id: int, kind: str = "flat", price_fen: int | None = 5_000_000, trial: bool = False) -> None:
    """Mark a patent offered as the declaration services would (kind, trial, fixed fees)."""
    patent = db.session.get(Patent, patent_id)
    patent.offer_kind = kind
    patent.offer_price_fen = price_fen
    patent.offer_trial = trial
    db.session.flush()


@dataclass(frozen=True)
class Scene:
    """The world and the e-mails of its people: the need's enterprise, another enterprise, the IP centres of
    both universities."""

    world: World
    buyer: str
    stranger: str
    staff0: str
    staff1: str


@pytest.fixture
def scene(app, make_user) -> Scene:
    with app.app_context():
        world = match_world.build()
        db.session.commit()
    return Scene(world, make_user(Role.ENTERPRISE_USER, enterprise_id=world.enterprise_id),
                 make_user(Role.ENTERPRISE_USER),
                 make_user(Role.UNIVERSITY_STAFF, university_id=world.u0),
                 make_user(Role.UNIVERSITY_STAFF, university_id=world.u1))


def words(response) -> str:
    """The page's text without tags or white space, to read sentences split over elements."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def switch(client, email: str) -> None:
    """Log out whoever is logged in and log in as `email`."""
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, email)
