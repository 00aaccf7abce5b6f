"""产后修复中心 profile (rule book 002): 行政部 runs HR, finance and budgets."""

DEPARTMENTS = [
    ("HQ", "产后修复中心", "hq", None, "中心整体运营管理。"),
    ("ADM", "行政部", "dept", "HQ", "负责人事、财务、后勤等行政事务的管理；编制年度预算。"),
    ("BIZ", "业务部", "dept", "HQ", "负责客户拓展、咨询解答、订单处理等业务工作。"),
    ("TECH", "技术部", "dept", "HQ", "提供专业的产后修复技术支持，包括护理、康复训练等。"),
    ("CS", "客服部", "dept", "HQ", "与客户保持沟通，跟进服务进度，处理客户投诉和反馈。"),
]

POSITIONS = [
    ("GM", "中心总经理", "全面负责中心经营管理。"),
    ("SYS", "系统管理员", "维护系统账号、权限与基础数据。"),
    ("ADM-MGR", "行政经理", "全面负责行政部；人事、培训、绩效；财务收支与预算。"),
    ("HR", "人事专员", "招聘、入职离职、转正调岗、人事档案。"),
    ("ACC", "财务专员", "财务核算、报表、成本分析、预算监控。"),
    ("BIZ-MGR", "业务经理", "业务发展策略，管理业务团队，重大客户投诉。"),
    ("SALES", "销售代表", "开拓市场，解答咨询，签订订单，跟进订单。"),
    ("TECH-HEAD", "技术主管", "技术服务标准与流程，技术培训。"),
    ("THERAPIST", "产后修复师", "个性化修复方案，护理与康复训练。"),
    ("CS-HEAD", "客服主管", "客服计划与流程，处理重大投诉。"),
    ("CS", "客服专员", "咨询、投诉、回访。"),
]

PEOPLE = [
    ("admin", "管理员", "M", "HQ", "SYS", ["Admin"], None, "regular"),
    ("boss", "苏慧敏", "F", "HQ", "GM", ["Executive"], None, "regular"),
    ("auditor", "叶志诚", "M", "HQ", "SYS", ["Auditor"], "boss", "regular"),
    # 行政部 runs HR *and* finance here: the same person holds both roles.
    ("adm_head", "许晓红", "F", "ADM", "ADM-MGR", ["Department head", "HR", "Finance"], "boss",
     "regular"),
    ("hr", "邓丽", "F", "ADM", "HR", ["HR"], "adm_head", "regular"),
    ("finance", "曾伟", "M", "ADM", "ACC", ["Finance"], "adm_head", "regular"),
    ("biz_head", "彭振华", "M", "BIZ", "BIZ-MGR", ["Department head", "Marketing"], "boss",
     "regular"),
    ("sales1", "谢婷", "F", "BIZ", "SALES", ["Marketing"], "biz_head", "probation"),
    ("tech_head", "韩雪", "F", "TECH", "TECH-HEAD", ["Department head"], "boss", "regular"),
    ("therapist1", "唐静怡", "F", "TECH", "THERAPIST", ["Frontline"], "tech_head",
     "regular"),
    ("cs_head", "冯颖", "F", "CS", "CS-HEAD", ["Department head", "Customer service"], "boss",
     "regular"),
    ("cs1", "董佳", "F", "CS", "CS", ["Customer service"], "cs_head", "probation"),
]

HEADS = {"HQ": "boss", "ADM": "adm_head", "BIZ": "biz_head", "TECH": "tech_head",
         "CS": "cs_head"}
