"""新鏈家 profile (rule book 003): HQ functions and stores (門店) with their own staff."""

DEPARTMENTS = [
    ("HQ", "總部", "hq", None, "戰略規劃、品牌與標準制定。"),
    ("HR", "人力資源部", "dept", "HQ", "招聘、培訓、績效考核、薪酬福利。"),
    ("MKT", "市場運營部", "dept", "HQ", "市場調研、品牌推廣、運營支持。"),
    ("FIN", "財務管理部", "dept", "HQ", "預算、核算、資金與風險控制。"),
    ("TECH", "技術支持部", "dept", "HQ", "系統與數據支持。"),
    ("CS", "客戶服務部", "dept", "HQ", "客戶反饋與投訴處理、服務標準。"),
    ("S01", "天河北門店", "store", "HQ", "門店業務：房源、客源、帶看、成交。"),
    ("S02", "珠江新城門店", "store", "HQ", "門店業務：房源、客源、帶看、成交。"),
]

POSITIONS = [
    ("GM", "總經理", "全面負責公司經營。"),
    ("SYS", "系統管理員", "維護系統賬號、權限與基礎數據。"),
    ("HR-HEAD", "人力資源經理", "招聘、培訓、考核。"),
    ("MKT-HEAD", "市場運營經理", "市場與運營。"),
    ("FIN-HEAD", "財務經理", "預算與財務。"),
    ("CS-HEAD", "客服經理", "客戶反饋與處理。"),
    ("STORE-MGR", "店長", "門店經營、人員與服務質量。"),
    ("AGENT", "經紀人", "房源客源開發、帶看與成交。"),
]

PEOPLE = [
    ("admin", "管理員", "M", "HQ", "SYS", ["Admin"], None, "regular"),
    ("boss", "高建平", "M", "HQ", "GM", ["Executive"], None, "regular"),
    ("auditor", "方琳", "F", "HQ", "SYS", ["Auditor"], "boss", "regular"),
    ("hr", "孔麗君", "F", "HR", "HR-HEAD", ["HR"], "boss", "regular"),
    ("mkt_head", "程浩", "M", "MKT", "MKT-HEAD", ["Department head", "Marketing"], "boss",
     "regular"),
    ("finance", "江海燕", "F", "FIN", "FIN-HEAD", ["Finance"], "boss", "regular"),
    ("cs_head", "袁芳", "F", "CS", "CS-HEAD", ["Department head", "Customer service"], "boss",
     "regular"),
    ("s01_manager", "魏強", "M", "S01", "STORE-MGR", ["Department head"], "boss", "regular"),
    ("s01_agent1", "潘明", "M", "S01", "AGENT", ["Frontline"], "s01_manager", "regular"),
    ("s02_manager", "杜曉東", "M", "S02", "STORE-MGR", ["Department head"], "boss", "regular"),
    ("s02_agent1", "傅雅", "F", "S02", "AGENT", ["Frontline"], "s02_manager", "probation"),
]

HEADS = {"HQ": "boss", "HR": "hr", "MKT": "mkt_head", "FIN": "finance", "CS": "cs_head",
         "S01": "s01_manager", "S02": "s02_manager"}
