"""Catalogue search benchmark: 100,000 synthetic university patents, 20 typical queries.

    python -m bench.catalogue [--patents 100000] [--repeat 15] [--database-url URL]

Builds a fresh database (a SQLite file in a temporary directory unless --database-url is given; a
PostgreSQL database has its `public` schema dropped and recreated), migrates it, bulk-inserts
seeded, realistic patents of Inner Mongolia's universities, rebuilds the full-text index, then
times `search()` (one page of results plus every facet count) for queries an SME would type.
Prints a table and writes bench/results/catalogue.json.
"""

# ruff: noqa: S311
# (S311: `random` only composes reproducible synthetic data here; nothing security-related.)

from __future__ import annotations

import argparse
import gc
import json
import platform
import sqlite3
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

from flask import Flask
from sqlalchemy import insert, select, text

from marketplace.core.application_number import PatentType
from marketplace.core.patent_fields import Industry, LegalStatus

SEED = 2026
CHUNK = 5_000
REFERENCE_DAY = date(2026, 1, 1)  # "today" for the data: grants and legal status are as of this day
STAMP = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)  # created_at / updated_at of every generated row
TARGET_P95_MS = 50.0
RESULTS = Path(__file__).resolve().parent / "results" / "catalogue.json"

UNIVERSITIES = (
    "内蒙古大学", "内蒙古工业大学", "内蒙古农业大学", "内蒙古科技大学", "内蒙古师范大学", "内蒙古医科大学",
    "内蒙古民族大学", "内蒙古财经大学", "赤峰学院", "呼伦贝尔学院", "河套学院",
)
# type digit of the application number -> (patent type, share of the catalogue)
TYPE_DIGITS = {"1": (PatentType.INVENTION, 0.80), "2": (PatentType.UTILITY_MODEL, 0.17),
               "3": (PatentType.DESIGN, 0.03)}
ENGLISH_SHARE = 0.05
FIRST_YEAR, LAST_YEAR = 2005, 2024

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国志海峰鹏宇浩晓红云飞鑫博琳慧婷雪东"
MONGOLIAN_NAMES = ("巴特尔", "乌云其木格", "额尔敦", "苏日娜", "孟和", "图雅", "斯琴", "包呼和", "宝音",
                   "阿拉坦")
PARTS = ("机架", "壳体", "底座", "控制器", "驱动电机", "支撑架", "传动机构", "进料口", "出料口", "显示屏",
         "储料仓", "连接管", "传感器", "密封圈", "散热片", "调节阀")

INVENTION_TITLES = (
    "一种{adj}{term}的制备方法", "{term}{device}及其{process}", "一种基于{term}的{device}",
    "一种{term}的{process}", "{adj}{term}及其应用", "一种用于{term}的{device}", "一种{adj}{term}{device}",
)
UTILITY_TITLES = ("一种{term}{device}", "一种用于{term}的{device}", "一种{adj}{term}{device}")
DESIGN_TITLES = ("{term}{device}", "{device}（{term}）")
CLOSING = (
    "本发明工艺简单、成本低廉，适于规模化工业生产。", "该技术适合在内蒙古地区推广应用，经济效益显著。",
    "所述方法操作方便，原料来源广泛，易于实现产业化。", "该方案能耗低、环境友好，具有良好的应用前景。",
)
PROBLEMS = ("成本高", "效率低", "性能不稳定", "能耗大", "污染严重", "工艺复杂", "使用寿命短")
SHAPES = ("长方体", "圆柱形", "流线型", "扁平盒状", "多边形")
ENGLISH_CLOSING = (
    "The method is simple, low in cost and suitable for industrial production.",
    "The solution has a simple structure and is easy to maintain.",
    "It reduces energy consumption and is environmentally friendly.",
)


@dataclass(frozen=True)
class Vocabulary:
    """The words one industry's patents are written in, and where they are classified."""

    industry: Industry
    weight: int
    sector: str
    terms: tuple[str, ...]
    adjectives: tuple[str, ...]
    devices: tuple[str, ...]
    processes: tuple[str, ...]
    materials: tuple[str, ...]
    steps: tuple[str, ...]
    benefits: tuple[str, ...]
    keywords: tuple[str, ...]
    ipc: tuple[str, ...]
    universities: tuple[str, ...]
    english_field: str
    english_terms: tuple[str, ...]
    english_devices: tuple[str, ...]
    english_benefits: tuple[str, ...]


VOCABULARIES = (
    Vocabulary(
        Industry.RARE_EARTH_MATERIALS, 12, "稀土功能材料",
        ("稀土永磁材料", "钕铁硼磁体", "稀土抛光粉", "储氢合金", "稀土发光材料", "铈基抛光粉", "稀土镁合金",
         "烧结钕铁硼", "钐钴永磁体", "稀土荧光粉", "稀土掺杂陶瓷", "镧铈合金"),
        ("高矫顽力", "低重稀土", "高纯度", "纳米级", "高性能", "耐腐蚀", "超细", "高稳定性"),
        ("电机转子", "磁选装置", "抛光装置", "熔炼炉", "氢破碎装置", "取向压机"),
        ("制备方法", "熔炼工艺", "烧结工艺", "回收方法", "表面处理方法", "晶界扩散方法"),
        ("氧化镨钕", "白云鄂博稀土精矿", "废旧钕铁硼", "氯化稀土", "氧化铈", "金属镧"),
        ("配料", "真空熔炼", "氢破碎", "气流磨制粉", "取向压制", "烧结", "回火", "晶界扩散"),
        ("磁体的矫顽力提高15%以上", "重稀土用量降低30%", "抛光速率高且表面划痕少", "储氢容量大、循环寿命长",
         "稀土回收率达到98%以上"),
        ("稀土", "永磁", "钕铁硼", "抛光粉", "储氢合金", "晶界扩散", "矫顽力", "稀土回收"),
        ("H01F 1/057", "H01F 41/02", "C09K 3/14", "C22C 19/03", "C22C 1/02", "C01F 17/00", "C09K 11/77"),
        ("内蒙古科技大学", "内蒙古大学", "内蒙古工业大学"),
        "rare earth materials",
        ("Rare earth permanent magnet", "NdFeB magnet", "Cerium-based polishing powder",
         "Rare earth hydrogen storage alloy"),
        ("motor rotor", "sintering furnace", "recycling process", "grain boundary diffusion method"),
        ("The coercivity of the magnet is increased by more than 15%.",
         "The consumption of heavy rare earths is reduced."),
    ),
    Vocabulary(
        Industry.NEW_ENERGY, 12, "新能源",
        ("光伏组件", "风电机组", "氢能", "锂电池", "储能电池", "电解水制氢", "光伏支架", "风力发电机叶片",
         "锂离子电池正极材料", "硅碳负极材料", "光热发电", "氢燃料电池"),
        ("高效", "长寿命", "智能", "低成本", "大容量", "双面", "柔性", "高安全"),
        ("清洗机器人", "逆变器", "控制系统", "热管理系统", "监测装置", "电解槽"),
        ("制备方法", "控制方法", "运维方法", "故障诊断方法", "功率预测方法", "回收方法"),
        ("磷酸铁锂", "硅碳负极", "单晶硅片", "电解液", "石墨", "镍钴锰三元材料"),
        ("浆料制备", "涂布", "辊压", "分切", "组装", "化成", "电解", "封装"),
        ("光电转换效率提高2%", "电池循环寿命超过3000次", "风电机组发电量提升5%", "制氢能耗明显降低",
         "储能系统的安全性大幅提高"),
        ("光伏", "风电", "氢能", "锂电池", "储能", "电解水", "燃料电池", "新能源"),
        ("H01M 10/0525", "H02S 20/30", "F03D 7/00", "H01L 31/18", "C25B 1/04", "H02J 3/32", "H01M 4/36"),
        ("内蒙古工业大学", "内蒙古大学", "内蒙古科技大学"),
        "new energy",
        ("Lithium battery electrode", "Photovoltaic module", "Wind turbine blade", "Hydrogen electrolyser",
         "Energy storage battery", "Lithium-ion battery cathode"),
        ("slurry mixer", "cleaning robot", "cooling system", "control method", "monitoring system"),
        ("The cycle life of the battery exceeds 3000 cycles.",
         "The power generation efficiency is improved."),
    ),
    Vocabulary(
        Industry.COAL_CHEMICALS, 9, "现代煤化工",
        ("煤气化", "煤焦油", "甲醇合成", "费托合成催化剂", "煤制烯烃", "兰炭", "煤直接液化", "合成气制乙二醇",
         "甲醇制芳烃催化剂", "煤气化灰渣", "焦炉煤气", "煤基活性炭"),
        ("高选择性", "高活性", "低能耗", "清洁", "高效", "耐硫"),
        ("反应器", "气化炉", "烧嘴", "分离装置", "换热器", "精馏塔"),
        ("制备方法", "加氢工艺", "分离方法", "综合利用方法", "净化方法", "再生方法"),
        ("褐煤", "煤焦油", "合成气", "兰炭", "煤气化渣", "焦炉煤气"),
        ("粉碎", "气化", "净化", "变换", "合成", "精馏", "催化加氢", "分离"),
        ("催化剂的选择性达到95%以上", "碳转化率显著提高", "废水排放量减少40%", "催化剂寿命延长一倍",
         "甲醇收率明显提高"),
        ("煤化工", "煤气化", "煤焦油", "甲醇", "催化剂", "合成气", "烯烃", "加氢"),
        ("C10J 3/00", "C10G 1/00", "C07C 29/151", "B01J 23/00", "C10C 1/00", "B01J 29/40", "C10B 53/02"),
        ("内蒙古工业大学", "内蒙古科技大学", "内蒙古大学"),
        "coal chemical industry",
        ("Coal gasification", "Coal tar hydrogenation", "Methanol synthesis catalyst", "Coal-to-olefins"),
        ("reactor", "burner", "preparation method", "separation unit"),
        ("The selectivity of the catalyst exceeds 95%.", "The carbon conversion rate is increased."),
    ),
    Vocabulary(
        Industry.METALLURGY, 10, "冶金及金属材料",
        ("高强度钢板", "耐磨钢", "稀土钢", "不锈钢", "铝合金", "镁合金铸件", "钢轨", "无缝钢管", "硅钢",
         "高温合金", "铜合金", "连铸坯"),
        ("高强韧", "耐腐蚀", "细晶", "低成本", "超薄", "耐高温"),
        ("轧机", "连铸机", "冷却装置", "铸造模具", "热处理炉", "矫直机"),
        ("轧制工艺", "热处理方法", "铸造方法", "冶炼方法", "焊接方法", "表面处理方法"),
        ("铁水", "废钢", "铝锭", "铬铁", "硅锰合金", "镁锭"),
        ("冶炼", "精炼", "连铸", "热轧", "冷轧", "退火", "淬火", "回火"),
        ("抗拉强度达到1500MPa以上", "耐磨性提高一倍", "成材率提高3%", "晶粒明显细化", "生产成本降低20%"),
        ("钢", "轧制", "铸造", "合金", "热处理", "连铸", "冶金", "钢铁"),
        ("C21D 8/02", "B21B 1/00", "B22D 11/00", "C22C 38/02", "C22C 21/00", "C21C 7/00", "B21B 37/74"),
        ("内蒙古科技大学", "内蒙古工业大学"),
        "metallurgy",
        ("High-strength steel plate", "Wear-resistant steel", "Aluminium alloy casting",
         "Continuous casting slab"),
        ("rolling process", "heat treatment method", "casting mould", "cooling device"),
        ("The tensile strength exceeds 1500 MPa.", "The wear resistance is doubled."),
    ),
    Vocabulary(
        Industry.DAIRY_FOOD, 8, "乳业及食品",
        ("乳酸菌", "奶酪", "乳清蛋白", "羊奶粉", "发酵乳", "益生菌", "酸奶", "奶皮子", "驼乳", "牛初乳",
         "乳酸菌饮料", "奶酪棒"),
        ("低乳糖", "高蛋白", "益生", "风味", "即食", "功能性"),
        ("发酵罐", "杀菌装置", "喷雾干燥塔", "灌装设备", "均质机", "包装盒"),
        ("制备方法", "发酵工艺", "加工方法", "检测方法", "保鲜方法", "应用"),
        ("生牛乳", "羊奶", "乳清", "酪蛋白", "脱脂乳粉", "驼奶"),
        ("均质", "杀菌", "接种", "乳酸发酵", "冷却", "浓缩", "喷雾干燥", "灌装"),
        ("产品风味浓郁、货架期延长至6个月", "活菌数达到10^9 CFU/g以上", "蛋白质含量提高20%",
         "乳糖含量降低90%", "营养成分保留率高"),
        ("乳酸菌", "奶酪", "乳清蛋白", "羊奶", "发酵乳", "益生菌", "乳制品", "乳业"),
        ("A23C 9/12", "C12N 1/20", "A23C 19/00", "A23J 1/20", "A23C 9/13", "A23L 33/135"),
        ("内蒙古农业大学", "内蒙古大学", "河套学院"),
        "dairy products",
        ("Lactic acid bacteria", "Goat milk powder", "Whey protein", "Cheese", "Fermented milk"),
        ("fermentation process", "drying device", "strain", "packaging line"),
        ("The shelf life is extended to six months.", "The viable count exceeds 10^9 CFU/g."),
    ),
    Vocabulary(
        Industry.AGRICULTURE_LIVESTOCK, 12, "现代农牧业",
        ("马铃薯", "燕麦", "牧草", "肉羊", "节水灌溉", "苜蓿", "向日葵", "绒山羊", "肉牛", "青贮饲料",
         "盐碱地改良", "滴灌"),
        ("抗旱", "高产", "优质", "智能", "精准", "节水"),
        ("收获机", "播种机", "饲喂装置", "灌溉系统", "羊舍", "除草装置"),
        ("种植方法", "育种方法", "饲养方法", "饲料配方", "栽培方法", "繁育方法"),
        ("马铃薯", "燕麦", "苜蓿", "玉米秸秆", "向日葵", "羊草"),
        ("选种", "整地", "播种", "施肥", "滴灌", "收获", "青贮", "饲喂"),
        ("亩产提高15%以上", "节水40%", "肉羊日增重提高20%", "饲料转化率明显提高", "出苗率达到95%"),
        ("马铃薯", "燕麦", "牧草", "肉羊", "节水灌溉", "苜蓿", "饲料", "养殖"),
        ("A01G 25/02", "A01B 79/00", "A01K 67/02", "A23K 50/10", "A01H 6/82", "A01D 17/00", "A01K 5/02"),
        ("内蒙古农业大学", "内蒙古民族大学", "河套学院", "赤峰学院", "呼伦贝尔学院"),
        "agriculture and animal husbandry",
        ("Potato", "Oat", "Forage grass", "Mutton sheep", "Drip irrigation"),
        ("harvester", "planting method", "feed formula", "control system", "seeder"),
        ("The yield per mu is increased by more than 15%.", "Water consumption is reduced by 40%."),
    ),
    Vocabulary(
        Industry.BIOMEDICINE, 9, "生物医药及蒙中医药",
        ("蒙药", "中药提取物", "布鲁氏菌疫苗", "抗肿瘤化合物", "肉苁蓉提取物", "沙棘黄酮", "单克隆抗体",
         "蒙药复方制剂", "中药组合物", "多糖", "检测试剂盒", "靶向药物"),
        ("高纯度", "缓释", "新型", "稳定", "高效"),
        ("提取装置", "检测装置", "制剂", "给药装置", "试剂盒"),
        ("制备方法", "提取方法", "检测方法", "应用", "质量控制方法"),
        ("肉苁蓉", "沙棘", "甘草", "黄芪", "锁阳", "麻黄"),
        ("粉碎", "提取", "浓缩", "纯化", "干燥", "制粒", "灭菌", "检测"),
        ("有效成分含量提高30%", "检测灵敏度高、特异性强", "毒副作用小", "生物利用度显著提高",
         "免疫保护率达到90%以上"),
        ("蒙药", "中药", "疫苗", "提取物", "多糖", "抗体", "药物", "检测"),
        ("A61K 36/00", "A61K 39/00", "A61P 35/00", "C12N 15/00", "A61K 36/48", "G01N 33/569"),
        ("内蒙古医科大学", "内蒙古民族大学", "内蒙古大学"),
        "biomedicine",
        ("Mongolian medicine", "Traditional Chinese medicine extract", "Brucellosis vaccine",
         "Anti-tumour compound"),
        ("preparation method", "pharmaceutical composition", "detection kit"),
        ("The content of active ingredients is increased by 30%.", "The detection sensitivity is high."),
    ),
    Vocabulary(
        Industry.EQUIPMENT, 10, "高端装备制造",
        ("工业机器人", "压力传感器", "谐波减速器", "温度传感器", "焊接机器人", "数控机床", "巡检机器人",
         "位移传感器", "液压支架", "智能刀具", "精密减速器", "机械臂"),
        ("高精度", "智能", "自适应", "轻量化", "模块化", "高可靠"),
        ("夹持装置", "标定装置", "试验台", "控制系统", "驱动装置", "检测装置"),
        ("控制方法", "标定方法", "装配方法", "故障诊断方法", "制造方法"),
        ("铝合金", "碳纤维", "聚氨酯", "不锈钢", "工程塑料"),
        ("采集", "处理", "驱动", "标定", "装配", "检测", "控制", "反馈"),
        ("定位精度达到0.01毫米", "测量误差小于0.5%", "设备故障率降低50%", "传动效率提高10%",
         "结构紧凑、体积小"),
        ("机器人", "传感器", "减速器", "数控", "机械臂", "装备", "检测", "控制"),
        ("B25J 9/16", "G01D 5/00", "F16H 1/32", "B23K 37/00", "G01L 1/18", "B23Q 17/00", "G01K 7/00"),
        ("内蒙古工业大学", "内蒙古科技大学", "内蒙古大学"),
        "equipment manufacturing",
        ("Industrial robot", "Pressure sensor", "Harmonic reducer", "Temperature sensor", "Welding robot"),
        ("gripper", "calibration method", "test bench", "control system"),
        ("The positioning accuracy reaches 0.01 mm.", "The measurement error of the sensor is below 0.5%."),
    ),
    Vocabulary(
        Industry.INFORMATION, 11, "电子信息",
        ("图像识别", "物联网", "深度学习算法", "无线传感器网络", "区块链", "边缘计算", "目标检测算法",
         "蒙古文识别", "遥感图像分割", "数据加密", "智能推荐算法", "数字孪生"),
        ("基于注意力机制的", "轻量级", "分布式", "实时", "高效", "安全"),
        ("系统", "平台", "终端", "网关", "装置", "模型"),
        ("方法", "训练方法", "识别方法", "调度方法", "加密方法", "检测方法"),
        ("遥感影像", "传感器数据", "视频流", "文本语料", "点云数据"),
        ("采集", "预处理", "特征提取", "训练", "识别", "传输", "存储", "可视化"),
        ("识别准确率达到98%以上", "计算量减少60%", "数据传输延迟降低", "系统能耗显著降低", "检测速度提高3倍"),
        ("算法", "图像识别", "物联网", "深度学习", "传感器", "神经网络", "大数据", "边缘计算"),
        ("G06F 16/00", "G06N 3/08", "G06T 7/00", "H04L 67/12", "G06V 10/82", "H04W 84/18", "G06Q 50/02"),
        ("内蒙古大学", "内蒙古工业大学", "内蒙古师范大学", "内蒙古财经大学"),
        "information technology",
        ("Image recognition", "Internet of Things", "Deep learning", "Wireless sensor network",
         "Mongolian text recognition"),
        ("algorithm", "system", "method", "platform"),
        ("The recognition accuracy exceeds 98%.", "The sensor nodes consume less energy."),
    ),
    Vocabulary(
        Industry.ENVIRONMENT, 7, "节能环保",
        ("焦化废水", "烟气脱硫", "粉煤灰", "固废", "脱硫石膏", "电解锰渣", "赤泥", "污泥", "脱硝催化剂",
         "废水处理", "煤矸石", "生活垃圾"),
        ("高效", "低成本", "资源化", "无害化", "节能", "一体化"),
        ("处理系统", "吸收塔", "反应器", "过滤装置", "焚烧炉", "除尘器"),
        ("处理方法", "资源化利用方法", "制备方法", "回收方法", "再生方法"),
        ("焦化废水", "粉煤灰", "脱硫石膏", "电解锰渣", "赤泥", "煤矸石"),
        ("预处理", "混凝", "沉淀", "过滤", "吸附", "脱硫", "固化", "资源化"),
        ("脱硫效率达到99%", "COD去除率超过90%", "固废综合利用率达到85%", "运行成本降低30%",
         "出水水质达到一级A标准"),
        ("废水", "脱硫", "固废", "粉煤灰", "资源化", "环保", "污泥", "脱硝"),
        ("C02F 9/00", "B01D 53/50", "B09B 3/00", "C02F 3/28", "C04B 18/08", "B01D 53/86", "C02F 11/00"),
        ("内蒙古工业大学", "内蒙古科技大学", "内蒙古大学", "内蒙古师范大学"),
        "environmental protection",
        ("Wastewater treatment", "Flue gas desulfurisation", "Fly ash utilisation", "Solid waste"),
        ("system", "process", "absorbent", "reactor"),
        ("The desulfurisation efficiency reaches 99%.", "The solid waste is fully reused."),
    ),
)


@dataclass(frozen=True)
class BenchQuery:
    """One timed query: the text typed and the facet filters chosen."""

    q: str = ""
    filters: dict[str, Any] = field(default_factory=dict)


QUERIES = (
    BenchQuery("稀土"), BenchQuery("光伏"), BenchQuery("乳酸"), BenchQuery("氢能"), BenchQuery("催化"),
    BenchQuery("传感"), BenchQuery("钢"), BenchQuery("羊"), BenchQuery("钕铁硼"), BenchQuery("乳酸菌"),
    BenchQuery("煤气化"), BenchQuery("储氢合金"), BenchQuery("节水灌溉"), BenchQuery("battery"),
    BenchQuery("sensor"), BenchQuery("稀土 永磁"),
    BenchQuery("光伏", {"industry": Industry.NEW_ENERGY}),
    BenchQuery("乳", {"trl": 6}),
    BenchQuery("", {"patent_type": PatentType.UTILITY_MODEL}),
    BenchQuery("催化剂", {"sort": "newest"}),
)


# --- set-up -----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.catalogue", description=__doc__.splitlines()[0])
    parser.add_argument("--patents", type=int, default=100_000, help="patents to generate (default 100000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query (default 15)")
    parser.add_argument("--database-url", default="",
                        help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    if not 1 <= args.patents <= 1_000_000 or args.repeat < 1:
        parser.error("--patents must be 1..1000000 and --repeat at least 1")
    return args


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// URLs are read as psycopg 3, as config.py does."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_app(database_url: str) -> Flask:
    from config import TestingConfig
    from marketplace import create_app

    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url)


def prepare_schema() -> None:
    """Migrate an empty database; a PostgreSQL one loses its `public` schema first."""
    from flask_migrate import upgrade

    from marketplace.extensions import db

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade()


# --- synthetic patents ------------------------------------------------------------------------------


def pick_weighted(rng: Random, choices: dict[Any, float]) -> Any:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def application_number(year: int, type_digit: str, serial: int) -> str:
    from marketplace.core.application_number import check_digit

    digits = f"{year}{type_digit}{serial:07d}"
    return f"{digits}.{check_digit(digits)}"


def inventors(rng: Random) -> str:
    names = [
        rng.choice(MONGOLIAN_NAMES) if rng.random() < 0.12
        else rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        for _ in range(rng.randint(2, 6))
    ]
    return "；".join(dict.fromkeys(names))


def chinese_title(rng: Random, vocab: Vocabulary, patent_type: PatentType) -> tuple[str, str]:
    """A Chinese title and the term it is about."""
    templates = {PatentType.INVENTION: INVENTION_TITLES, PatentType.UTILITY_MODEL: UTILITY_TITLES,
                 PatentType.DESIGN: DESIGN_TITLES}[patent_type]
    term = rng.choice(vocab.terms)
    title = rng.choice(templates).format(
        adj=rng.choice(vocab.adjectives), term=term, device=rng.choice(vocab.devices),
        process=rng.choice(vocab.processes),
    )
    return title, term


def chinese_abstract(rng: Random, vocab: Vocabulary, patent_type: PatentType, title: str) -> str:
    """Two to four sentences, about 120-250 characters: the field, how it works, what it achieves."""
    first, *rest = abstract_sentences(rng, vocab, patent_type, title)
    chosen = [first]
    for sentence in rest:
        enough = len("".join(chosen)) >= 120 and (len(chosen) >= 2 and rng.random() < 0.4)
        if len(chosen) == 4 or enough or len("".join(chosen)) + len(sentence) > 250:
            continue
        chosen.append(sentence)
    return "".join(chosen)


def abstract_sentences(rng: Random, vocab: Vocabulary, patent_type: PatentType, title: str) -> list[str]:
    """Candidate sentences of an abstract, in the order a patent agent writes them."""
    steps, parts = rng.sample(vocab.steps, 3), rng.sample(PARTS, 3)
    term, benefits = rng.choice(vocab.terms), rng.sample(vocab.benefits, 2)
    problem = f"通过优化{steps[1]}工艺，解决了现有{term}技术{rng.choice(PROBLEMS)}的问题。"
    if patent_type is PatentType.DESIGN:
        return [f"本外观设计产品的名称为{title}。",
                f"本外观设计产品用于{vocab.sector}领域，可与{rng.choice(vocab.devices)}配套使用。",
                f"产品主要由{parts[0]}和{parts[1]}组成，整体呈{rng.choice(SHAPES)}。",
                "本外观设计的设计要点在于产品的形状与图案，最能表明设计要点的图片为立体图。"]
    if patent_type is PatentType.UTILITY_MODEL:
        return [f"本实用新型涉及{vocab.sector}技术领域，具体涉及{title}。",
                f"所述装置包括{parts[0]}、{parts[1]}和{parts[2]}，{parts[0]}固定安装于{parts[1]}上，"
                f"并通过{parts[2]}实现{steps[0]}与{steps[1]}的联动。",
                problem, f"与现有技术相比，{benefits[0]}。", "本实用新型结构简单、安装维护方便、成本低。"]
    return [f"本发明公开了{title}，属于{vocab.sector}技术领域。",
            f"该方法以{rng.choice(vocab.materials)}为原料，依次经{steps[0]}、{steps[1]}和{steps[2]}等步骤，"
            f"在{rng.randrange(40, 1200, 10)}℃下处理{rng.randint(1, 24)}小时，制得{term}产品。",
            problem, f"与现有技术相比，{benefits[0]}，{benefits[1]}。", rng.choice(CLOSING)]


def english_text(rng: Random, vocab: Vocabulary) -> tuple[str, str, str]:
    """An English title, abstract and keywords (PCT filings and English-language ledgers)."""
    term, device = rng.choice(vocab.english_terms), rng.choice(vocab.english_devices)
    title = f"{term} {device}"
    abstract = " ".join([
        f"The invention discloses a {title.lower()} in the field of {vocab.english_field}.",
        rng.choice(vocab.english_benefits), rng.choice(ENGLISH_CLOSING),
    ])
    return title, abstract, "；".join(dict.fromkeys([term.lower(), vocab.english_field, device]))


def dates(rng: Random, year: int, patent_type: PatentType) -> tuple[date, date]:
    """Filing and grant dates: examination takes years for inventions, months otherwise."""
    filing = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    delay = {PatentType.INVENTION: (600, 1500), PatentType.UTILITY_MODEL: (150, 400),
             PatentType.DESIGN: (100, 300)}[patent_type]
    days_left = (REFERENCE_DAY - filing).days  # only granted patents are in the catalogue
    shortest, longest = min(delay[0], days_left // 2), min(delay[1], days_left)
    return filing, filing + timedelta(days=rng.randint(shortest, longest))


def legal_status(rng: Random, expiry: date) -> LegalStatus:
    if expiry < REFERENCE_DAY:
        return LegalStatus.EXPIRED
    return pick_weighted(rng, {LegalStatus.GRANTED: 0.85, LegalStatus.LAPSED: 0.11,
                               LegalStatus.INVALIDATED: 0.04})


def trl(rng: Random) -> int | None:
    if rng.random() < 0.3:
        return None
    return rng.choices(range(1, 10), weights=(2, 5, 9, 12, 12, 10, 6, 3, 1))[0]


def patent_row(rng: Random, vocab: Vocabulary, serial: int, university: tuple[int, str]) -> dict[str, Any]:
    """One patent as the column values of a bulk insert."""
    from marketplace.catalogue.facet_key import FacetValues, encode
    from marketplace.core.ipc import parse_ipc
    from marketplace.core.patent_term import expiry_date

    type_digit = pick_weighted(rng, {digit: share for digit, (_, share) in TYPE_DIGITS.items()})
    patent_type = TYPE_DIGITS[type_digit][0]
    year = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), weights=range(1, LAST_YEAR - FIRST_YEAR + 2))[0]
    filing, grant = dates(rng, year, patent_type)
    expiry = expiry_date(patent_type, filing)
    if rng.random() < ENGLISH_SHARE:
        title, abstract, keywords = english_text(rng, vocab)
    else:
        title, term = chinese_title(rng, vocab, patent_type)
        abstract = chinese_abstract(rng, vocab, patent_type, title)
        keywords = "；".join(dict.fromkeys([term, *rng.sample(vocab.keywords, rng.randint(2, 4))]))
    codes = rng.sample(vocab.ipc, rng.randint(1, 3)) if patent_type is not PatentType.DESIGN else []
    main = parse_ipc(codes[0]) if codes else None
    status, level = legal_status(rng, expiry), trl(rng)
    facets = FacetValues(
        str(patent_type), main.section if main else "", main.ipc_class if main else "",
        str(vocab.industry), university[0], str(status), level,
    )
    return {
        "university_id": university[0], "application_number": application_number(year, type_digit, serial),
        "patent_type": patent_type, "pct": False, "title": title, "abstract": abstract,
        "claims_summary": f"1. {title}，其特征在于：包括{rng.choice(vocab.steps)}步骤。",
        "ipc_codes": "；".join(codes), "ipc_section": facets.ipc_section, "ipc_class": facets.ipc_class,
        "inventors": inventors(rng), "patentees": university[1],
        "filing_date": filing, "grant_date": grant, "expiry_date": expiry,
        "legal_status": status, "industry": vocab.industry, "trl": level, "keywords": keywords,
        "archived": False, "facet_key": encode(facets), "created_at": STAMP, "updated_at": STAMP,
    }


def generate_rows(rng: Random, count: int, universities: dict[str, int]) -> Iterator[dict[str, Any]]:
    """`count` patents; each industry's patents come mostly from the universities strong in it."""
    serials = rng.sample(range(10_000_000), count)
    weights = [v.weight for v in VOCABULARIES]
    for serial in serials:
        vocab = rng.choices(VOCABULARIES, weights=weights)[0]
        name = rng.choice(vocab.universities) if rng.random() < 0.75 else rng.choice(UNIVERSITIES)
        yield patent_row(rng, vocab, serial, (universities[name], name))


def check_sample(rows: Sequence[dict[str, Any]]) -> None:
    """Feed a few rows through the real import validation and compare what it derives with ours."""
    from marketplace.catalogue.models import Patent
    from marketplace.catalogue.services import apply_record
    from marketplace.core.patent_record import validate_record

    for row in rows:
        cells = {key: "" if value is None else str(value) for key, value in row.items()}
        record, problems = validate_record(cells, REFERENCE_DAY)
        if record is None:
            raise RuntimeError(f"generated patent refused by validate_record: {problems}")
        patent = Patent(university_id=row["university_id"])
        apply_record(patent, record)
        for key in ("patent_type", "ipc_section", "ipc_class", "expiry_date", "industry", "legal_status",
                    "facet_key"):
            if getattr(patent, key) != row[key]:
                raise RuntimeError(f"generated {key} {row[key]!r} differs from apply_record's")


def insert_universities() -> dict[str, int]:
    from marketplace.extensions import db
    from marketplace.organisations.models import University

    db.session.execute(insert(University), [{"name": name, "created_at": STAMP} for name in UNIVERSITIES])
    return dict(db.session.execute(select(University.name, University.id)).all())


def insert_patents(rows: Iterator[dict[str, Any]]) -> int:
    from marketplace.catalogue.models import Patent
    from marketplace.extensions import db

    count = 0
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            if count == 0:
                check_sample(chunk[:200])
            db.session.execute(insert(Patent), chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        check_sample(chunk[:200])
        db.session.execute(insert(Patent), chunk)
        count += len(chunk)
    return count


def build_catalogue(count: int) -> tuple[float, float]:
    """Insert the universities and `count` patents, then index them; returns both durations (s)."""
    from marketplace.catalogue.search import reindex_all
    from marketplace.extensions import db

    started = time.perf_counter()
    universities = insert_universities()
    inserted = insert_patents(generate_rows(Random(SEED), count, universities))
    db.session.commit()
    generated = time.perf_counter()
    indexed = reindex_all()
    db.session.commit()
    finished = time.perf_counter()
    if inserted != count or indexed != count:
        raise RuntimeError(f"inserted {inserted} and indexed {indexed} of {count} patents")
    return generated - started, finished - generated


# --- timing -----------------------------------------------------------------------------------------


def percentile(values: Sequence[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def time_query(query: BenchQuery, repeat: int, labels: dict[str, Any]) -> tuple[int, list[float]]:
    """The result total and `repeat` timings (ms) of one query, after one warm-up run."""
    from marketplace.catalogue.search import SearchQuery, search

    search_query = SearchQuery(q=query.q, **query.filters)
    total = search(search_query, labels).page.total
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        search(search_query, labels)
        timings.append((time.perf_counter() - started) * 1000)
    return total, timings


def run_queries(app: Flask, repeat: int) -> list[dict[str, Any]]:
    """Time every query inside a request context, so facet labels are translated as on the real page."""
    from marketplace.catalogue.views import FACET_LABELS

    results = []
    with app.test_request_context("/patents"):
        for query in QUERIES:
            total, timings = time_query(query, repeat, FACET_LABELS)
            results.append({
                "q": query.q, "filters": {key: str(value) for key, value in query.filters.items()},
                "total": total, "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(percentile(timings, 95), 2), "timings_ms": timings,
            })
    return results


# --- report -----------------------------------------------------------------------------------------


def summarise(per_query: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    every = [t for entry in per_query for t in entry.pop("timings_ms")]
    return {
        **meta, "queries": len(per_query), "timed_calls": len(every),
        "p50_ms": round(statistics.median(every), 2), "p95_ms": round(percentile(every, 95), 2),
        "target_p95_ms": TARGET_P95_MS, "per_query": per_query,
    }


def describe(entry: dict[str, Any]) -> str:
    filters = " ".join(f"{key}={value}" for key, value in entry["filters"].items())
    return " ".join(part for part in (repr(entry["q"]) if entry["q"] else "", filters) if part)


def pad(cell: str, width: int) -> str:
    """`cell` left-aligned in `width` terminal columns (CJK characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)
    return cell + " " * max(0, width - used)


def print_report(report: dict[str, Any]) -> None:
    print(f"\n{report['patents']:,} patents on {report['database']}: generated in {report['generate_s']} s, "
          f"indexed in {report['index_s']} s; {report['repeat']} timed runs per query\n")
    print(f"{'query':<36}{'total':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for entry in report["per_query"]:
        numbers = f"{entry['total']:>8}{entry['p50_ms']:>10.2f}{entry['p95_ms']:>10.2f}"
        print(pad(describe(entry), 36) + numbers)
    verdict = "meets" if report["p95_ms"] < TARGET_P95_MS else "MISSES"
    print(f"\nall {report['timed_calls']} calls: p50 {report['p50_ms']:.2f} ms, "
          f"p95 {report['p95_ms']:.2f} ms ({verdict} the {TARGET_P95_MS:.0f} ms target)")


def write_report(report: dict[str, Any]) -> Path:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return RESULTS


def benchmark(app: Flask, patents: int, repeat: int) -> dict[str, Any]:
    from marketplace.extensions import db

    with app.app_context():
        prepare_schema()
        generate_s, index_s = build_catalogue(patents)
        database = db.engine.dialect.name
    # As wsgi.py does for a served app: what exists after start-up is never collected again.
    gc.collect()
    gc.freeze()
    per_query = run_queries(app, repeat)
    with app.app_context():
        db.engine.dispose()
    return summarise(per_query, {
        "patents": patents, "repeat": repeat, "database": database,
        "generate_s": round(generate_s, 2), "index_s": round(index_s, 2),
        "python": platform.python_version(), "sqlite_version": sqlite3.sqlite_version,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
    })


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as scratch:
        url = normalise_url(args.database_url) or f"sqlite:///{Path(scratch) / 'catalogue.db'}"
        report = benchmark(make_app(url), args.patents, args.repeat)
    print_report(report)
    print(f"\nwritten to {write_report(report)}")


if __name__ == "__main__":
    main()
