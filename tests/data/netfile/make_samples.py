#!/usr/bin/env python3
"""Writes the sample networking files under good/ and the derived broken ones under bad/.

The committed files are the data; this script only documents how they were made and keeps
them consistent when a sample has to change. Run from anywhere:
    python3 tests/data/netfile/make_samples.py
Deterministic: the same script writes the same bytes. The 10 MB case is NOT written here;
corpus_test.cpp generates it in a temp dir at test time.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Two realistic mines: Shanxi (province 14) for monitoring, Guizhou (52) for personnel.
SX = "140421000111"
SX_NAME = "山西长治鑫源煤业有限公司"
GZ = "520203000512"
GZ_NAME = "六枝特区新华煤业有限公司"
# A 20-character mine code (Inner Mongolia style, netfile.md §1) for legacy-params.
NM = "150622B0012000200092"
NM_NAME = "鄂尔多斯市准格尔旗宏达煤炭有限责任公司"


def body(segments, seg_end="~", file_end="||", line_break=""):
    return "".join(s + seg_end + line_break for s in segments) + file_end


def write(rel, text, enc="utf-8", prefix=b""):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = prefix + (text.encode(enc) if isinstance(text, str) else text)
    with open(path, "wb") as f:
        f.write(data)
    return data


def j(*fields):
    return ";".join(fields)


# ----------------------------------------------------------------------------------------
# Safety monitoring (Shanxi mine)
# ----------------------------------------------------------------------------------------
def pt(kind, n, mine=SX):
    return f"{mine}{kind}{n:04d}"


# code, sensor type, kind, unit, hi, lo, thresholds(8), on, off, location, xyz, relations
POINTS = [
    (pt("MN", 1), "0001", "MN", "%CH4", "4.00", "0.00",
     ("1.00", "1.00", "", "", "1.50", "1.00", "", ""), "", "", "3105回采工作面",
     ("38456123.52", "4012345.67", "-356.20"),
     f"D-{pt('KG', 3)}-断电器:D-{pt('KG', 4)}"),
    (pt("MN", 2), "0001", "MN", "%CH4", "4.00", "0.00",
     ("1.00", "1.00", "", "", "1.00", "1.00", "", ""), "", "", "3105回风巷",
     ("38456210.08", "4012388.15", "-352.74"),
     f"D-{pt('KG', 3)}-断电器:D-{pt('KG', 4)}"),
    (pt("MN", 3), "0001", "MN", "%CH4", "4.00", "0.00",
     ("1.00", "1.00", "", "", "1.50", "1.00", "", ""), "", "", "3105回风隅角",
     ("38456180.40", "4012360.02", "-355.10"),
     f"D-{pt('KG', 3)}-断电器:D-{pt('KG', 4)}◇B-{pt('KG', 1)}-局部通风机:B-{pt('MN', 3)}"),
    (pt("MN", 4), "0004", "MN", "ppm", "500", "0",
     ("24", "24", "", "", "", "", "", ""), "", "", "3105回风巷", ("", "", ""), ""),
    (pt("MN", 5), "0002", "MN", "m/s", "15.00", "0.00",
     ("4.00", "3.90", "0.25", "0.30", "", "", "", ""), "", "", "3105进风巷",
     ("38456050.11", "4012301.90", "-349.00"), ""),
    (pt("MN", 6), "0003", "MN", "℃", "40.0", "0.0",
     ("30.0", "29.5", "", "", "", "", "", ""), "", "", "3105回采工作面",
     ("38456125.00", "4012346.00", "-356.00"), ""),
    (pt("MN", 7), "0012", "MN", "%O2", "25.0", "0.0",
     ("", "", "18.5", "19.0", "", "", "", ""), "", "", "3105进风巷", ("", "", ""), ""),
    (pt("MN", 8), "0001", "MN", "%CH4", "4.00", "0.00",
     ("1.00", "1.00", "", "", "1.50", "1.00", "", ""), "", "", "1201掘进工作面",
     ("38457012.33", "4013020.45", "-410.50"),
     f"D-{pt('KG', 9)}-断电器:D-{pt('KG', 10)}"),
    (pt("MN", 9), "0001", "MN", "%CH4", "4.00", "0.00",
     ("1.00", "1.00", "", "", "1.00", "1.00", "", ""), "", "", "1201掘进回风流",
     ("38457001.20", "4013001.80", "-409.70"),
     f"D-{pt('KG', 9)}-断电器:D-{pt('KG', 10)}"),
    (pt("MN", 10), "0001", "MN", "%CH4", "4.00", "0.00",
     ("0.70", "0.70", "", "", "", "", "", ""), "", "", "东翼总回风巷", ("", "", ""), ""),
    (pt("KG", 1), "1001", "KG", "", "", "", ("",) * 8, "开", "停", "1201掘进局部通风机",
     ("38456990.00", "4012990.00", "-409.00"), f"Z-{pt('KG', 1)}-局部通风机:Z-{pt('KG', 2)}"),
    (pt("KG", 2), "1001", "KG", "", "", "", ("",) * 8, "开", "停", "1201掘进备用局部通风机",
     ("38456991.00", "4012991.00", "-409.00"), ""),
    (pt("KG", 3), "1009", "KG", "", "", "", ("",) * 8, "复电", "断电", "3105回采工作面配电点",
     ("", "", ""), ""),
    (pt("KG", 4), "1011", "KG", "", "", "", ("",) * 8, "有电压", "负荷侧无电压",
     "3105回采工作面配电点", ("", "", ""), ""),
    (pt("KG", 5), "1002", "KG", "", "", "", ("",) * 8, "打开", "关闭", "3105进风巷风门",
     ("", "", ""), f"G-{pt('KG', 5)}-风门:G-{pt('KG', 6)}"),
    (pt("KG", 6), "1002", "KG", "", "", "", ("",) * 8, "打开", "关闭", "3105进风巷风门",
     ("", "", ""), ""),
    (pt("KG", 7), "1010", "KG", "", "", "", ("",) * 8, "开", "停", "东风井主通风机房",
     ("", "", ""), ""),
    (pt("KG", 8), "1008", "KG", "", "", "", ("",) * 8, "有", "无", "主运输大巷机头",
     ("", "", ""), ""),
    (pt("KG", 9), "1009", "KG", "", "", "", ("",) * 8, "复电", "断电", "1201掘进配电点",
     ("", "", ""), ""),
    (pt("KG", 10), "1011", "KG", "", "", "", ("",) * 8, "有电压", "负荷侧无电压",
     "1201掘进配电点", ("", "", ""), ""),
    (pt("LJ", 1), "3001", "LJ", "t", "", "", ("",) * 8, "", "", "主斜井带式输送机",
     ("", "", ""), ""),
]
SENSOR_NAMES = {"0001": "环境瓦斯", "0002": "风速", "0003": "环境温度", "0004": "一氧化碳",
                "0012": "氧气", "1001": "局部通风机", "1002": "风门", "1008": "烟雾",
                "1009": "断电器", "1010": "主通风机", "1011": "馈电器", "3001": "产量"}
POINT_BY_CODE = {p[0]: p for p in POINTS}


def outstation(code):
    return "003" if "1201" in POINT_BY_CODE[code][9] else "001"


def cddy(mine=SX, name=SX_NAME, t="2026-09-23 10:00:00"):
    head = j(mine, name, "KJ95X", "煤矿安全监控系统", "中煤科工集团重庆研究院有限公司",
             "2028-06-30", t)
    recs = []
    for (code, st, kind, unit, hi, lo, th, on, off, loc, xyz, rel) in POINTS:
        recs.append(j(code, "01", outstation(code), st, kind, unit, hi, lo, *th, on, off, loc,
                      *xyz, rel, t))
    return [head] + recs


# point → (value, status); statuses exercise the bit set of netfile.md §2
CDSS_VALUES = {
    pt("MN", 1): ("0.42", "0"), pt("MN", 2): ("0.38", "0"), pt("MN", 3): ("1.12", "1"),
    pt("MN", 4): ("6", "0"), pt("MN", 5): ("1.86", "0"), pt("MN", 6): ("24.6", "0"),
    pt("MN", 7): ("20.6", "0"), pt("MN", 8): ("1.56", "3"), pt("MN", 9): ("0.95", "4"),
    pt("MN", 10): ("0.00", "128"), pt("KG", 1): ("1", "0"), pt("KG", 2): ("0", "0"),
    pt("KG", 3): ("1", "0"), pt("KG", 4): ("1", "0"), pt("KG", 5): ("0", "0"),
    pt("KG", 6): ("0", "0"), pt("KG", 7): ("1", "0"), pt("KG", 8): ("0", "32"),
    pt("KG", 9): ("0", "2"), pt("KG", 10): ("0", "0"), pt("LJ", 1): ("1236.5", "0"),
}


def cdss(t="2026-09-23 10:13:19", dt="2026-09-23 10:13:15", values=CDSS_VALUES,
         mine=SX, name=SX_NAME):
    recs = []
    for code, (v, s) in values.items():
        p = POINT_BY_CODE[code]
        code = code.replace(SX, mine)
        recs.append(j(code, SENSOR_NAMES[p[1]], p[9], v, p[3], s, dt))
    return [j(mine, name, t)] + recs


def tjsj(t="2026-09-23 10:10:05"):
    rows = [(1, "0.45", "10:06:10", "0.38", "10:08:40", "0.41"),
            (2, "0.40", "10:09:00", "0.33", "10:05:20", "0.36"),
            (3, "1.08", "10:09:55", "0.71", "10:05:00", "0.86"),
            (4, "7", "10:07:30", "5", "10:05:40", "6"),
            (5, "1.92", "10:08:05", "1.80", "10:06:50", "1.86"),
            (8, "1.21", "10:09:50", "0.62", "10:05:10", "0.88")]
    recs = []
    for n, mx, mxt, mn, mnt, avg in rows:
        p = POINT_BY_CODE[pt("MN", n)]
        recs.append(j(p[0], SENSOR_NAMES[p[1]], p[9], p[3], "2026-09-23 10:05:00",
                      "2026-09-23 10:10:00", mx, f"2026-09-23 {mxt}", mn, f"2026-09-23 {mnt}",
                      avg, t))
    return [j(SX, SX_NAME, t)] + recs


def ycbj(closed, t):
    p3, p8 = POINT_BY_CODE[pt("MN", 3)], POINT_BY_CODE[pt("MN", 8)]
    # Over-limit at the upper corner, still open in the first file, closed in the second.
    if closed:
        corner = j(p3[0], "环境瓦斯", p3[9], "%CH4", "001", "2026-09-23 10:09:52",
                   "2026-09-23 10:16:30", "1.18", "2026-09-23 10:12:40", "1.00",
                   "2026-09-23 10:09:52", "1.09", "回风隅角瓦斯积聚", "加强上隅角通风，调整风帘",
                   "2026-09-23 10:18:40", "张建国", t)
    else:
        corner = j(p3[0], "环境瓦斯", p3[9], "%CH4", "001", "2026-09-23 10:09:52", "",
                   "1.18", "2026-09-23 10:12:40", "1.00", "2026-09-23 10:09:52", "1.09",
                   "", "", "", "", t)
    cut = j(p8[0], "环境瓦斯", p8[9], "%CH4", "002", "2026-09-23 10:11:05", "", "1.56",
            "2026-09-23 10:13:15", "1.50", "2026-09-23 10:11:05", "1.53", "", "", "", "", t)
    calib = j(pt("MN", 9), "环境瓦斯", "1201掘进回风流", "%CH4", "007", "2026-09-23 09:40:00",
              "2026-09-23 09:52:30", "2.02", "2026-09-23 09:45:10", "0.00",
              "2026-09-23 09:40:00", "0.88", "传感器定期标校", "标校完成，恢复监测",
              "2026-09-23 09:55:00", "李红", t)
    recs = [corner, cut] if not closed else [corner, calib]
    return [j(SX, SX_NAME, t)] + recs


def fzdy(t="2026-09-23 10:00:00"):
    recs = [j("001", "3105回采工作面配电点", "38456130.00", "4012350.00", "-356.00",
              "KJ95-F16", "交流127V", t),
            j("002", "东风井主通风机房", "38455010.00", "4011000.00", "1056.30", "KJ95-F16",
              "交流220V", t),
            j("003", "1201掘进配电点", "38457005.00", "4013010.00", "-410.00", "KJ95-F16",
              "交流127V", t)]
    return [j(SX, SX_NAME, t)] + recs


def fzss(t="2026-09-23 10:13:19"):
    recs = [j("001", "0", "1", t), j("002", "0", "1", t), j("003", "0", "0", t),
            j("004", "1", "9", t)]
    return [j(SX, SX_NAME, t)] + recs


# ----------------------------------------------------------------------------------------
# Personnel location (Guizhou mine)
# ----------------------------------------------------------------------------------------
def area(n, mine=GZ):
    return f"{mine}{n:04d}"


def station(a, n, mine=GZ):
    return f"{area(a, mine)}{n:06d}"


def card(n, mine=GZ):
    return f"{mine}{n:05d}"


AREAS = [("井口区域", 1, "0", "主斜井井口"), ("井口区域", 2, "0", "副斜井井口"),
         ("重点区域", 3, "25", "11601回采工作面"), ("重点区域", 4, "12", "11603运输巷掘进工作面"),
         ("其它区域", 5, "60", "井底车场及主运输大巷"), ("限制区域", 6, "0", "11501采空区密闭")]
STATIONS = [(1, 1, "主斜井井口基站"), (2, 1, "副斜井井口基站"), (5, 1, "井底车场基站"),
            (5, 2, "主运输大巷中部基站"), (3, 1, "11601运输巷基站"), (3, 2, "11601回采工作面基站"),
            (4, 1, "11603掘进迎头基站"), (6, 1, "11501密闭外基站")]


def ryqy(t="2026-09-23 08:00:00"):
    return [j(GZ, GZ_NAME, t)] + [j(ty, area(n), cap, nm) for ty, n, cap, nm in AREAS]


def ryjz(t="2026-09-23 08:00:00"):
    recs = []
    for i, (a, n, nm) in enumerate(STATIONS):
        recs.append(j(station(a, n), nm, f"{2950120 + i * 173}.50", f"{578340 + i * 91}.20",
                      f"{1380 - i * 22}.0", "KJ128A-F"))
    return [j(GZ, GZ_NAME, t)] + recs


PEOPLE = [  # n, name, job, post, team, birth, education, leader, special
    (1, "李国强", "管理人员", "矿长", "矿领导", "1972-05-18", "本科", "1", "0"),
    (2, "陈志华", "管理人员", "总工程师", "矿领导", "1978-11-02", "硕士", "1", "0"),
    (3, "王建军", "采煤机司机", "班长", "综采一队", "1985-03-12", "高中", "0", "1"),
    (4, "杨明", "支架工", "未设置", "综采一队", "1990-07-25", "初中", "0", "0"),
    (5, "张勇", "瓦斯检查工", "未设置", "通风队", "1988-01-30", "中专", "0", "1"),
    (6, "刘德贵", "掘进机司机", "组长", "综掘二队", "1983-09-14", "高中", "0", "1"),
    (7, "罗安平", "安全员", "未设置", "安监科", "1980-12-08", "大专", "0", "1"),
    (8, "吴小龙", "电工", "未设置", "机电队", "1993-04-21", "中专", "0", "1"),
    (9, "龙光荣", "掘进工", "未设置", "综掘二队", "1995-10-03", "初中", "0", "0"),
    (10, "蒙正伟", "调度员", "调度主任", "调度室", "1986-06-16", "大专", "0", "0"),
]


def ryxx(t="2026-09-23 08:00:00"):
    head = j(GZ, GZ_NAME, "320", "KJ128A", "矿井人员管理系统", "煤科集团沈阳研究院有限公司",
             "2027-03-15", t)
    return [head] + [j(card(n), nm, job, post, team, b, edu, ld, sp)
                     for n, nm, job, post, team, b, edu, ld, sp in PEOPLE]


def track(points):
    return ",".join(f"{s}&{tm}" for s, tm in points)


def ryss_day(t="2026-09-23 10:15:00"):
    d = "2026-09-23 "
    st = station
    recs = [
        # The mine leader on the day shift, at the coal face.
        j(card(1), "李国强", "1", d + "07:52:10", "", area(3), d + "08:41:05", st(3, 2),
          d + "08:41:05", "三八制", "35", "0", "1", "0",
          track([(st(1, 1), d + "07:52:10"), (st(5, 1), d + "08:05:40"),
                 (st(3, 1), d + "08:30:12"), (st(3, 2), d + "08:41:05")])),
        j(card(3), "王建军", "1", d + "07:40:02", "", area(3), d + "08:35:50", st(3, 2),
          d + "08:35:50", "三八制", "12", "0", "0", "1",
          track([(st(1, 1), d + "07:40:02"), (st(5, 1), d + "07:58:31"),
                 (st(3, 1), d + "08:22:10"), (st(3, 2), d + "08:35:50")])),
        j(card(4), "杨明", "1", d + "07:41:20", "", area(3), d + "08:36:30", st(3, 2),
          d + "08:36:30", "三八制", "8", "0", "0", "0",
          track([(st(1, 1), d + "07:41:20"), (st(3, 2), d + "08:36:30")])),
        j(card(5), "张勇", "1", d + "07:30:00", "", area(4), d + "09:12:45", st(4, 1),
          d + "09:12:45", "三八制", "20", "0", "0", "1",
          track([(st(2, 1), d + "07:30:00"), (st(5, 2), d + "08:01:18"),
                 (st(4, 1), d + "09:12:45")])),
        j(card(6), "刘德贵", "1", d + "07:45:33", "", area(4), d + "08:40:00", st(4, 1),
          d + "08:40:00", "三八制", "6", "0", "0", "1",
          track([(st(2, 1), d + "07:45:33"), (st(4, 1), d + "08:40:00")])),
        # Came up from the night shift and stays in the snapshot with flag 2.
        j(card(9), "龙光荣", "2", "2026-09-22 23:48:10", d + "08:12:40", area(2),
          d + "08:12:40", st(2, 1), d + "08:12:40", "三八制", "0", "0", "0", "0",
          track([(st(4, 1), d + "07:30:00"), (st(5, 2), d + "07:58:00"),
                 (st(2, 1), d + "08:12:40")])),
        j(card(8), "吴小龙", "1", d + "08:20:15", "", area(5), d + "10:03:05", st(5, 2),
          d + "10:03:05", "三八制", "48", "0", "0", "1",
          track([(st(1, 1), d + "08:20:15"), (st(5, 1), d + "08:29:00"),
                 (st(6, 1), d + "09:58:20"), (st(5, 2), d + "10:03:05")])),
        # Night-shift safety officer still underground past 10 h (see the RYCS sample).
        j(card(7), "罗安平", "1", "2026-09-22 23:40:00", "", area(5), d + "06:12:30",
          st(5, 2), d + "06:12:30", "三八制", "25", "0", "0", "1",
          track([(st(2, 1), "2026-09-22 23:40:00"), (st(5, 1), "2026-09-22 23:58:00"),
                 (st(5, 2), d + "06:12:30")])),
    ]
    return [j(GZ, GZ_NAME, t)] + recs


def ryss_night(t="2026-09-23 00:25:00"):
    y, d = "2026-09-22 ", "2026-09-23 "
    st = station
    # The night shift went down before midnight; tracks cross into the next day.
    recs = [
        j(card(2), "陈志华", "1", y + "23:35:00", "", area(4), d + "00:10:20", st(4, 1),
          d + "00:10:20", "三八制", "15", "0", "1", "0",
          track([(st(1, 1), y + "23:35:00"), (st(5, 1), y + "23:50:30"),
                 (st(5, 2), d + "00:01:10"), (st(4, 1), d + "00:10:20")])),
        j(card(9), "龙光荣", "1", y + "23:48:10", "", area(4), d + "00:15:02", st(4, 1),
          d + "00:15:02", "三八制", "4", "0", "0", "0",
          track([(st(1, 1), y + "23:48:10"), (st(5, 2), d + "00:05:44"),
                 (st(4, 1), d + "00:15:02")])),
        j(card(7), "罗安平", "1", y + "23:40:00", "", area(5), y + "23:58:00", st(5, 1),
          y + "23:58:00", "三八制", "30", "0", "0", "1",
          track([(st(2, 1), y + "23:40:00"), (st(5, 1), y + "23:58:00")])),
        j(card(10), "蒙正伟", "2", y + "16:05:00", y + "23:59:30", area(1), y + "23:59:30",
          st(1, 1), y + "23:59:30", "三八制", "0", "0", "0", "0",
          track([(st(5, 1), y + "23:40:10"), (st(1, 1), y + "23:59:30")])),
    ]
    return [j(GZ, GZ_NAME, t)] + recs


def jzss(t="2026-09-23 10:15:00"):
    recs = [j(station(a, n), "0", "1", t) for a, n, _ in STATIONS[:6]]
    recs.append(j(station(4, 1), "0", "0", t))
    recs.append(j(station(6, 1), "1", "9", t))
    return [j(GZ, GZ_NAME, t)] + recs


def person_alarm(t, rows):
    return [j(GZ, GZ_NAME, t)] + [j(*r) for r in rows]


def rycs(t="2026-09-23 10:15:00"):
    d = "2026-09-22 "
    # Over 10 h underground (contracts.md overtime_hours default): entered 23:48 yesterday.
    return person_alarm(t, [(card(7), "罗安平", d + "23:40:00", "2026-09-23 09:40:00", "",
                             area(5), "2026-09-23 06:12:30", station(5, 2),
                             "2026-09-23 06:12:30")])


def ryqj(t="2026-09-23 10:15:00"):
    d = "2026-09-23 "
    return person_alarm(t, [(card(6), "刘德贵", d + "07:45:33", d + "10:02:11",
                             d + "10:06:40", area(4), d + "08:40:00", station(4, 1),
                             d + "08:40:00")])


def ryxz(t="2026-09-23 10:15:00"):
    d = "2026-09-23 "
    return person_alarm(t, [(card(8), "吴小龙", d + "08:20:15", d + "09:58:20", d + "10:03:05",
                             area(6), d + "09:58:20", station(6, 1), d + "09:58:20")])


def rycy(t="2026-09-23 10:15:00"):
    d = "2026-09-23 "
    people = ",".join(card(n) for n in range(11, 41))
    return person_alarm(t, [("1", "25", "30", area(3), "11601回采工作面", d + "09:20:00", "",
                             people)])


def point_series(kind, t="2026-09-23 10:13:19"):
    dt = "2026-09-23 10:13:10"
    rows = {
        # Drainage (排水): sump level, pump flow, pump running.
        "PSSS": [("PS0001", "水仓水位", "中央水仓", "2.35", "m", "0"),
                 ("PS0002", "水仓水位", "中央水仓副仓", "1.82", "m", "0"),
                 ("PS0003", "排水量", "中央泵房1#水泵", "125.6", "m³/h", "0"),
                 ("PS0004", "排水量", "中央泵房2#水泵", "0.0", "m³/h", "64")],
        # Hydrology (水文): observation-hole water levels and mine water inflow.
        "SWSS": [("SW0001", "长观孔水位", "SW01水文观测孔", "-212.45", "m", "0"),
                 ("SW0002", "长观孔水位", "SW02水文观测孔", "-198.30", "m", "0"),
                 ("SW0003", "矿井涌水量", "主排水管路", "86.3", "m³/h", "0")],
        # Borehole stress (钻孔应力) ahead of the 3105 face.
        "ZKSS": [("ZK0001", "钻孔应力", "3105运输巷超前支护段1#钻孔", "8.6", "MPa", "0"),
                 ("ZK0002", "钻孔应力", "3105运输巷超前支护段2#钻孔", "11.2", "MPa", "1"),
                 ("ZK0003", "钻孔应力", "3105回风巷超前支护段1#钻孔", "", "MPa", "128")],
    }[kind]
    return [j(SX, SX_NAME, t)] + [j(SX + c, n, loc, v, u, st, dt) for c, n, loc, v, u, st in rows]


# ----------------------------------------------------------------------------------------
def national():
    g = "good/national/"
    files = {
        f"{SX}_CDDY_20260923100000.txt": cddy(),
        f"{SX}_CDSS_20260923101319.txt": cdss(),
        f"{SX}_TJSJ_20260923101005.txt": tjsj(),
        f"{SX}_YCBJ_20260923101320.txt": ycbj(False, "2026-09-23 10:13:20"),
        f"{SX}_YCBJ_20260923101900.txt": ycbj(True, "2026-09-23 10:19:00"),
        f"{SX}_FZDY_20260923100000.txt": fzdy(),
        f"{SX}_FZSS_20260923101319.txt": fzss(),
        f"{GZ}_RYQY_20260923080000.txt": ryqy(),
        f"{GZ}_RYJZ_20260923080000.txt": ryjz(),
        f"{GZ}_RYXX_20260923080000.txt": ryxx(),
        f"{GZ}_RYSS_20260923101500.txt": ryss_day(),
        f"{GZ}_RYSS_20260923002500.txt": ryss_night(),
        f"{GZ}_RYSS_20260923101000.txt": [j(GZ, GZ_NAME, "2026-09-23 10:10:00")],
        f"{GZ}_JZSS_20260923101500.txt": jzss(),
        f"{GZ}_RYCS_20260923101500.txt": rycs(),
        f"{GZ}_RYQJ_20260923101500.txt": ryqj(),
        f"{GZ}_RYXZ_20260923101500.txt": ryxz(),
        f"{GZ}_RYCY_20260923101500.txt": rycy(),
        f"{SX}_PSSS_20260923101319.txt": point_series("PSSS"),
        f"{SX}_SWSS_20260923101319.txt": point_series("SWSS"),
        f"{SX}_ZKSS_20260923101319.txt": point_series("ZKSS"),
    }
    for name, segs in files.items():
        write(g + name, body(segs))


# ----------------------------------------------------------------------------------------
# Other profiles (netfile.md §5; field maps in profiles/*.toml)
# ----------------------------------------------------------------------------------------
def n_variant():
    # Same content as the national samples, N-prefixed names, '^' segments, ']]]' end.
    g = "good/n-variant/"
    for name in sorted(os.listdir(os.path.join(HERE, "good/national"))):
        mine, ty, rest = name.split("_")
        if ty == "RYSS" and rest != "20260923101500.txt":
            continue
        with open(os.path.join(HERE, "good/national", name), encoding="utf-8") as f:
            segs = f.read()[:-2].split("~")[:-1]
        if ty == "RYSS":
            # This variant may write an area *type* where the area code belongs.
            fl = segs[2].split(";")
            fl[5] = "重点区域"
            segs[2] = ";".join(fl)
        write(g + f"{mine}_N{ty}_{rest}", body(segs, seg_end="^", file_end="]]]"))


def legacy_a():
    g = "good/legacy-a/"
    recs = ryss_day()[1:]
    # Header "<time>;<count>;<code>;" and empty times written as a mask.
    recs = [r.replace(";;", ";xxxx-xx-xx xx:xx:xx;", 1) if r.split(";")[4] == "" else r
            for r in recs]
    write(g + f"{GZ}_RYSS_20260923101500.txt",
          body([j("2026-09-23 10:15:00", str(len(recs)), GZ, "")] + recs))
    c = cdss()[1:]
    write(g + f"{SX}_CDSS_20260923101319.txt",
          body([j("2026-09-23 10:13:19", str(len(c)), SX, "")] + c))


def legacy_params():
    g = "good/legacy-params/"
    # Inner Mongolia: 20-character mine code, 25-character cards.
    people = [
        ("00001", "乌力吉", "152723197811020016", "矿长", "矿领导", "是", "男", "本科", "已婚",
         "13904770001", "内蒙古鄂尔多斯市准格尔旗薛家湾镇", "安全生产知识和管理能力考核合格证",
         "2028-06-30"),
        ("00002", "张海军", "152723198503120037", "采煤机司机", "综采队", "是", "男", "高中",
         "已婚", "13904770002", "内蒙古鄂尔多斯市准格尔旗沙圪堵镇",
         "特种作业操作证&煤矿安全培训合格证", "2027-09-15&2027-03-01"),
        ("00003", "其其格", "152723199207250024", "瓦斯检查工", "通风队", "是", "女", "中专",
         "未婚", "13904770003", "内蒙古鄂尔多斯市东胜区", "特种作业操作证", "2028-01-20"),
        ("00004", "刘永福", "612726198009140051", "掘进工", "掘进队", "否", "男", "初中",
         "已婚", "13904770004", "陕西省榆林市府谷县", "", ""),
    ]
    recs = [j(NM + c, *rest) for c, *rest in people]
    write(g + f"{NM}_RYCS_20260923080000.txt",
          body([j("KJ251", "煤矿井下人员定位系统", "北京瑞赛长城航空测控技术有限公司",
                  "2026-09-23 08:00:00", str(len(recs)))] + recs))
    a = lambda n: f"{NM}{n:04d}"
    st = lambda n, k: f"{a(n)}{k:06d}"
    write(g + f"{NM}_RYQY_20260923080000.txt",
          body([j(NM, NM_NAME, "2026-09-23 08:00:00"), j("井口区域", a(1), "0", "主斜井井口"),
                j("重点区域", a(2), "18", "6上105综采工作面"),
                j("其它区域", a(3), "40", "辅运大巷"), j("限制区域", a(4), "0", "6上103采空区")]))
    write(g + f"{NM}_RYJZ_20260923080000.txt",
          body([j(NM, NM_NAME, "2026-09-23 08:00:00"),
                j(st(1, 1), "主斜井井口基站", "", "", "", ""),
                j(st(2, 1), "6上105工作面基站", "", "", "", "工作面机头"),
                j(st(3, 1), "辅运大巷1号基站", "", "", "", "")]))
    d = "2026-09-23 "
    write(g + f"{NM}_RYSS_20260923101500.txt",
          body([j(NM, NM_NAME, d + "10:15:00"),
                j(NM + "00001", "乌力吉", "1", d + "08:10:00", "", a(2), d + "09:02:00",
                  st(2, 1), d + "09:02:00", "三八制", "20", "0", "1", "0",
                  f"{st(1, 1)}&{d}08:10:00,{st(3, 1)}&{d}08:31:00,{st(2, 1)}&{d}09:02:00"),
                j(NM + "00002", "张海军", "1", d + "07:50:00", "", a(2), d + "08:40:00",
                  st(2, 1), d + "08:40:00", "四六制", "5", "0", "0", "1",
                  f"{st(1, 1)}&{d}07:50:00,{st(2, 1)}&{d}08:40:00")]))


def crlf_counts():
    g = "good/crlf-counts/"
    mine, name = "511123000301", "乐山市顺安煤业有限公司"
    t = "2026-09-23 10:00:00"
    pts = [("1", "0001", "MN", "%CH4", "4.00", "0.00", "1.00", "1.00", "1.50", "1.00",
            "", "", "1112回采工作面", "D-5◇D-6"),
           ("2", "0001", "MN", "%CH4", "4.00", "0.00", "1.00", "1.00", "1.00", "1.00",
            "", "", "1112回风巷", "D-5◇D-6"),
           ("3", "0004", "MN", "ppm", "500", "0", "24", "24", "", "", "", "", "1112回风巷", ""),
           ("4", "0002", "MN", "m/s", "15.00", "0.00", "4.00", "3.90", "", "", "", "",
            "1112进风巷", ""),
           ("5", "1009", "KG", "", "", "", "", "", "", "", "复电", "断电", "1112配电点", ""),
           ("6", "1011", "KG", "", "", "", "", "", "", "", "有电压", "负荷侧无电压",
            "1112配电点", "")]
    recs = [j(c, "01", "01", st, k, u, hi, lo, a, ar, "", "", cut, rest, "", "", on, off,
              loc, "", "", "", rel, t)
            for c, st, k, u, hi, lo, a, ar, cut, rest, on, off, loc, rel in pts]
    head = j("KJ73N", "煤矿安全监控系统", "常州自动化研究院", t, "2", "4", "0", "0", "0", "0", "", "")
    write(g + f"{mine}_CDDY_20260923100000.txt", body([head] + recs, line_break="\r\n"))
    d = "2026-09-23 10:13:15"
    vals = [("1", "环境瓦斯", "1112回采工作面", "0.36", "%CH4", "0"),
            ("2", "环境瓦斯", "1112回风巷", "0.31", "%CH4", "0"),
            ("3", "一氧化碳", "1112回风巷", "3", "ppm", "0"),
            ("4", "风速", "1112进风巷", "2.10", "m/s", "0"),
            ("5", "断电器", "1112配电点", "1", "", "0"), ("6", "馈电器", "1112配电点", "1", "", "0")]
    write(g + f"{mine}_CDSS_20260923101319.txt",
          body([j(mine, name, "2026-09-23 10:13:19")] + [j(*v, d) for v in vals],
               line_break="\r\n"))
    write(g + f"{mine}_FZSS_20260923101319.txt",
          body([j(mine, name, "2026-09-23 10:13:19"), j("01", "0", "1", "2026-09-23 10:13:19"),
                j("02", "2", "2", "2026-09-23 10:13:19")], line_break="\r\n"))


# ----------------------------------------------------------------------------------------
# Broken files: one folder per case under bad/, the file inside named as a mine would name
# it (so only the case under test is wrong). Expected outcomes: ../expected.toml.
# ----------------------------------------------------------------------------------------
CDSS_NAME = f"{SX}_CDSS_20260923101319.txt"


def lcg_bytes(n, seed):
    # Deterministic pseudo-random bytes (no dependency on Python's random module version).
    out, x = bytearray(), seed
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out.append(x >> 56)
    return bytes(out)


def bad():
    segs = cdss()
    good = body(segs)

    def case(name, data, file_name=CDSS_NAME, enc="utf-8", prefix=b""):
        write(f"bad/{name}/{file_name}", data, enc, prefix)

    cut = good.index(segs[6]) + len(segs[6]) // 2
    case("truncated_mid_record", good[:cut])
    case("no_file_end", good[:-2])
    case("only_file_end", "||")
    case("zero_bytes", "")
    case("header_only_no_tilde", segs[0] + "||")

    def with_bad(mutations):
        out = list(segs)
        for i, mutate in mutations.items():
            out[i] = mutate(out[i])
        return body(out)

    drop_last = lambda r: r.rsplit(";", 1)[0]      # 6 fields
    add_one = lambda r: r + ";0"                      # 8 fields
    # 21 records: 2 bad = 9.5 %, kept; 10 records with 3 bad = 30 %, rejected;
    # 10 records with 2 bad = exactly 20 %, kept ("more than 20 %" rejects).
    case("field_count_few_bad", with_bad({3: drop_last, 17: add_one}))
    ten = segs[:11]
    case("field_count_many_bad",
         body([ten[0]] + [drop_last(r) if i in (2, 5, 8) else r for i, r in enumerate(ten) if i]))
    case("field_count_exactly_20pct",
         body([ten[0]] + [add_one(r) if i in (4, 9) else r for i, r in enumerate(ten) if i]))
    case("fullwidth_separator", good.replace(";", "；"))
    case("gbk_body", good, enc="gb18030")
    write(f"bad/gbk_personnel/{GZ}_RYXX_20260923080000.txt", body(ryxx()), "gb18030")
    # A rare character (生僻字) outside the BMP in a name: 4 bytes in GB18030 and in UTF-8.
    rare = [r.replace("杨明", "杨𠮷") for r in ryxx()]
    write(f"bad/gb18030_four_byte_char/{GZ}_RYXX_20260923080000.txt", body(rare), "gb18030")
    case("utf8_bom", good, prefix=b"\xef\xbb\xbf")
    case("quoted_body", '"' + good + '"')
    fut = [j(SX, SX_NAME, "2026-09-23 10:40:00")] + segs[1:]
    case("future_time", body(fut), file_name=f"{SX}_CDSS_20260923104000.txt")
    near = [j(SX, SX_NAME, "2026-09-23 10:24:00")] + segs[1:]
    case("future_time_within_tolerance", body(near), file_name=f"{SX}_CDSS_20260923102400.txt")
    mism = [j("140421000112", SX_NAME, "2026-09-23 10:13:19")] + segs[1:]
    case("mine_mismatch", body(mism))
    write(f"bad/empty_snapshot/{SX[:6]}000222_RYSS_20260923101500.txt",
          body([j(SX[:6] + "000222", "山西长治宏泰煤业有限公司", "2026-09-23 10:15:00")]))
    garbage = bytearray(lcg_bytes(4096, 20260923))
    garbage[100] = 0xFF  # never valid in UTF-8 nor GB18030
    case("binary_garbage", bytes(garbage))
    huge = list(segs)
    f = huge[5].split(";")
    f[2] = "3105回风巷" * 10000  # ~130 KB location
    huge[5] = ";".join(f)
    case("huge_field", body(huge))
    case("utf16le_bom", good, enc="utf-16")  # Python writes a BOM, little-endian here
    case("utf16be_no_bom", good, enc="utf-16-be")
    # GBK bytes shown as Latin-1 and saved again as UTF-8: valid UTF-8, nonsense text.
    case("mojibake_double_encoded", good.encode("gb18030").decode("latin-1"))
    case("invalid_in_both_encodings", good.encode("gb18030").replace("瓦斯".encode("gb18030"), b"\xff\xff", 1))
    mixed = (segs[0] + "~").encode("utf-8") + body(segs[1:]).encode("gb18030")
    case("mixed_utf8_header_gbk_records", mixed)
    case("header_bad_time", body([j(SX, SX_NAME, "2026/09/23 10:13:19")] + segs[1:]))
    case("header_field_count", body([j(SX, "2026-09-23 10:13:19")] + segs[1:]))
    case("crlf_after_segments", body(segs, line_break="\r\n"))
    nul = list(segs)
    nul[2] = nul[2].replace("MN0002", "MN\x00\x00\x002")
    case("nul_bytes", body(nul))
    case("bad_file_name", good, file_name=f"CDSS_{SX}.txt")
    case("unknown_type", good, file_name=f"{SX}_XXSS_20260923101319.txt")
    case("n_variant_under_national", good, file_name=f"{SX}_NCDSS_20260923101319.txt")
    vals = list(segs)
    vals[2] = vals[2].replace(";0.38;", ";abc;")
    vals[4] = vals[4].replace("2026-09-23 10:13:15", "2026-13-01 10:13:15")
    case("bad_values_few", body(vals))
    case("line_breaks_after_file_end", good + "\n\n")
    case("data_after_file_end", good + "END OF FILE")
    case("last_segment_unterminated", good[:-3] + "||")
    case("terminator_inside_field", with_bad({4: lambda r: r.replace("3105回风巷", "3105回风||巷")}))
    case("fullwidth_in_one_record", with_bad({7: lambda r: r.replace(";", "；")}))
    # Numbers a writer spelled unusually: read by value, reported, re-encoded canonically.
    case("noncanonical_numbers", with_bad({9: lambda r: r.replace(";0.95;", ";.95;"),
                                           4: lambda r: r.replace(";6;ppm;0;", ";006;ppm;+0;")}))
    big_head = [j(SX, SX_NAME * 300, "2026-09-23 10:13:19")] + segs[1:]
    case("header_huge_field", body(big_head))
    # Every record broken: only the first 50 problems are listed, the rest counted.
    many = [segs[0]] + [drop_last(segs[1 + i % 21]) for i in range(60)]
    case("all_records_bad", body(many))

    # Personnel and definition files.
    ryss = ryss_day()
    rname = f"{GZ}_RYSS_20260923101500.txt"

    def person_case(name, mutate, file_name=rname, segments=ryss):
        out = list(segments)
        for i, m in mutate.items():
            out[i] = m(out[i])
        write(f"bad/{name}/{file_name}", body(out))

    def field(k, v):
        def m(r):
            f = r.split(";")
            f[k] = v
            return ";".join(f)
        return m

    person_case("ryss_card_of_other_mine", {3: field(0, "14042100011100003")})
    person_case("ryss_bad_in_mine_flag", {4: field(2, "3")})
    person_case("ryss_bad_track", {2: field(14, "5202030005120001000001&07:40,5202030005120003000002")})
    person_case("ryss_station_outside_area_format", {5: field(7, "52020300051201")})
    cddy_segs = cddy()
    person_case("cddy_bad_relation",
                {3: field(22, f"D-{pt('KG', 3)}-断电器:D-{pt('KG', 4)}◇X-{pt('KG', 1)}◇D-")},
                file_name=f"{SX}_CDDY_20260923100000.txt", segments=cddy_segs)
    person_case("cddy_bad_value_kind", {2: field(4, "AB")},
                file_name=f"{SX}_CDDY_20260923100000.txt", segments=cddy_segs)
    person_case("tjsj_end_before_start", {1: field(5, "2026-09-23 10:00:00")},
                file_name=f"{SX}_TJSJ_20260923101005.txt", segments=tjsj())
    person_case("jzss_bad_state", {1: field(1, "5")},
                file_name=f"{GZ}_JZSS_20260923101500.txt", segments=jzss())
    # The national header of a file sent under the legacy-a profile.
    write(f"bad/legacy_a_with_national_header/{GZ}_RYSS_20260923101500.txt", body(ryss))
    # An n-variant file that ends with the national terminator.
    with open(os.path.join(HERE, f"good/n-variant/{SX}_NCDSS_20260923101319.txt"),
              encoding="utf-8") as fh:
        nv = fh.read()
    write(f"bad/n_variant_wrong_file_end/{SX}_NCDSS_20260923101319.txt", nv[:-3] + "||")
    with open(os.path.join(HERE, f"good/legacy-params/{NM}_RYCS_20260923080000.txt"),
              encoding="utf-8") as fh:
        lp = fh.read()
    write(f"bad/legacy_params_short_record/{NM}_RYCS_20260923080000.txt",
          lp.replace(";13904770003;内蒙古鄂尔多斯市东胜区", ""))


def fuzz_seeds():
    # Seed corpus of fuzz/netfile_fuzz.cpp: each sample prefixed with "<profile>/<name>\n"
    # so the target decodes it as that type. Large samples are left out (slow to mutate).
    import tomllib
    out = os.path.join(HERE, "../../../fuzz/corpus/netfile")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(HERE, "expected.toml"), "rb") as f:
        files = tomllib.load(f)["files"]
    for rel, e in sorted(files.items()):
        with open(os.path.join(HERE, rel), "rb") as f:
            data = f.read()
        if len(data) > 16384:
            continue
        seed = f"{e['profile']}/{os.path.basename(rel)}\n".encode() + data
        name = rel.replace("/", "_").removesuffix(".txt")
        with open(os.path.join(out, name), "wb") as f:
            f.write(seed)


if __name__ == "__main__":
    national()
    n_variant()
    legacy_a()
    legacy_params()
    crlf_counts()
    bad()
    fuzz_seeds()
