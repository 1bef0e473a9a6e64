#!/usr/bin/env python3
"""Writes the networking files, mines.csv and README.md of the data.suspected_fabrication
scenario cases on personnel tracks (fingerprint fixed_rotation, docs/rules.md §5): one mine,
a main-return methane and a CO sensor read each minute 09:00–10:10 (a slow real-looking walk, every
record stamped with the file's upload time: the one_timestamp fingerprint), and an RYSS
snapshot every 5 min of 12 people who entered one by one from 07:30 and walked four stations.
- data_fabrication_tracks_and_timestamp: every person passes the four stations at the same
  offsets after entry (+300 s, +600 s, +900 s, +1200 s): two fingerprints, one red alarm.
- data_fabrication_tracks_walked_near_miss: each leg takes each person their own time (a
  fixed seed): one_timestamp alone, no alarm.

expected.jsonl is NOT generated: it was checked field by field against rules.md part B
(see each case's README.md). Re-run after changing a timeline:
    python3 tests/scenarios/make_rotation_cases.py
"""
import datetime as dt, random

from casegen import MINE, NAME, Case, ts
BASE = dt.datetime(2026, 9, 23, 9, 0, 0)
CH4 = MINE + "MN0001"
CO = MINE + "MN0004"
AREA = MINE + "0004"
PEOPLE = 12

def cddy(t):
    rec = f"{CH4};01;001;0001;MN;%CH4;4.00;0.00;0.70;0.70;;;;;;;;;东翼总回风巷;;;;;{ts(t)}"
    co = f"{CO};01;001;0004;MN;ppm;500;0;24;24;;;;;;;;;东翼总回风巷;;;;;{ts(t)}"
    head = f"{MINE};{NAME};KJ95X;煤矿安全监控系统;测试厂家;2028-06-30;{ts(t)}"
    return f"{head}~{rec}~{co}~||"

def ryss(t, people):
    recs = []
    for card, entry, legs in people:
        track, at = [(AREA[:12] + "0001000001", entry)], entry
        for k, leg in enumerate(legs):
            at = at + dt.timedelta(seconds=leg)
            if at > t:
                break
            track.append((f"{AREA}00000{k + 1}", at))
        station, since = track[-1]
        recs.append(f"{card};工人{card[-2:]};1;{ts(entry)};;{AREA};{ts(entry)};{station};{ts(since)};"
                    f"三八制;5;0;0;0;" + ",".join(f"{s}&{ts(a)}" for s, a in track))
    return "~".join([f"{MINE};{NAME};{ts(t)}"] + recs) + "~||"

def case(name, readme, copied):
    out = Case(name, readme)
    t0 = BASE - dt.timedelta(minutes=1)
    out.file("CDDY", t0, cddy(t0))
    rng = random.Random(8)
    people = []
    for i in range(PEOPLE):
        entry = dt.datetime(2026, 9, 23, 7, 30) + dt.timedelta(seconds=rng.randint(0, 45 * 60))
        legs = [300] * 4 if copied else [rng.randint(240, 900) for _ in range(4)]
        people.append((f"{MINE}{i + 1:05d}", entry, legs))
    walk = random.Random(9)
    v, c = 0.30, 6
    for m in range(0, 71):
        t = BASE + dt.timedelta(minutes=m)
        v = min(0.6, max(0.1, v + walk.choice([-0.01, 0, 0.01])))
        c = min(12, max(2, c + walk.choice([-1, 0, 1])))
        out.file("CDSS", t, f"{MINE};{NAME};{ts(t)}~{CH4};环境瓦斯;东翼总回风巷;{v:.2f};%CH4;0;{ts(t)}~"
                    f"{CO};一氧化碳;东翼总回风巷;{c};ppm;0;{ts(t)}~||")
        if m % 5 == 0:
            out.file("RYSS", t, ryss(t, people))

case("data_fabrication_tracks_and_timestamp", """
data.suspected_fabrication on tracks: one CDSS file a minute 09:00–10:10 whose every record
carries the file's upload time (one_timestamp), and an RYSS snapshot every 5 min of 12 people
who entered one by one between 07:30 and 08:15 and passed four stations each exactly 300 s
after the previous one — every person's track (stations, seconds since entry) is identical to
the others' (fixed_rotation: the fraction is 1.000 in every snapshot, ≥ 0.5). Over the window
09:00–10:00 two fingerprints hold. Expected: one red episode, start 09:00 (the evidence
window's start), still open at the end (the partial 10:00–10:10 window has too few files to
judge), no peak. The methane walks slowly (white_noise does not hold), and the entries are
staggered (shift_entries does not hold).
""", copied=True)

case("data_fabrication_tracks_walked_near_miss", """
data.suspected_fabrication near miss on tracks: as data_fabrication_tracks_and_timestamp, but
each person takes their own 4–15 min per leg between stations, as people walk: no two tracks
are identical (fixed_rotation holds in no snapshot). Only one_timestamp holds; one fingerprint
alone never raises. Expected: no alarm.
""", copied=False)
