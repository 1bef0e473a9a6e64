#!/usr/bin/env python3
"""Writes the networking files, mines.csv and README.md of the data.suspected_fabrication
scenario cases: one mine, four analog points (a main-return methane sensor and three CO
sensors), one CDSS file a minute from 09:00 to 10:10 with values drawn independently and
uniformly in a narrow band (a fixed seed, so the files never change).
- data_fabrication_values_and_timestamp: every record carries the file's upload time —
  two fingerprints (white_noise, one_timestamp) over the 09:00–10:00 window: one red alarm.
- data_fabrication_values_only_near_miss: the same values, record times 1–3 s before the
  upload as a real central station writes them — one fingerprint only: no alarm.

expected.jsonl is NOT generated: it was checked field by field against rules.md part B
(see each case's README.md). Re-run after changing a timeline:
    python3 tests/scenarios/make_fabrication_cases.py
"""
import datetime as dt, random

from casegen import MINE, NAME, Case, ts
BASE = dt.datetime(2026, 9, 23, 9, 0, 0)
CH4 = MINE + "MN0001"
COS = [MINE + "MN0004", MINE + "MN0005", MINE + "MN0006"]
CO_PLACES = ["3105回风巷", "1201掘进回风流", "东翼总回风巷"]

def cddy(t):
    recs = [f"{CH4};01;001;0001;MN;%CH4;4.00;0.00;0.70;0.70;;;;;;;;;东翼总回风巷;;;;;{ts(t)}"]
    for p, place in zip(COS, CO_PLACES):
        recs.append(f"{p};01;001;0004;MN;ppm;500;0;24;24;;;;;;;;;{place};;;;;{ts(t)}")
    head = f"{MINE};{NAME};KJ95X;煤矿安全监控系统;测试厂家;2028-06-30;{ts(t)}"
    return "~".join([head] + recs) + "~||"

def cdss(t, values, offsets):
    recs = [f"{CH4};环境瓦斯;东翼总回风巷;{values[0]};%CH4;0;{ts(t - dt.timedelta(seconds=offsets[0]))}"]
    for i, (p, place) in enumerate(zip(COS, CO_PLACES)):
        recs.append(f"{p};一氧化碳;{place};{values[i + 1]};ppm;0;"
                    f"{ts(t - dt.timedelta(seconds=offsets[i + 1]))}")
    return "~".join([f"{MINE};{NAME};{ts(t)}"] + recs) + "~||"

def case(name, readme, jitter):
    c = Case(name, readme)
    t0 = BASE - dt.timedelta(minutes=1)
    c.file("CDDY", t0, cddy(t0))
    values = random.Random(4)  # the same draws in both cases
    times = random.Random(5)
    for m in range(0, 71):
        t = BASE + dt.timedelta(minutes=m)
        vals = [f"{values.uniform(0.20, 0.40):.2f}"] + [str(values.randint(5, 15)) for _ in COS]
        offs = [times.randint(1, 3) if jitter else 0 for _ in range(4)]
        c.file("CDSS", t, cdss(t, vals, offs))

case("data_fabrication_values_and_timestamp", """
data.suspected_fabrication: one CDSS file a minute from 09:00 to 10:10; the four analog
points' values are independent uniform draws (CH4 0.20–0.40 %, CO 5–15 ppm) and every record
carries the file's upload time. Over the window 09:00–10:00 two fingerprints hold: white_noise
(≥ 3 of the 4 points, the pack's 0.75, with |lag-1 autocorrelation| < 0.3 and a flat
histogram, kurtosis < 2.2) and
one_timestamp (every file). Expected:
one red episode, start 09:00 (the evidence window's start), still open at the end (the partial
10:00–10:10 window cannot be judged: too few samples per point), no peak. No people files, so
shift_entries is not judged.
""", jitter=False)

case("data_fabrication_values_only_near_miss", """
data.suspected_fabrication near miss: the same values as data_fabrication_values_and_timestamp,
but every record's time is 1–3 s before the file's upload time, as a real central station
writes them. Only white_noise holds; one fingerprint alone never raises. Expected: no alarm.
""", jitter=True)
