"""The demo records. Universities are real; enterprises and people are invented."""

from __future__ import annotations

from marketplace.accounts.models import AccountStatus, Role
from marketplace.organisations.models import SizeClass

DEMO_PASSWORD = "Demo2026pass"  # noqa: S105 - documented in the README, demo data only

UNIVERSITIES = [
    # name, short name, city, IP centre, website
    ("内蒙古大学", "内大", "呼和浩特市", "内蒙古大学知识产权信息服务中心", "https://www.imu.edu.cn"),
    ("内蒙古工业大学", "内工大", "呼和浩特市", "内蒙古工业大学技术转移中心", "https://www.imut.edu.cn"),
    ("内蒙古农业大学", "内农大", "呼和浩特市", "内蒙古农业大学知识产权信息服务中心",
     "https://www.imau.edu.cn"),
    ("内蒙古科技大学", "内科大", "包头市", "内蒙古科技大学技术转移中心", "https://www.imust.edu.cn"),
    ("内蒙古师范大学", "内师大", "呼和浩特市", "内蒙古师范大学知识产权信息服务中心",
     "https://www.imnu.edu.cn"),
    ("内蒙古医科大学", "内医大", "呼和浩特市", "内蒙古医科大学技术转移中心", "https://www.immu.edu.cn"),
    ("内蒙古民族大学", "内民大", "通辽市", "内蒙古民族大学技术转移中心", "https://www.imun.edu.cn"),
    ("内蒙古财经大学", "内财大", "呼和浩特市", "内蒙古财经大学知识产权信息服务中心",
     "https://www.imufe.edu.cn"),
    ("赤峰学院", "赤院", "赤峰市", "赤峰学院技术转移中心", ""),
    ("呼伦贝尔学院", "呼院", "呼伦贝尔市", "呼伦贝尔学院技术转移中心", ""),
    ("河套学院", "河院", "巴彦淖尔市", "河套学院技术转移中心", ""),
]

ENTERPRISES = [
    # name, region code, organisation-code body (8 chars), size, specialised, industry
    ("包头稀宝新材料科技有限公司", "150200", "MA0N7K3R", SizeClass.SMALL, True, "稀土新材料"),
    ("呼和浩特蒙乳生物科技有限公司", "150100", "MA0Q2H8D", SizeClass.MEDIUM, False, "乳制品加工"),
    ("鄂尔多斯绿氢能源装备有限公司", "150600", "MA7G5L1C", SizeClass.SMALL, True, "氢能与新能源装备"),
    ("乌海煤化清洁技术有限公司", "150300", "MA0R4J6P", SizeClass.MEDIUM, False, "现代煤化工"),
    ("赤峰草原牧业科技有限公司", "150400", "MA1B8T2W", SizeClass.MICRO, False, "畜牧养殖"),
    ("通辽玉米深加工生物有限公司", "150500", "MA0U6E9F", SizeClass.SMALL, False, "玉米深加工"),
    ("巴彦淖尔河套农业科技有限公司", "150800", "MA3C1M5N", SizeClass.MICRO, True, "节水农业"),
    ("锡林郭勒风电运维服务有限公司", "152500", "MA0X9D4H", SizeClass.SMALL, False, "风电运维"),
    ("包头钢联精密铸造有限公司", "150200", "MA0P3W7K", SizeClass.SMALL, True, "冶金及精密铸造"),
    ("呼和浩特云谷数据科技有限公司", "150100", "MA0T8L2Q", SizeClass.MICRO, False, "大数据服务"),
    ("鄂尔多斯恒泰节能环保科技有限公司", "150600", "MA1D4R6Y", SizeClass.MEDIUM, False, "节能环保"),
    ("通辽蒙药制药有限公司", "150500", "MA0K7T3B", SizeClass.SMALL, True, "蒙药制药"),
    ("乌兰察布马铃薯种业有限公司", "150900", "MA2E5N8W", SizeClass.SMALL, False, "马铃薯种业"),
    # A company in the directory without an account on the platform yet.
    ("赤峰金峰冶炼科技有限公司", "150400", "MA0W2G9J", SizeClass.MEDIUM, False, "有色金属冶炼"),
]

# e-mail local part, name, role, status, university name or enterprise name (or None)
USERS = [
    ("admin", "平台管理员", Role.ADMIN, AccountStatus.ACTIVE, None),
    ("organiser", "自治区知识产权服务中心 刘洋", Role.ORGANISER, AccountStatus.ACTIVE, None),
    ("imu", "王建国", Role.UNIVERSITY_STAFF, AccountStatus.ACTIVE, "内蒙古大学"),
    ("imut", "李晓梅", Role.UNIVERSITY_STAFF, AccountStatus.ACTIVE, "内蒙古工业大学"),
    ("imust", "赵志强", Role.UNIVERSITY_STAFF, AccountStatus.ACTIVE, "内蒙古科技大学"),
    ("imau", "高娜", Role.UNIVERSITY_STAFF, AccountStatus.PENDING, "内蒙古农业大学"),
    ("imnu", "吴敏", Role.UNIVERSITY_STAFF, AccountStatus.ACTIVE, "内蒙古师范大学"),
    ("immu", "乌云", Role.UNIVERSITY_STAFF, AccountStatus.ACTIVE, "内蒙古医科大学"),
    ("imun", "包金花", Role.UNIVERSITY_STAFF, AccountStatus.ACTIVE, "内蒙古民族大学"),
    ("cfxy", "韩冬", Role.UNIVERSITY_STAFF, AccountStatus.ACTIVE, "赤峰学院"),
    ("hetaoxy", "杨帆", Role.UNIVERSITY_STAFF, AccountStatus.ACTIVE, "河套学院"),
    ("xibao", "张伟", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "包头稀宝新材料科技有限公司"),
    ("mengru", "陈静", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "呼和浩特蒙乳生物科技有限公司"),
    ("lvqing", "孙浩", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "鄂尔多斯绿氢能源装备有限公司"),
    ("meihua", "周磊", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "乌海煤化清洁技术有限公司"),
    ("caoyuan", "巴特尔", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "赤峰草原牧业科技有限公司"),
    ("yumi", "刘丽", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "通辽玉米深加工生物有限公司"),
    ("hetao", "郝军", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "巴彦淖尔河套农业科技有限公司"),
    ("fengdian", "其木格", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "锡林郭勒风电运维服务有限公司"),
    ("ganglian", "王磊", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "包头钢联精密铸造有限公司"),
    ("yungu", "李娜", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "呼和浩特云谷数据科技有限公司"),
    ("hengtai", "张勇", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "鄂尔多斯恒泰节能环保科技有限公司"),
    ("mengyao", "额尔敦", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "通辽蒙药制药有限公司"),
    ("malingshu", "赵芳", Role.ENTERPRISE_USER, AccountStatus.ACTIVE, "乌兰察布马铃薯种业有限公司"),
]

EMAIL_DOMAIN = "demo.nmgpatent.cn"
