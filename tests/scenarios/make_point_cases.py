#!/usr/bin/env python3
"""Writes the networking files, mines.csv and README.md of the point-rule scenario cases
(gas.alarm, gas.power_cut_failed, gas.co_alarm, sensor.*): one positive and one near-miss
per kind, at the edges of rules.md part B. One mine, three points — a coal-face methane
sensor (MN0001, D relation to the feed KG0003), a CO sensor (MN0004), the feed (KG0003) —
one CDSS file a minute (every 4 min for the 4-hour flatline cases).

expected.jsonl is NOT generated: each was checked field by field against rules.md part B
(see each case's README.md). Re-run after changing a timeline:
    python3 tests/scenarios/make_point_cases.py
"""
import datetime as dt

from casegen import MINE, NAME, Case, ts
BASE = dt.datetime(2026, 9, 23, 8, 0, 0)
CH4, CO, FEED = MINE + "MN0001", MINE + "MN0004", MINE + "KG0003"


def methane_def(alarm="1.00", cut="1.50", restore="1.00", t=None):
    return (f"{CH4};01;001;0001;MN;%CH4;4.00;0.00;{alarm};{alarm};;;{cut};{restore};;;;;3105回采工作面;"
            f";;;D-{CH4}-断电器:D-{FEED};{ts(t)}")

def cddy(t, methane):
    recs = [methane,
            f"{CO};01;001;0004;MN;ppm;500;0;24;24;;;;;;;;;3105回风巷;;;;;{ts(t)}",
            f"{FEED};01;001;1011;KG;;;;;;;;;;;;有电压;负荷侧无电压;3105回采工作面配电点;;;;;{ts(t)}"]
    head = f"{MINE};{NAME};KJ95X;煤矿安全监控系统;测试厂家;2028-06-30;{ts(t)}"
    return "~".join([head] + recs) + "~||"

def cdss(t, values):
    # values: point -> (value, status, seconds offset of the record time)
    names = {CH4: ("环境瓦斯", "3105回采工作面", "%CH4"), CO: ("一氧化碳", "3105回风巷", "ppm"),
             FEED: ("馈电器", "3105回采工作面配电点", "")}
    recs = []
    for p in (CH4, CO, FEED):
        v, st = values[p]
        n, loc, unit = names[p]
        recs.append(f"{p};{n};{loc};{v};{unit};{st};{ts(t)}")
    return "~".join([f"{MINE};{NAME};{ts(t)}"] + recs) + "~||"

def ryss(t, people):
    recs = []
    area = MINE + "0001"
    station = area + "000001"
    for i in range(people):
        card = f"{MINE}{i + 1:05d}"
        leader = 1 if i == 0 else 0
        entry = ts(BASE - dt.timedelta(minutes=10))
        recs.append(f"{card};工人{i + 1};1;{entry};;{area};{entry};{station};{entry};三八制;10;0;{leader};0;"
                    f"{station}&{entry}")
    return "~".join([f"{MINE};{NAME};{ts(t)}"] + recs) + "~||"

def case(name, readme, minutes, at, methane=None, people=None, step=1):
    """at(minute) -> {point: (value, status)} overrides of the quiet values."""
    c = Case(name, readme)
    t0 = BASE - dt.timedelta(minutes=1)
    c.file("CDDY", t0, cddy(t0, methane or methane_def(t=t0)))
    for m in range(0, minutes + 1, step):
        t = BASE + dt.timedelta(minutes=m)
        vals = {CH4: (f"0.{10 + m % 20:02d}", 0), CO: ("3", 0), FEED: ("1", 0)}
        vals.update(at(m))
        c.file("CDSS", t, cdss(t, vals))
        if people is not None and m % 5 == 0:
            c.file("RYSS", t, ryss(t, people))

def rng(m, a, b): return a <= m <= b

# gas.alarm: 1.00 opens orange, 1.60 escalates to red, the feed loses power (cut worked).
case("gas_alarm_red_escalation", """
gas.alarm escalating orange → red at a coal face (rules.md A1 `coal_face`: alarm ≥ 1.00,
cut ≥ 1.50). MN0001 reads 1.00 at 08:03, 1.60 at 08:04, 1.20 at 08:05, then 0.xx from 08:06;
the linked feed KG0003 shows 0 from 08:04 (the cut worked, so no gas.power_cut_failed).
Expected: one episode, start 08:03 (first sample ≥ 1.00), severity red (1.60 ≥ 1.50), end
08:06 (first sample under the clear level 1.00), peak 1.6.
""", 10, lambda m: {
    **({CH4: ({3: "1.00", 4: "1.60", 5: "1.20"}[m], 0)} if rng(m, 3, 5) else {}),
    **({FEED: ("0", 0)} if rng(m, 4, 6) else {})})
# near-miss: 0.99 at the face, and 2.00 while calibrating (flag 4).
case("gas_alarm_calibrating_near_miss", """
gas.alarm near misses: MN0001 reads 0.99 at 08:03 (under the 1.00 alarm of a coal face) and
2.00 at 08:06 flagged calibrating (status 4: rules.md gas.alarm ignores flagged samples; one
minute of calibration is not suspicious either). Expected: no alarm.
""", 10, lambda m: {CH4: ("0.99", 0)} if m == 3 else
     ({CH4: ("2.00", 4)} if m == 6 else {}))
# gas.power_cut_failed: 1.60 at 08:04, the linked feed still 1 up to 08:05 (t + 60 s).
case("gas_power_cut_failed_feed_on", """
gas.power_cut_failed: MN0001 reads 1.60 (≥ the 1.50 cut) at 08:04 and 08:05; its D-relation
feed KG0003 still shows 1 at 08:04:00 and 08:05:00, i.e. in [t, t + 60 s] with t = 08:04.
Expected: gas.alarm red from 08:04 (the first sample is already ≥ cut) to 08:06, peak 1.6;
gas.power_cut_failed red, start 08:04 (the first sample ≥ cut), ending with the gas episode
at 08:06; no peak (the concentration's peak belongs to the gas.alarm episode).
""", 10, lambda m: {CH4: ("1.60", 0)} if rng(m, 4, 5) else {})
# near-miss: the feed drops to 0 in the cut sample's own file.
case("gas_power_cut_feed_off_near_miss", """
gas.power_cut_failed near miss: as gas_power_cut_failed_feed_on, but the feed KG0003 shows 0
from 08:04 (in the cut sample's own file): power was cut. Expected: only the gas.alarm episode
(red, 08:04–08:06, peak 1.6).
""", 10, lambda m: {
    **({CH4: ("1.60", 0)} if rng(m, 4, 5) else {}), **({FEED: ("0", 0)} if rng(m, 4, 6) else {})})
# gas.co_alarm: 24 orange, 48 red.
case("gas_co_alarm_24_48", """
gas.co_alarm at the edges (rules.md A2: CO 24 ppm, art. 135; red at 2 × 24 = 48). MN0004
reads 24 at 08:03, 30 at 08:04, 48 at 08:05, 10 at 08:06. Expected: one episode, start 08:03,
severity red (48 ≥ 48), end 08:06, peak 48.
""", 10, lambda m: {CO: ({3: "24", 4: "30", 5: "48", 6: "10"}[m], 0)} if rng(m, 3, 6) else {})
case("gas_co_23_near_miss", """
gas.co_alarm near miss: MN0004 reads 23 ppm (under 24) from 08:03 to 08:05. Expected: no
alarm.
""", 10, lambda m: {CO: ("23", 0)} if rng(m, 3, 5) else {})
# sensor.threshold_misconfigured: the face sensor alarms at 1.20 (> 1.00 of 规程第498条).
t0 = BASE - dt.timedelta(minutes=1)
case("sensor_threshold_misconfigured_alarm_1_20", """
sensor.threshold_misconfigured: the CDDY (data time 07:59:00) gives the coal-face sensor
MN0001 an alarm threshold of 1.20 — looser than the 1.00 of 规程第498条 表19. Expected: one
orange episode, start 07:59:00 (the CDDY data time), still open at the end (end null); rule
coal.ch4.coal_face. Readings stay low: the effective alarm is 1.00 anyway.
""", 5, lambda m: {}, methane=methane_def("1.20", "1.50", "1.00", t0))
case("sensor_threshold_stricter_near_miss", """
sensor.threshold_misconfigured near miss: the CDDY gives MN0001 alarm 0.80, cut 1.20,
restore 0.80 — all stricter than the regulation's 1.00 / 1.50 / 1.00, with its D relation.
Expected: no alarm.
""", 5, lambda m: {}, methane=methane_def("0.80", "1.20", "0.80", t0))
# sensor.fault: sensor fault (128) 08:01–08:11 (10 min), normal at 08:12; near-miss 9 min.
case("sensor_fault_10_min", """
sensor.fault: MN0001 sends status 128 (sensor fault) every minute from 08:01 to 08:11 — 10
minutes from the first faulty sample — and is normal from 08:12. Expected: one yellow
episode, start 08:01 (first faulty sample), end 08:12 (first normal sample). Faulty samples
raise no gas alarm.
""", 15, lambda m: {CH4: ("0.00", 128)} if rng(m, 1, 11) else {})
case("sensor_fault_9_min_near_miss", """
sensor.fault near miss: status 128 from 08:01 to 08:10 (9 minutes), normal from 08:11.
Expected: no alarm.
""", 15, lambda m: {CH4: ("0.00", 128)} if rng(m, 1, 10) else {})
# sensor.calibration_suspicious: flagged 08:01–09:01, normal 09:02 (61 min); near-miss 60 min.
case("sensor_calibration_61_min", """
sensor.calibration_suspicious: MN0001 reads 2.00 flagged calibrating (status 4) every minute
from 08:01 to 09:01, normal from 09:02: 61 minutes of calibration (first flagged sample to
the first unflagged one) > 60 within 24 h. Expected: one orange episode, start 08:01 (start of
the offending calibration), ending with the calibration at 09:02; no gas.alarm for the 2.00
test gas.
""", 65, lambda m: {CH4: ("2.00", 4)} if rng(m, 1, 61) else {})
case("sensor_calibration_60_min_near_miss", """
sensor.calibration_suspicious near miss: flagged from 08:01 to 09:00, normal from 09:01 —
exactly 60 minutes, not more. Expected: no alarm.
""", 65, lambda m: {CH4: ("2.00", 4)} if rng(m, 1, 60) else {})
# sensor.flatline: 0.12 every 4 min from 08:00 to 12:00 (240 min, 61 samples), 6 people
# underground; near-miss: the value changes at 12:00 (236 min).
case("sensor_flatline_240_min", """
sensor.flatline: the coal-face methane sensor MN0001 reads exactly 0.12 every 4 minutes from
08:00 to 12:00 (240 min, 61 samples ≥ 20) while RYSS snapshots show 6 people underground
(one of them a mine leader); 0.13 at 12:04. Expected: one orange episode, start 08:00 (first
sample of the run), end 12:04 (the value changed), peak 0.12.
""", 244, lambda m: {CH4: ("0.12", 0) if m <= 240 else ("0.13", 0)}, people=6, step=4)
case("sensor_flatline_236_min_near_miss", """
sensor.flatline near miss: as sensor_flatline_240_min, but the value changes to 0.13 at
12:00, so the run of 0.12 lasts 236 minutes. Expected: no alarm.
""", 244, lambda m: {CH4: ("0.12", 0) if m < 240 else ("0.13", 0)},
     people=6, step=4)
