"""The matchmaking profile's organisation (DESIGN §2): departments, positions, demo people."""

# code, name, kind, parent code, duties (from rule book 000 一、部門設置與職責)
DEPARTMENTS = [
    ("HQ", "总部", "hq", None, "公司整体经营管理、战略规划与重大决策。"),
    ("ADM", "行政部", "dept", "HQ",
     "负责公司日常行政事务、人事招聘、员工培训、办公用品管理及后勤保障等工作。"),
    ("FIN", "财务部", "dept", "HQ",
     "负责公司财务预算、成本控制、收支核算、资金管理及财务报表编制等工作。"),
    ("MKT", "市场部", "dept", "HQ",
     "负责市场调研、品牌推广、活动策划与执行，拓展客户资源，提高公司知名度。"),
    ("TH", "天河店", "store", "HQ", "天河门店：接待、红娘服务与客服。"),
    ("TH-MM", "天河红娘部", "dept", "TH",
     "负责客户接待、资料收集、匹配推荐、约见安排及跟进服务，促成客户婚恋成功。"),
    ("TH-CS", "天河客服部", "dept", "TH",
     "负责客户咨询解答、投诉处理、回访调查及客户关系维护，提高客户满意度。"),
    ("YX", "越秀店", "store", "HQ", "越秀门店：接待、红娘服务与客服。"),
    ("YX-MM", "越秀红娘部", "dept", "YX",
     "负责客户接待、资料收集、匹配推荐、约见安排及跟进服务，促成客户婚恋成功。"),
    ("YX-CS", "越秀客服部", "dept", "YX",
     "负责客户咨询解答、投诉处理、回访调查及客户关系维护，提高客户满意度。"),
]

# code, name, duties
POSITIONS = [
    ("GM", "总经理", "全面负责公司经营管理，审批预算与重大事项。"),
    ("AUD", "审计专员", "内部审计，查阅全部业务与财务记录。"),
    ("SYS", "系统管理员", "维护系统账号、权限与基础数据。"),
    ("HR-HEAD", "行政主管", "主管行政、人事、培训与考核。"),
    ("FIN-HEAD", "财务主管", "主管预算、成本控制与资金管理。"),
    ("MKT-HEAD", "市场主管", "主管市场调研、品牌推广与活动。"),
    ("STORE-MGR", "门店经理", "全面负责门店经营、人员与服务质量。"),
    ("MM-HEAD", "红娘主管", "带领红娘团队，审核客户资料，分配客户。"),
    ("MM", "红娘", "客户接待、资料收集、匹配推荐、约见安排与跟进。"),
    ("CS-HEAD", "客服主管", "主管投诉处理、回访与客户关系维护。"),
    ("CS", "客服专员", "受理咨询与投诉，回访调查。"),
]

# username, name, gender, department code, position code, roles, manager username, status
PEOPLE = [
    ("admin", "管理员", "M", "HQ", "SYS", ["Admin"], None, "regular"),
    ("boss", "陈志远", "M", "HQ", "GM", ["Executive"], None, "regular"),
    ("auditor", "林雅琴", "F", "HQ", "AUD", ["Auditor"], "boss", "regular"),
    ("hr", "黄丽华", "F", "ADM", "HR-HEAD", ["HR"], "boss", "regular"),
    ("finance", "周建国", "M", "FIN", "FIN-HEAD", ["Finance"], "boss", "regular"),
    ("mkt_head", "吴嘉欣", "F", "MKT", "MKT-HEAD", ["Department head", "Marketing"], "boss",
     "regular"),
    ("th_manager", "李永明", "M", "TH", "STORE-MGR", ["Department head"], "boss", "regular"),
    ("th_mm_head", "张美玲", "F", "TH-MM", "MM-HEAD", ["Department head", "Frontline"],
     "th_manager", "regular"),
    ("th_mm1", "王晓燕", "F", "TH-MM", "MM", ["Frontline"], "th_mm_head", "regular"),
    ("th_mm2", "刘芳", "F", "TH-MM", "MM", ["Frontline"], "th_mm_head", "probation"),
    ("th_cs_head", "赵敏", "F", "TH-CS", "CS-HEAD", ["Department head", "Customer service"],
     "th_manager", "regular"),
    ("th_cs1", "孙佳怡", "F", "TH-CS", "CS", ["Customer service"], "th_cs_head", "probation"),
    ("yx_manager", "郑国强", "M", "YX", "STORE-MGR", ["Department head"], "boss", "regular"),
    ("yx_mm_head", "何静", "F", "YX-MM", "MM-HEAD", ["Department head", "Frontline"],
     "yx_manager", "regular"),
    ("yx_mm1", "马丽娟", "F", "YX-MM", "MM", ["Frontline"], "yx_mm_head", "regular"),
    ("yx_cs_head", "罗文军", "M", "YX-CS", "CS-HEAD", ["Department head", "Customer service"],
     "yx_manager", "regular"),
    ("yx_cs1", "梁颖", "F", "YX-CS", "CS", ["Customer service"], "yx_cs_head", "regular"),
]

HEADS = {"HQ": "boss", "ADM": "hr", "FIN": "finance", "MKT": "mkt_head", "TH": "th_manager",
         "TH-MM": "th_mm_head", "TH-CS": "th_cs_head", "YX": "yx_manager",
         "YX-MM": "yx_mm_head", "YX-CS": "yx_cs_head"}
