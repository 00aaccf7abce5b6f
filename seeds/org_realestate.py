"""新链家 profile (rule book 003): HQ functions and stores (门店) with their own staff."""

DEPARTMENTS = [
    ("HQ", "总部", "hq", None, "战略规划、品牌与标准制定。"),
    ("HR", "人力资源部", "dept", "HQ", "招聘、培训、绩效考核、薪酬福利。"),
    ("MKT", "市场运营部", "dept", "HQ", "市场调研、品牌推广、运营支持。"),
    ("FIN", "财务管理部", "dept", "HQ", "预算、核算、资金与风险控制。"),
    ("TECH", "技术支持部", "dept", "HQ", "系统与数据支持。"),
    ("CS", "客户服务部", "dept", "HQ", "客户反馈与投诉处理、服务标准。"),
    ("S01", "天河北门店", "store", "HQ", "门店业务：房源、客源、带看、成交。"),
    ("S02", "珠江新城门店", "store", "HQ", "门店业务：房源、客源、带看、成交。"),
]

POSITIONS = [
    ("GM", "总经理", "全面负责公司经营。"),
    ("SYS", "系统管理员", "维护系统账号、权限与基础数据。"),
    ("HR-HEAD", "人力资源经理", "招聘、培训、考核。"),
    ("MKT-HEAD", "市场运营经理", "市场与运营。"),
    ("FIN-HEAD", "财务经理", "预算与财务。"),
    ("CS-HEAD", "客服经理", "客户反馈与处理。"),
    ("STORE-MGR", "店长", "门店经营、人员与服务质量。"),
    ("AGENT", "经纪人", "房源客源开发、带看与成交。"),
]

PEOPLE = [
    ("admin", "管理员", "M", "HQ", "SYS", ["Admin"], None, "regular"),
    ("boss", "高建平", "M", "HQ", "GM", ["Executive"], None, "regular"),
    ("auditor", "方琳", "F", "HQ", "SYS", ["Auditor"], "boss", "regular"),
    ("hr", "孔丽君", "F", "HR", "HR-HEAD", ["HR"], "boss", "regular"),
    ("mkt_head", "程浩", "M", "MKT", "MKT-HEAD", ["Department head", "Marketing"], "boss",
     "regular"),
    ("finance", "江海燕", "F", "FIN", "FIN-HEAD", ["Finance"], "boss", "regular"),
    ("cs_head", "袁芳", "F", "CS", "CS-HEAD", ["Department head", "Customer service"], "boss",
     "regular"),
    ("s01_manager", "魏强", "M", "S01", "STORE-MGR", ["Department head"], "boss", "regular"),
    ("s01_agent1", "潘明", "M", "S01", "AGENT", ["Frontline"], "s01_manager", "regular"),
    ("s02_manager", "杜晓东", "M", "S02", "STORE-MGR", ["Department head"], "boss", "regular"),
    ("s02_agent1", "傅雅", "F", "S02", "AGENT", ["Frontline"], "s02_manager", "probation"),
]

HEADS = {"HQ": "boss", "HR": "hr", "MKT": "mkt_head", "FIN": "finance", "CS": "cs_head",
         "S01": "s01_manager", "S02": "s02_manager"}
