#!/usr/bin/env bash
# Draws one simulated coal face over a day: methane at its upper corner (T0), the face (T1)
# and the return (T2), and how many people are in the face's area, from the networking files
# `minewatch simulate` writes, read back with `minewatch inspect` (docs/simulate.md).
# Usage: scripts/plot-day.sh <minewatch> [out.png] [seed]
# Needs jq and gnuplot (Debian gnuplot-nox: the plain `png` terminal).
set -euo pipefail
bin=${1:?usage: $0 <minewatch> [out.png] [seed]}
out=${2:-docs/img/sim-day.png}
seed=${3:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" simulate --mines 6 --hours 24 --seed "$seed" --out "$work/data" >/dev/null
# The first producing mine; its first coal face (the one with an upper-corner sensor).
mine=$(awk -F, 'NR > 1 && $3 == "producing" { print $1; exit }' "$work/data/mines.csv")
[ -n "$mine" ] || { echo "plot-day: no producing mine with seed $seed" >&2; exit 1; }
dir="$work/data/$mine"
"$bin" inspect "$dir"/*_CDDY_*.txt "$dir"/*_RYQY_*.txt >"$work/defs.jsonl"
corner=$(jq -r 'select(.type == "CDDY" and (.record.location | endswith("回风隅角")))
                | .record.location' "$work/defs.jsonl" | head -1)
face=${corner%回风隅角}
[ -n "$face" ] || { echo "plot-day: mine $mine has no coal face" >&2; exit 1; }
point() {
  jq -r --arg loc "$1" 'select(.type == "CDDY" and .record.location == $loc and
                               .record.sensor_type == "0001") | .record.point_code' \
    "$work/defs.jsonl" | head -1
}
t0=$(point "${face}回风隅角")
t1=$(point "${face}采煤工作面")
t2=$(point "${face}回风巷")
area=$(jq -r --arg n "${face}采煤工作面" 'select(.type == "RYQY" and .record.area_name == $n)
                                         | .record.area_code' "$work/defs.jsonl")
approved=$(jq -r --arg n "${face}采煤工作面" 'select(.type == "RYQY" and .record.area_name == $n)
                                             | .record.approved_count' "$work/defs.jsonl")

# Hours since local midnight of the run's first day, from "yyyy-MM-ddTHH:mm:ss+08:00".
hours='def h: (.[8:10] | tonumber) * 24 + (.[11:13] | tonumber) + (.[14:16] | tonumber) / 60
                + (.[17:19] | tonumber) / 3600;'
cdss=("$dir"/*_CDSS_*.txt)
first_day=$(basename "${cdss[0]}" | sed 's/.*_CDSS_......\(..\).*/\1/')
find "$dir" -name '*_CDSS_*.txt' -print0 | sort -z | xargs -0 "$bin" inspect |
  jq -r --arg t0 "$t0" --arg t1 "$t1" --arg t2 "$t2" --argjson d "$((10#$first_day))" \
    "$hours"' select(.record) | .record | select(.point_code == $t0 or .point_code == $t1
              or .point_code == $t2) | [(.time | h) - $d * 24,
              (if .point_code == $t0 then 0 elif .point_code == $t1 then 1 else 2 end),
              .value, .status] | @tsv' >"$work/methane.tsv"
for k in 0 1 2; do awk -v k=$k '$2 == k && $4 == 0 { print $1, $3 }' "$work/methane.tsv" \
  >"$work/t$k.dat"; done
# People (flag 1) in the face's area at every snapshot, zero included.
find "$dir" -name '*_RYSS_*.txt' -print0 | sort -z | xargs -0 "$bin" inspect |
  jq -r --arg a "$area" --argjson d "$((10#$first_day))" "$hours"'
        if .summary then [(.file | capture("_RYSS_(?<t>[0-9]{14})").t
                           | .[0:4] + "-" + .[4:6] + "-" + .[6:8] + "T" + .[8:10] + ":"
                             + .[10:12] + ":" + .[12:14] | h) - $d * 24, "end"]
        else [0, (if .record.area_code == $a and .record.in_mine_flag == 1 then 1 else 0 end)]
        end | @tsv' |
  awk '$2 == "end" { print $1, n; n = 0; next } { n += $2 }' >"$work/people.dat"

shifts=$(awk -F, -v m="$mine" '$1 == m { print $6 }' "$work/data/mines.csv")
gnuplot <<GP
set terminal png size 1200,760 font ",11"
set output "$out"
set multiplot layout 2,1 title "Simulated coal face ${face}, mine ${mine} (seed ${seed}): one day, shifts ${shifts//;/ }"
set xrange [0:24]
set xtics 0,2,24
set grid
set lmargin 10
set ylabel "CH4 (%)"
set key top left
plot "$work/t0.dat" using 1:2 with lines lw 1 lc rgb "#d62728" title "T0 upper corner", \
     "$work/t1.dat" using 1:2 with lines lw 1 lc rgb "#1f77b4" title "T1 face", \
     "$work/t2.dat" using 1:2 with lines lw 1 lc rgb "#2ca02c" title "T2 return"
set ylabel "people in the face area"
set xlabel "hour of the day (China time); calibration samples (bit 4) left out"
set yrange [0:${approved} * 1.15]
plot "$work/people.dat" using 1:2 with steps lw 2 lc rgb "#444444" title "people (RYSS flag 1)", \
     ${approved} with lines dt 2 lc rgb "#ff7f0e" title "approved headcount (RYQY)"
unset multiplot
GP
echo "plot-day: $out (mine $mine, face $face: $t0 $t1 $t2, area $area)"
