"""The matchmaking profile's organisation (DESIGN §2): departments, positions, demo people."""

# code, name, kind, parent code, duties (from rule book 000 一、部門設置與職責)
DEPARTMENTS = [
    ("HQ", "總部", "hq", None, "公司整體經營管理、戰略規劃與重大決策。"),
    ("ADM", "行政部", "dept", "HQ",
     "負責公司日常行政事務、人事招聘、員工培訓、辦公用品管理及後勤保障等工作。"),
    ("FIN", "財務部", "dept", "HQ",
     "負責公司財務預算、成本控制、收支核算、資金管理及財務報表編制等工作。"),
    ("MKT", "市場部", "dept", "HQ",
     "負責市場調研、品牌推廣、活動策劃與執行，拓展客戶資源，提高公司知名度。"),
    ("TH", "天河店", "store", "HQ", "天河門店：接待、紅娘服務與客服。"),
    ("TH-MM", "天河紅娘部", "dept", "TH",
     "負責客戶接待、資料收集、匹配推薦、約見安排及跟進服務，促成客戶婚戀成功。"),
    ("TH-CS", "天河客服部", "dept", "TH",
     "負責客戶諮詢解答、投訴處理、回訪調查及客戶關係維護，提高客戶滿意度。"),
    ("YX", "越秀店", "store", "HQ", "越秀門店：接待、紅娘服務與客服。"),
    ("YX-MM", "越秀紅娘部", "dept", "YX",
     "負責客戶接待、資料收集、匹配推薦、約見安排及跟進服務，促成客戶婚戀成功。"),
    ("YX-CS", "越秀客服部", "dept", "YX",
     "負責客戶諮詢解答、投訴處理、回訪調查及客戶關係維護，提高客戶滿意度。"),
]

# code, name, duties
POSITIONS = [
    ("GM", "總經理", "全面負責公司經營管理，審批預算與重大事項。"),
    ("AUD", "審計專員", "內部審計，查閱全部業務與財務記錄。"),
    ("SYS", "系統管理員", "維護系統賬號、權限與基礎數據。"),
    ("HR-HEAD", "行政主管", "主管行政、人事、培訓與考核。"),
    ("FIN-HEAD", "財務主管", "主管預算、成本控制與資金管理。"),
    ("MKT-HEAD", "市場主管", "主管市場調研、品牌推廣與活動。"),
    ("STORE-MGR", "門店經理", "全面負責門店經營、人員與服務質量。"),
    ("MM-HEAD", "紅娘主管", "帶領紅娘團隊，審核客戶資料，分配客戶。"),
    ("MM", "紅娘", "客戶接待、資料收集、匹配推薦、約見安排與跟進。"),
    ("CS-HEAD", "客服主管", "主管投訴處理、回訪與客戶關係維護。"),
    ("CS", "客服專員", "受理諮詢與投訴，回訪調查。"),
]

# username, name, gender, department code, position code, roles, manager username, status
PEOPLE = [
    ("admin", "管理員", "M", "HQ", "SYS", ["Admin"], None, "regular"),
    ("boss", "陳志遠", "M", "HQ", "GM", ["Executive"], None, "regular"),
    ("auditor", "林雅琴", "F", "HQ", "AUD", ["Auditor"], "boss", "regular"),
    ("hr", "黃麗華", "F", "ADM", "HR-HEAD", ["HR"], "boss", "regular"),
    ("finance", "周建國", "M", "FIN", "FIN-HEAD", ["Finance"], "boss", "regular"),
    ("mkt_head", "吳嘉欣", "F", "MKT", "MKT-HEAD", ["Department head", "Marketing"], "boss",
     "regular"),
    ("th_manager", "李永明", "M", "TH", "STORE-MGR", ["Department head"], "boss", "regular"),
    ("th_mm_head", "張美玲", "F", "TH-MM", "MM-HEAD", ["Department head", "Frontline"],
     "th_manager", "regular"),
    ("th_mm1", "王曉燕", "F", "TH-MM", "MM", ["Frontline"], "th_mm_head", "regular"),
    ("th_mm2", "劉芳", "F", "TH-MM", "MM", ["Frontline"], "th_mm_head", "probation"),
    ("th_cs_head", "趙敏", "F", "TH-CS", "CS-HEAD", ["Department head", "Customer service"],
     "th_manager", "regular"),
    ("th_cs1", "孫佳怡", "F", "TH-CS", "CS", ["Customer service"], "th_cs_head", "probation"),
    ("yx_manager", "鄭國強", "M", "YX", "STORE-MGR", ["Department head"], "boss", "regular"),
    ("yx_mm_head", "何靜", "F", "YX-MM", "MM-HEAD", ["Department head", "Frontline"],
     "yx_manager", "regular"),
    ("yx_mm1", "馬麗娟", "F", "YX-MM", "MM", ["Frontline"], "yx_mm_head", "regular"),
    ("yx_cs_head", "羅文軍", "M", "YX-CS", "CS-HEAD", ["Department head", "Customer service"],
     "yx_manager", "regular"),
    ("yx_cs1", "梁穎", "F", "YX-CS", "CS", ["Customer service"], "yx_cs_head", "regular"),
]

HEADS = {"HQ": "boss", "ADM": "hr", "FIN": "finance", "MKT": "mkt_head", "TH": "th_manager",
         "TH-MM": "th_mm_head", "TH-CS": "th_cs_head", "YX": "yx_manager",
         "YX-MM": "yx_mm_head", "YX-CS": "yx_cs_head"}
