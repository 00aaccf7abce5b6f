"""產後修復中心 profile (rule book 002): 行政部 runs HR, finance and budgets."""

DEPARTMENTS = [
    ("HQ", "產後修復中心", "hq", None, "中心整體運營管理。"),
    ("ADM", "行政部", "dept", "HQ", "負責人事、財務、后勤等行政事務的管理；編制年度預算。"),
    ("BIZ", "業務部", "dept", "HQ", "負責客戶拓展、咨詢解答、訂單處理等業務工作。"),
    ("TECH", "技術部", "dept", "HQ", "提供專業的產后修復技術支持，包括護理、康復訓練等。"),
    ("CS", "客服部", "dept", "HQ", "與客戶保持溝通，跟進服務進度，處理客戶投訴和反饋。"),
]

POSITIONS = [
    ("GM", "中心總經理", "全面負責中心經營管理。"),
    ("SYS", "系統管理員", "維護系統賬號、權限與基礎數據。"),
    ("ADM-MGR", "行政經理", "全面負責行政部；人事、培訓、績效；財務收支與預算。"),
    ("HR", "人事專員", "招聘、入職離職、轉正調崗、人事檔案。"),
    ("ACC", "財務專員", "財務核算、報表、成本分析、預算監控。"),
    ("BIZ-MGR", "業務經理", "業務發展策略，管理業務團隊，重大客戶投訴。"),
    ("SALES", "銷售代表", "開拓市場，解答咨詢，簽訂訂單，跟進訂單。"),
    ("TECH-HEAD", "技術主管", "技術服務標準與流程，技術培訓。"),
    ("THERAPIST", "產后修復師", "個性化修復方案，護理與康復訓練。"),
    ("CS-HEAD", "客服主管", "客服計劃與流程，處理重大投訴。"),
    ("CS", "客服專員", "咨詢、投訴、回訪。"),
]

PEOPLE = [
    ("admin", "管理員", "M", "HQ", "SYS", ["Admin"], None, "regular"),
    ("boss", "蘇慧敏", "F", "HQ", "GM", ["Executive"], None, "regular"),
    ("auditor", "葉志誠", "M", "HQ", "SYS", ["Auditor"], "boss", "regular"),
    # 行政部 runs HR *and* finance here: the same person holds both roles.
    ("adm_head", "許曉紅", "F", "ADM", "ADM-MGR", ["Department head", "HR", "Finance"], "boss",
     "regular"),
    ("hr", "鄧麗", "F", "ADM", "HR", ["HR"], "adm_head", "regular"),
    ("finance", "曾偉", "M", "ADM", "ACC", ["Finance"], "adm_head", "regular"),
    ("biz_head", "彭振華", "M", "BIZ", "BIZ-MGR", ["Department head", "Marketing"], "boss",
     "regular"),
    ("sales1", "謝婷", "F", "BIZ", "SALES", ["Marketing"], "biz_head", "probation"),
    ("tech_head", "韓雪", "F", "TECH", "TECH-HEAD", ["Department head"], "boss", "regular"),
    ("therapist1", "唐靜怡", "F", "TECH", "THERAPIST", ["Frontline"], "tech_head",
     "regular"),
    ("cs_head", "馮穎", "F", "CS", "CS-HEAD", ["Department head", "Customer service"], "boss",
     "regular"),
    ("cs1", "董佳", "F", "CS", "CS", ["Customer service"], "cs_head", "probation"),
]

HEADS = {"HQ": "boss", "ADM": "adm_head", "BIZ": "biz_head", "TECH": "tech_head",
         "CS": "cs_head"}
