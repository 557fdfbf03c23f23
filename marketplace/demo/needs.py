"""Demo technology needs: twenty needs of Inner Mongolia SMEs, written the way enterprises write them
(short, colloquial, some with English words or small typos), over the demo's enterprises.

Let T be the demo's today. The needs were posted between T-60 and T-2; most are open, some in talks,
two solved and two closed, and a few are for universities only. They are written through the needs
services, so they obey the same rules as a need posted on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.clock import SHANGHAI
from marketplace.core.need_input import split_keywords
from marketplace.core.need_state import NeedStatus, NeedTimeline, NeedVisibility
from marketplace.core.patent_fields import Industry
from marketplace.demo import data
from marketplace.extensions import db
from marketplace.needs import services
from marketplace.needs.models import Need

WAN = 10_000 * 100  # fen in 1 万元

OPEN, T, S, C = NeedStatus.OPEN, NeedStatus.IN_TALKS, NeedStatus.SOLVED, NeedStatus.CLOSED
PUB, UNI = NeedVisibility.PUBLIC, NeedVisibility.UNIVERSITIES
M3, M6, Y1, LONG = (NeedTimeline.WITHIN_3_MONTHS, NeedTimeline.WITHIN_6_MONTHS, NeedTimeline.WITHIN_1_YEAR,
                    NeedTimeline.LONGER)


@dataclass(frozen=True)
class DemoNeed:
    """One demo need: who posted it, how many days before T, its words, budget (万元) and wishes."""

    user: str
    days_ago: int
    title: str
    description: str
    industry: Industry | None
    keywords: str
    budget_wan: tuple[int | None, int | None]
    plan_kinds: tuple[str, ...]
    timeline: NeedTimeline | None
    region: str
    visibility: NeedVisibility = PUB
    status: NeedStatus = OPEN


NEEDS: tuple[DemoNeed, ...] = (
    DemoNeed("xibao", 58, "钕铁硼磁体想少用点镝铽",
             "我们给风电和新能源车电机供烧结钕铁硼，重稀土镝、铽太贵了。听说有晶界扩散的工艺能少用重稀土，"
             "矫顽力还能保住，想找高校合作或者直接买专利许可，最好能先小批量试。",
             Industry.RARE_EARTH_MATERIALS, "钕铁硼 晶界扩散 重稀土 矫顽力", (20, 80),
             ("try_first", "staged"), M6, "包头市"),
    DemoNeed("xibao", 41, "稀土镁合金挤压件老开裂",
             "做汽车用稀土镁合金型材，挤压出来表面有裂纹，成品率才七成左右。想找能改善镁合金挤压成形的技术，"
             "模具或者工艺参数都行。", Industry.METALLURGY, "镁合金 挤压 稀土镁 成形", (10, 50), ("flat",),
             M3, "包头市", status=T),
    DemoNeed("xibao", 12, "稀土抛光粉回收再利用",
             "抛光粉用完的废料堆了不少，里面铈还挺多，想回收再生，环保那边也催。有没有成熟点的回收工艺？",
             Industry.RARE_EARTH_MATERIALS, "稀土抛光粉 回收 氧化铈", (None, 30), (), Y1, "包头市", UNI),
    DemoNeed("mengru", 55, "酸奶后酸化问题",
             "我们的凝固型酸奶放到第十几天就偏酸，客户投诉多。想找能控制后酸化的菌种或者工艺，保质期能做到21天。",
             Industry.DAIRY_FOOD, "酸奶 后酸化 乳酸菌 发酵剂", (5, 30), ("flat", "try_first"), M3,
             "呼和浩特市",
             status=S),
    DemoNeed("mengru", 30, "奶酪副产乳清怎么用",
             "做奶酪产生的乳清现在基本是低价卖掉，想做成乳清蛋白粉或者发酵饮料，提高附加值。要求设备投入别太大。",
             Industry.DAIRY_FOOD, "乳清 乳清蛋白 奶酪 副产物", (20, 100), ("staged", "royalty"), Y1,
             "呼和浩特市"),
    DemoNeed("mengru", 9, "奶皮子奶豆腐保鲜期太短",
             "传统奶制品奶皮子、奶豆腐，常温放不了几天，想上电商卖到区外，需要延长货架期又不加太多防腐剂的办法。",
             Industry.DAIRY_FOOD, "奶豆腐 保鲜 货架期 传统奶制品", (3, 15), ("try_first",), M6, "锡林郭勒盟"),
    DemoNeed("lvqing", 50, "PEM电解槽膜电极寿命短",
             "做光伏配套的制氢装备，PEM electrolyser 的膜电极（MEA）跑一两千小时性能就掉，铱用量也高。"
             "想找低铱催化剂或者长寿命膜电极的技术。", Industry.NEW_ENERGY,
             "PEM 膜电极 电解水制氢 低铱催化剂",
             (50, 200), ("staged", "royalty"), Y1, "鄂尔多斯市", UNI),
    DemoNeed("lvqing", 34, "光伏制氢的功率波动咋处理",
             "光伏出力一会高一会低，碱性电解槽跟不上，频繁启停伤设备。想找电源控制或者调度的方法，PLC上能实现最好。",
             Industry.NEW_ENERGY, "光伏制氢 碱性电解槽 功率波动 PLC", (10, 60), ("flat", "try_first"), M6,
             "鄂尔多斯市", status=T),
    DemoNeed("lvqing", 6, "储氢罐检测",
             "高压储氢气瓶出厂和定检想用无损检测，现在靠人工看不放心，求相关的检测装置或者方法专利。",
             Industry.EQUIPMENT, "储氢 气瓶 无损检测", (None, 20), (), M3, "鄂尔多斯市"),
    DemoNeed("meihua", 47, "煤气化废水处理成本高",
             "煤制甲醇厂的气化废水酚、氨氮高，现在处理成本太高，想找更省钱的预处理或者生化工艺。",
             Industry.COAL_CHEMICALS, "煤气化 废水 酚氨 生化处理", (30, 150), ("staged",), Y1, "乌海市"),
    DemoNeed("meihua", 26, "氟化工副产氯化氢利用",
             "园区氟化工企业副产的氯化氢和含氟废渣多，想找资源化利用的技术，能变成产品的最好。",
             Industry.COAL_CHEMICALS, "氟化工 氯化氢 含氟废渣 资源化", (20, 100), ("flat", "royalty"), LONG,
             "乌海市", UNI),
    DemoNeed("meihua", 15, "车间上MES，想要能接老设备的",
             "我们是中型煤化工企业，想上MES系统，老DCS和仪表比较杂，要能采集这些数据做能耗分析。学校有做工业互联网的吗",
             Industry.INFORMATION, "MES 工业互联网 DCS 能耗分析", (10, 40), ("flat",), M6, "乌海市",
             status=C),
    DemoNeed("caoyuan", 52, "肉羊冬春季掉膘",
             "合作社养了两千多只羊，冬春枯草期掉膘厉害，产羔也受影响。想找便宜点的补饲配方或者青贮技术。",
             Industry.AGRICULTURE_LIVESTOCK, "肉羊 补饲 青贮 舍饲", (2, 10), ("try_first", "flat"), M3,
             "赤峰市"),
    DemoNeed("caoyuan", 37, "退化草场怎么修复",
             "承包的草场沙化退化，牧草越来越稀，想做补播改良，求适合干旱区的草种搭配和免耕补播的技术。",
             Industry.ENVIRONMENT, "草原生态 退化草地 补播 修复", (None, 20), (), Y1, "锡林郭勒盟"),
    DemoNeed("caoyuan", 20, "羊绒分梳后短绒落毛再利用",
             "收绒后分梳剩下的短绒、落毛卖不上价，想做成毡或者填充料，或者有别的高值化利用办法也行",
             Industry.OTHER, "羊绒 分梳 短绒 高值化", (3, 20), ("flat",), M6, "赤峰市", status=S),
    DemoNeed("caoyuan", 4, "牛羊常见病想用蒙药防治",
             "想少用抗生素，听说有蒙药方子治牛羊腹泻、呼吸道病，想找有实验数据的兽用蒙药制剂技术。",
             Industry.BIOMEDICINE, "蒙药 兽药 腹泻 减抗", (5, 30), ("try_first",), M6, "通辽市"),
    DemoNeed("yumi", 44, "玉米芯和秸秆能做啥",
             "玉米深加工厂周边秸秆、玉米芯多，想做木糖、糠醛或者生物质燃料，找成熟工艺，投资别太大",
             Industry.AGRICULTURE_LIVESTOCK, "玉米芯 秸秆 木糖 生物质", (30, 120), ("staged", "royalty"), Y1,
             "通辽市"),
    DemoNeed("yumi", 18, "马铃薯淀粉废水处理",
             "准备在乌兰察布收购一家马铃薯淀粉厂，薯汁水COD很高，想回收蛋白顺便把废水处理达标。",
             Industry.DAIRY_FOOD, "马铃薯 淀粉废水 蛋白回收", (20, 80), ("flat", "staged"), M6, "乌兰察布市",
             status=T),
    DemoNeed("hetao", 39, "河套灌区滴灌堵头问题",
             "黄河水含沙多，膜下滴管的滴头老是堵，农户不愿意用。想要抗堵塞的滴灌带或者过滤的办法，能便宜点。",
             Industry.AGRICULTURE_LIVESTOCK, "节水灌溉 滴灌 抗堵塞 过滤", (5, 30), ("try_first", "flat"), M3,
             "巴彦淖尔市"),
    DemoNeed("fengdian", 24, "风机叶片冬天结冰",
             "锡盟冬季风机叶片结冰停机，发电量损失大。想找叶片除冰或者防冰涂层的技术，还有结冰早期检测。",
             Industry.NEW_ENERGY, "风电 叶片 结冰 除冰 涂层", (20, 100), ("staged",), Y1, "锡林郭勒盟",
             status=C),
)


def _posted(today: date, days_ago: int) -> datetime:
    """09:30 in Shanghai, `days_ago` days before `today`, as a UTC instant."""
    return datetime.combine(today - timedelta(days=days_ago), time(9, 30), SHANGHAI).astimezone(UTC)


def seed_needs(today: date) -> int:
    """Post the demo needs, unless any need exists; returns how many were created."""
    if db.session.scalar(select(Need.id).limit(1)) is not None:
        return 0
    users = {user.email: user
             for user in db.session.scalars(select(User).where(User.enterprise_id.is_not(None)))}
    created = 0
    for item in NEEDS:
        user = users.get(f"{item.user}@{data.EMAIL_DOMAIN}")
        if user is None:
            continue
        low, high = item.budget_wan
        posted = _posted(today, item.days_ago)
        need = services.create_need(user, services.NeedDetails(
            title=item.title, description=item.description, industry=item.industry,
            keywords=tuple(split_keywords(item.keywords)),
            budget_min_fen=low * WAN if low is not None else None,
            budget_max_fen=high * WAN if high is not None else None,
            plan_kinds=item.plan_kinds, timeline=item.timeline, region=item.region,
            visibility=item.visibility,
        ), posted)
        if item.status != NeedStatus.OPEN:
            moved = posted + timedelta(days=max(1, item.days_ago // 2))
            services.move_need(need, item.status, user, moved)
        created += 1
    db.session.flush()
    return created
