# Writes the networking files and mines.csv of the personnel / mine-level scenario cases
# (personnel_*, mine_activity_while_closed). Never writes expected.jsonl: those lines were
# checked by hand against rules.md part B (see each case's README.md).
import os, datetime as dt
MINE = "140421000111"
NAME = "山西长治鑫源煤业有限公司"
OUT = os.path.dirname(os.path.abspath(__file__))

def ts(t): return t.strftime("%Y-%m-%d %H:%M:%S")
def fn(kind, t): return f"{MINE}_{kind}_{t.strftime('%Y%m%d%H%M%S')}.txt"
def T(h, m=0, s=0, day=23): return dt.datetime(2026, 9, day, h, m, s)
def card(n): return f"{MINE}{n:05d}"
def area(n): return f"{MINE}{n:04d}"
def station(a, n=1): return f"{area(a)}{n:06d}"

def write(case, kind, t, records):
    d = os.path.join(OUT, case); os.makedirs(d, exist_ok=True)
    body = f"{MINE};{NAME};{ts(t)}~" + "".join(r + "~" for r in records) + "||"
    open(os.path.join(d, fn(kind, t)), "w", encoding="utf-8").write(body)

def mines_csv(case, status="producing", extra_cols="", extra_vals=""):
    d = os.path.join(OUT, case); os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "mines.csv"), "w").write(
        f"mine_code,name,status,gas_grade{extra_cols}\n{MINE},{NAME},{status},low{extra_vals}\n")

AREAS = [("井口区域", 1, 0, "主斜井井口"), ("重点区域", 3, 25, "3105回采工作面"),
         ("其它区域", 5, 60, "井底车场"), ("限制区域", 6, 0, "3101采空区密闭")]
def ryqy(case, t):
    write(case, "RYQY", t, [f"{ty};{area(a)};{ap};{nm}" for ty, a, ap, nm in AREAS])

def ryxx(case, t, leaders=(900,), workers=range(1, 13)):
    recs = []
    for n in leaders: recs.append(f"{card(n)};领导{n};管理人员;副矿长;矿领导;1975-01-01;本科;1;0")
    for n in workers: recs.append(f"{card(n)};工人{n};采煤工;未设置;综采一队;1990-01-01;高中;0;0")
    d = os.path.join(OUT, case); os.makedirs(d, exist_ok=True)
    body = f"{MINE};{NAME};320;KJ128A;矿井人员管理系统;煤科集团;2027-03-15;{ts(t)}~" + "".join(r + "~" for r in recs) + "||"
    open(os.path.join(d, fn("RYXX", t)), "w", encoding="utf-8").write(body)

def presence(n, entry, a, a_entry, leader=False, flag=1, exit_t=None):
    st = station(a)
    track = f"{station(1)}&{ts(entry)},{st}&{ts(a_entry)}"
    return (f"{card(n)};{'领导' if leader else '工人'}{n};{flag};{ts(entry)};{ts(exit_t) if exit_t else ''};"
            f"{area(a)};{ts(a_entry)};{st};{ts(a_entry)};三八制;10;0;{1 if leader else 0};0;{track}")

def ryss(case, t, people): write(case, "RYSS", t, people)

def fresh(case):
    """Removes the case's networking files (README.md and expected.jsonl stay)."""
    d = os.path.join(OUT, case)
    if not os.path.isdir(d): return
    for f in os.listdir(d):
        if f.endswith(".txt"): os.remove(os.path.join(d, f))

# --- personnel.overtime: one card 10 h underground (positive), one card 9 h 59 (near miss).
c = "personnel_overtime"; fresh(c); mines_csv(c); ryqy(c, T(0)); ryxx(c, T(0))
e1, e2 = T(0, 5), T(0, 10)
for t in [T(0, 15), T(5, 0), T(10, 5), T(10, 9)]:
    ryss(c, t, [presence(1, e1, 3, T(0, 40)), presence(2, e2, 3, T(0, 40))])
# card 2 surfaces at 10:09:30 (9 h 59 min 30 s), card 1 at 10:12
ryss(c, T(10, 10), [presence(1, e1, 3, T(0, 40)), presence(2, e2, 1, T(10, 9, 30), flag=2, exit_t=T(10, 9, 30))])
ryss(c, T(10, 15), [presence(1, e1, 1, T(10, 12), flag=2, exit_t=T(10, 12))])

# --- personnel.restricted_area: card 1 walks into the 限制区域 (positive); card 2 stays next
# to it in the key area (near miss).
c = "personnel_restricted_area"; fresh(c); mines_csv(c); ryqy(c, T(8)); ryxx(c, T(8))
e = T(8, 10)
ryss(c, T(8, 30), [presence(1, e, 3, T(8, 20)), presence(2, e, 3, T(8, 20))])
ryss(c, T(8, 35), [presence(1, e, 6, T(8, 32, 10)), presence(2, e, 3, T(8, 20))])
ryss(c, T(8, 40), [presence(1, e, 6, T(8, 32, 10)), presence(2, e, 3, T(8, 20))])
ryss(c, T(8, 45), [presence(1, e, 3, T(8, 43)), presence(2, e, 3, T(8, 20))])

# --- personnel.sos: an RYQJ record, sent twice while it lasts, then with its end: one red
# alarm from its start to its end.
c = "personnel_sos"; fresh(c); mines_csv(c); ryqy(c, T(8)); ryxx(c, T(8))
e = T(8, 10)
ryss(c, T(9, 0), [presence(1, e, 3, T(8, 20)), presence(2, e, 3, T(8, 20))])
sos = lambda end: f"{card(2)};工人2;{ts(e)};{ts(T(9, 2, 11))};{ts(end) if end else ''};{area(3)};{ts(T(8, 20))};{station(3)};{ts(T(8, 20))}"
write(c, "RYQJ", T(9, 5), [sos(None)])
ryss(c, T(9, 5), [presence(1, e, 3, T(8, 20)), presence(2, e, 3, T(8, 20))])
write(c, "RYQJ", T(9, 10), [sos(None)])
ryss(c, T(9, 10), [presence(1, e, 3, T(8, 20)), presence(2, e, 3, T(8, 20))])
write(c, "RYQJ", T(9, 15), [sos(T(9, 12, 40))])

# --- personnel.leader_absent: one-hour shifts (mines.csv shifts) so a window is 12 snapshots.
# 08:00–09:00: 6 people, the leader in 5 of 12 snapshots → alarm; 09:00–10:00: the leader in
# 6 of 12 (exactly half) → none; 10:00–11:00: 4 people, no leader → not worked, none.
c = "personnel_leader_absent"; fresh(c)
mines_csv(c, extra_cols=",shifts", extra_vals=",08:00;09:00;10:00;11:00")
ryqy(c, T(7)); ryxx(c, T(7))
e = T(7, 40)
for w, (workers, leader_snaps) in enumerate([(5, 5), (5, 6), (4, 0)]):
    for i in range(12):
        t = T(8 + w, 5 * i)
        ppl = [presence(n, e, 3, T(7, 50)) for n in range(1, workers + 1)]
        if i < leader_snaps: ppl.append(presence(900, e, 3, T(7, 50), leader=True))
        elif workers == 5: ppl.append(presence(6, e, 3, T(7, 50)))
        ryss(c, t, ppl)
ryss(c, T(11, 0), [presence(n, e, 1, T(10, 58), flag=2, exit_t=T(10, 58)) for n in range(1, 5)])

# --- mine.activity_while_closed: a closed mine with 1 person underground at night (positive)
# and a stopped mine keeping 10 (its allowance) underground (near miss) then 11 (positive).
c = "mine_activity_while_closed"; fresh(c)
d = os.path.join(OUT, c); os.makedirs(d, exist_ok=True)
open(os.path.join(d, "mines.csv"), "w").write(
    "mine_code,name,status,gas_grade,maintenance_allowance\n"
    f"{MINE},{NAME},closed,low,10\n"
    f"620823009203,甘肃停产煤矿,stopped,low,10\n")
ryqy(c, T(0)); ryxx(c, T(0))
ryss(c, T(1, 0), [])
ryss(c, T(1, 5), [presence(1, T(0, 50), 5, T(1, 0))])
ryss(c, T(1, 10), [presence(1, T(0, 50), 1, T(1, 8), flag=2, exit_t=T(1, 8))])
# the stopped mine, its own codes
MINE2 = "620823009203"
def write2(kind, t, recs):
    body = f"{MINE2};甘肃停产煤矿;{ts(t)}~" + "".join(r + "~" for r in recs) + "||"
    open(os.path.join(d, f"{MINE2}_{kind}_{t.strftime('%Y%m%d%H%M%S')}.txt"), "w", encoding="utf-8").write(body)
def p2(n, a=5):
    return (f"{MINE2}{n:05d};工人{n};1;{ts(T(1, 0))};;{MINE2}{a:04d};{ts(T(1, 10))};{MINE2}{a:04d}000001;"
            f"{ts(T(1, 10))};三八制;10;0;0;0;{MINE2}{a:04d}000001&{ts(T(1, 10))}")
write2("RYQY", T(0), [f"其它区域;{MINE2}0005;60;井底车场"])
write2("RYSS", T(1, 15), [p2(n) for n in range(1, 11)])
write2("RYSS", T(1, 20), [p2(n) for n in range(1, 11)])
write2("RYSS", T(1, 25), [p2(n) for n in range(1, 12)])
print("ok")
