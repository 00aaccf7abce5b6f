"""代理公司 profile (rule book 004): 业务部, 市场部, 客服部, 财务部, 行政部 (行政部 runs HR)."""

DEPARTMENTS = [
    ("HQ", "公司管理层", "hq", None, "审批业务承接、预算与重大事项。"),
    ("BIZ", "业务部", "dept", "HQ", "拓展客户资源，制定并执行代理方案，维护客户关系。"),
    ("MKT", "市场部", "dept", "HQ", "市场推广策略、市场调研、展会与研讨会。"),
    ("CS", "客服部", "dept", "HQ", "受理咨询、投诉和建议，跟进代理业务进展。"),
    ("FIN", "财务部", "dept", "HQ", "财务预算与成本控制，审核费用，开具发票与收款。"),
    ("ADM", "行政部", "dept", "HQ", "行政、会议、办公用品与设备、档案、人力资源。"),
]

POSITIONS = [
    ("GM", "总经理", "公司管理层。"),
    ("SYS", "系统管理员", "维护系统账号、权限与基础数据。"),
    ("BIZ-MGR", "业务部经理", "审核业务承接、执行计划与结算申请。"),
    ("BIZ", "业务专员", "业务承接、执行与结算。"),
    ("MKT-MGR", "市场部经理", "市场推广。"),
    ("CS-MGR", "客服部经理", "客户服务与投诉处理。"),
    ("FIN-MGR", "财务部经理", "预算、审核、开票收款。"),
    ("ADM-MGR", "行政部经理", "行政与人力资源。"),
]

PEOPLE = [
    ("admin", "管理员", "M", "HQ", "SYS", ["Admin"], None, "regular"),
    ("boss", "雷振宇", "M", "HQ", "GM", ["Executive"], None, "regular"),
    ("auditor", "温雅", "F", "HQ", "SYS", ["Auditor"], "boss", "regular"),
    ("biz_head", "贺斌", "M", "BIZ", "BIZ-MGR", ["Department head"], "boss", "regular"),
    ("biz1", "龚丽", "F", "BIZ", "BIZ", ["Frontline"], "biz_head", "regular"),
    ("mkt_head", "邱凯", "M", "MKT", "MKT-MGR", ["Department head", "Marketing"], "boss",
     "regular"),
    ("cs_head", "薛敏", "F", "CS", "CS-MGR", ["Department head", "Customer service"], "boss",
     "regular"),
    ("finance", "秦海", "M", "FIN", "FIN-MGR", ["Finance"], "boss", "regular"),
    ("hr", "姚佳", "F", "ADM", "ADM-MGR", ["HR"], "boss", "regular"),
]

HEADS = {"HQ": "boss", "BIZ": "biz_head", "MKT": "mkt_head", "CS": "cs_head",
         "FIN": "finance", "ADM": "hr"}
