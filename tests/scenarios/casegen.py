"""Shared by the make_*_cases.py scenario generators: the one test mine, networking-file
names and times as netfile.md writes them, and a case folder with its README.md and mines.csv.
The generators' output folder is their first argument, else this folder."""
import os, sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
MINE = "140421000111"
NAME = "测试煤矿"

def ts(t): return t.strftime("%Y-%m-%d %H:%M:%S")
def fn(kind, t): return f"{MINE}_{kind}_{t.strftime('%Y%m%d%H%M%S')}.txt"

class Case:
    """A case folder: README.md and a one-mine mines.csv written on creation."""
    def __init__(self, name, readme):
        self.dir = os.path.join(ROOT, name)
        os.makedirs(self.dir, exist_ok=True)
        self.write("README.md", readme.strip() + "\n")
        self.write("mines.csv", f"mine_code,name,status,gas_grade\n{MINE},{NAME},producing,low\n")

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w", encoding="utf-8") as f:
            f.write(text)

    def file(self, kind, t, text): self.write(fn(kind, t), text)
