"""代理公司 profile (rule book 004): 業務部, 市場部, 客服部, 財務部, 行政部 (行政部 runs HR)."""

DEPARTMENTS = [
    ("HQ", "公司管理層", "hq", None, "審批業務承接、預算與重大事項。"),
    ("BIZ", "業務部", "dept", "HQ", "拓展客戶資源，制定並執行代理方案，維護客戶關係。"),
    ("MKT", "市場部", "dept", "HQ", "市場推廣策略、市場調研、展會與研討會。"),
    ("CS", "客服部", "dept", "HQ", "受理咨詢、投訴和建議，跟進代理業務進展。"),
    ("FIN", "財務部", "dept", "HQ", "財務預算與成本控制，審核費用，開具發票與收款。"),
    ("ADM", "行政部", "dept", "HQ", "行政、會議、辦公用品與設備、檔案、人力資源。"),
]

POSITIONS = [
    ("GM", "總經理", "公司管理層。"),
    ("SYS", "系統管理員", "維護系統賬號、權限與基礎數據。"),
    ("BIZ-MGR", "業務部經理", "審核業務承接、執行計劃與結算申請。"),
    ("BIZ", "業務專員", "業務承接、執行與結算。"),
    ("MKT-MGR", "市場部經理", "市場推廣。"),
    ("CS-MGR", "客服部經理", "客戶服務與投訴處理。"),
    ("FIN-MGR", "財務部經理", "預算、審核、開票收款。"),
    ("ADM-MGR", "行政部經理", "行政與人力資源。"),
]

PEOPLE = [
    ("admin", "管理員", "M", "HQ", "SYS", ["Admin"], None, "regular"),
    ("boss", "雷振宇", "M", "HQ", "GM", ["Executive"], None, "regular"),
    ("auditor", "溫雅", "F", "HQ", "SYS", ["Auditor"], "boss", "regular"),
    ("biz_head", "賀斌", "M", "BIZ", "BIZ-MGR", ["Department head"], "boss", "regular"),
    ("biz1", "龔麗", "F", "BIZ", "BIZ", ["Frontline"], "biz_head", "regular"),
    ("mkt_head", "邱凱", "M", "MKT", "MKT-MGR", ["Department head", "Marketing"], "boss",
     "regular"),
    ("cs_head", "薛敏", "F", "CS", "CS-MGR", ["Department head", "Customer service"], "boss",
     "regular"),
    ("finance", "秦海", "M", "FIN", "FIN-MGR", ["Finance"], "boss", "regular"),
    ("hr", "姚佳", "F", "ADM", "ADM-MGR", ["HR"], "boss", "regular"),
]

HEADS = {"HQ": "boss", "BIZ": "biz_head", "MKT": "mkt_head", "CS": "cs_head",
         "FIN": "finance", "ADM": "hr"}
