#!/usr/bin/env python3
"""Writes the networking files and mines.csv of the scenario cases written by hand-picked
timelines (gas.alarm edges, personnel.area_over_limit 5/6/7, mine.upload_gap).

The expected.jsonl of each case is NOT generated: it is written from rules.md part B and
checked by hand (see each case's README.md). Re-run after changing a timeline:
    python3 tests/scenarios/make_cases.py
"""
import datetime as dt
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DAY = dt.datetime(2026, 9, 23)


def t(h, m, s=0):
    return DAY.replace(hour=h, minute=m, second=s)


def fmt(x):
    return x.strftime("%Y-%m-%d %H:%M:%S")


def compact(x):
    return x.strftime("%Y%m%d%H%M%S")


def write(case, mine, typ, when, header_extra, records):
    """One national-profile file: header `mine;name;[extra;]time~`, records, `||`."""
    folder = os.path.join(HERE, case)
    os.makedirs(folder, exist_ok=True)
    head = [mine, "测试煤矿"] + header_extra + [fmt(when)]
    body = ";".join(head) + "~" + "".join(";".join(r) + "~" for r in records) + "||"
    with open(os.path.join(folder, f"{mine}_{typ}_{compact(when)}.txt"), "w", encoding="utf-8") as f:
        f.write(body)


def mines_csv(case, rows):
    with open(os.path.join(HERE, case, "mines.csv"), "w", encoding="utf-8") as f:
        f.write("mine_code,name,status,gas_grade\n")
        for code, status, grade in rows:
            f.write(f"{code},测试煤矿{code[-3:]},{status},{grade}\n")


CDDY_HEADER = ["KJ95X", "煤矿安全监控系统", "测试厂家", "2028-06-30"]


def methane_def(code, location, when, alarm="1.00", cut="1.50", restore="1.00", relations=""):
    return [code, "01", "001", "0001", "MN", "%CH4", "4.00", "0.00", alarm, alarm, "", "",
            cut, restore, "", "", "", "", location, "", "", "", relations, fmt(when)]


def switch_def(code, type_code, on, off, location, when):
    return [code, "01", "001", type_code, "KG", "", "", "", "", "", "", "", "", "", "", "",
            on, off, location, "", "", "", "", fmt(when)]


def cdss(code, type_name, location, value, unit, when, status=0):
    return [code, type_name, location, value, unit, str(status), fmt(when)]


def gas_case(case, peak_values):
    """One coal-face methane point read every 30 s from 10:00:30; the values in between
    are the timeline given."""
    mine = "140421000111"
    p, breaker, feed = mine + "MN0001", mine + "KG0003", mine + "KG0004"
    rel = f"D-{breaker}-断电器:D-{feed}"
    write(case, mine, "CDDY", t(10, 0), CDDY_HEADER, [
        methane_def(p, "3105回采工作面", t(10, 0), relations=rel),
        switch_def(breaker, "1009", "复电", "断电", "3105回采工作面", t(10, 0)),
        switch_def(feed, "1011", "有电压", "负荷侧无电压", "3105回采工作面", t(10, 0)),
    ])
    when = t(10, 0, 30)
    for v in peak_values:
        write(case, mine, "CDSS", when, [], [
            cdss(p, "环境瓦斯", "3105回采工作面", v, "%CH4", when),
            cdss(breaker, "断电器", "3105回采工作面", "1", "", when),
            cdss(feed, "馈电器", "3105回采工作面", "1", "", when),
        ])
        when += dt.timedelta(seconds=30)
    mines_csv(case, [(mine, "producing", "high")])


def area_case(case):
    """Areas approved 5 each; 5-minute snapshots with these headcounts per area."""
    mine = "520203000512"
    a3, a4, a5 = mine + "0003", mine + "0004", mine + "0005"
    write(case, mine, "RYQY", t(8, 0), [], [
        ["井口区域", mine + "0001", "0", "主斜井井口"],
        ["重点区域", a3, "5", "11601回采工作面"],
        ["重点区域", a4, "5", "11603运输巷掘进工作面"],
        ["重点区域", a5, "5", "11605回采工作面"],
    ])
    # (time, people in a3, in a4, in a5)
    timeline = [(t(10, 0), 5, 5, 5), (t(10, 5), 6, 5, 5), (t(10, 10), 7, 6, 5),
                (t(10, 15), 4, 6, 5)]
    for when, *counts in timeline:
        records = []
        n = 0
        for area, count in zip([a3, a4, a5], counts):
            for _ in range(count):
                n += 1
                card = f"{mine}{n:05d}"
                station = area + "000001"
                entered = t(9, 0)
                records.append([card, f"工人{n}", "1", fmt(entered), "", area, fmt(entered),
                                station, fmt(entered), "三八制", "5", "0", "0", "0",
                                f"{station}&{fmt(entered)}"])
        write(case, mine, "RYSS", when, [], records)
    mines_csv(case, [(mine, "producing", "low")])


def upload_gap_case(case):
    """Mine A uploads every minute 10:00–11:30. B stops after 10:05 and resumes at 10:20
    (a 15-min gap); C misses exactly 5 min (10:05 → 10:10, not > 5 min); D stops after
    10:05 for good (past 60 min: orange)."""
    mines = {"140421000111": None, "140421000222": (t(10, 5), t(10, 20)),
             "140421000333": (t(10, 5), t(10, 10)), "140421000444": (t(10, 5), t(23, 59))}
    for mine, gap in mines.items():
        p = mine + "MN0001"
        write(case, mine, "CDDY", t(10, 0), CDDY_HEADER, [
            methane_def(p, "东翼总回风巷", t(10, 0), alarm="0.70", cut="", restore=""),
        ])
        when = t(10, 0)
        while when <= t(11, 30):
            if gap is None or not (gap[0] < when < gap[1]):
                write(case, mine, "CDSS", when, [],
                      [cdss(p, "环境瓦斯", "东翼总回风巷", "0.20", "%CH4", when)])
            when += dt.timedelta(minutes=1)
    mines_csv(case, [(m, "producing", "low") for m in mines])


def future_mine_case(case):
    """Mines A, B, C upload every minute 10:00–10:30. D uploads too, but its central
    station's clock is wrong: its last file is named a year ahead. The replay clock is the
    newest time two mines have reached (docs/replay.md), so D alone does not move it and no
    other mine falls into mine.upload_gap at the end of the input."""
    mines = ["140421000111", "140421000222", "140421000333", "140421000444"]
    for mine in mines:
        p = mine + "MN0001"
        write(case, mine, "CDDY", t(10, 0), CDDY_HEADER, [
            methane_def(p, "东翼总回风巷", t(10, 0), alarm="0.70", cut="", restore=""),
        ])
        when = t(10, 0)
        while when <= t(10, 30):
            write(case, mine, "CDSS", when, [],
                  [cdss(p, "环境瓦斯", "东翼总回风巷", "0.20", "%CH4", when)])
            when += dt.timedelta(minutes=1)
    ahead = t(10, 31).replace(year=2027)
    write(case, mines[3], "CDSS", ahead, [],
          [cdss(mines[3] + "MN0001", "环境瓦斯", "东翼总回风巷", "0.20", "%CH4", ahead)])
    mines_csv(case, [(m, "producing", "low") for m in mines])


def gap_backlog_case(case):
    """Mines A and C upload every minute 10:00–10:40. B (a return-air methane sensor,
    alarm 0.70 %, alarm only) is
    silent after 10:05; its 10:30 file carries the backlog: readings of 1.80 and 1.60 % dated
    10:10:30 and 10:20:00, inside the gap (from 10:10, the last file + 5 min, to 10:25, the
    gap time before the file that ended it), then 0.20 at 10:29:50. Expected: B's
    mine.upload_gap (yellow, 10:10–10:30) and no gas.alarm: nothing is raised for a missing
    period (rules.md part B inhibition). The 10:10:30 reading came before the gap was noticed
    (the clock passed 10:10 only with the 10:11 files), so it tells whether inhibition starts
    at the gap's start."""
    mines = ["140421000111", "140421000222", "140421000333"]
    for mine in mines:
        p = mine + "MN0001"
        write(case, mine, "CDDY", t(10, 0), CDDY_HEADER, [
            methane_def(p, "东翼总回风巷", t(10, 0), alarm="0.70", cut="", restore=""),
        ])
        when = t(10, 0)
        while when <= t(10, 40):
            if mine != mines[1] or when <= t(10, 5) or when > t(10, 30):
                write(case, mine, "CDSS", when, [],
                      [cdss(p, "环境瓦斯", "东翼总回风巷", "0.20", "%CH4", when)])
            elif when == t(10, 30):
                write(case, mine, "CDSS", when, [], [
                    cdss(p, "环境瓦斯", "东翼总回风巷", "1.80", "%CH4", t(10, 10, 30)),
                    cdss(p, "环境瓦斯", "东翼总回风巷", "1.60", "%CH4", t(10, 20)),
                    cdss(p, "环境瓦斯", "东翼总回风巷", "0.20", "%CH4", t(10, 29, 50)),
                ])
            when += dt.timedelta(minutes=1)
    mines_csv(case, [(m, "producing", "low") for m in mines])


if __name__ == "__main__":
    gas_case("gas_alarm_face_1_00", ["0.80", "0.95", "1.00", "1.05", "1.00", "0.90", "0.60",
                                     "0.60", "0.60"])
    gas_case("gas_alarm_face_0_99_near_miss", ["0.80", "0.95", "0.99", "0.99", "0.98",
                                               "0.90", "0.60", "0.60", "0.60"])
    # Flap merge (rules.md part B): closed at 10:01:00, re-opened at 10:05:30 (4.5 min: the
    # same episode); closed at 10:06:00, re-opened at 10:12:30 (6.5 min: a new episode).
    gas_case("gas_alarm_flap_merge", ["1.05", "0.80"] + ["0.60"] * 8 + ["1.10", "0.50"] +
             ["0.60"] * 12 + ["1.02", "0.50", "0.60", "0.60"])
    area_case("area_over_limit_5_6_7")
    upload_gap_case("mine_upload_gap")
    future_mine_case("replay_clock_future_mine_near_miss")
    gap_backlog_case("mine_upload_gap_backlog_inhibited")
