// The point curve: raw samples for short spans, 5-minute rollups (min/avg/max band) beyond 6 h
// (the API picks; docs/api.md), with the alarm and cut thresholds drawn as lines.
export const SPANS = ['1h', '6h', '24h', '7d']
const SPAN_MS = { '1h': 3600e3, '6h': 6 * 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3 }

// Whole seconds: the API reads ISO 8601 without fractions (2026-09-23T02:00:00Z).
function isoSeconds(d) {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function spanRange(span, now = new Date()) {
  const ms = SPAN_MS[span] || SPAN_MS['1h']
  return { from: isoSeconds(new Date(now.getTime() - ms)), to: isoSeconds(now) }
}

// The thresholds to draw: the platform's effective ones for methane, else the mine's own.
export function thresholdLines(point) {
  if (!point) return {}
  const e = point.effective
  const th = point.thresholds || {}
  const alarm = e && e.alarm != null ? e.alarm : th.high_alarm
  const cut = e && e.cut != null ? e.cut : th.high_cut
  return { alarm: alarm == null ? null : Number(alarm), cut: cut == null ? null : Number(cut) }
}

export function seriesOption(series, point, labels = { alarm: 'alarm', cut: 'cut' }) {
  const lines = thresholdLines(point)
  const markLine = {
    symbol: 'none',
    data: [
      lines.alarm != null && { yAxis: lines.alarm, name: labels.alarm, lineStyle: { color: '#e8710a', type: 'dashed' }, label: { formatter: `${labels.alarm} {c}` } },
      lines.cut != null && { yAxis: lines.cut, name: labels.cut, lineStyle: { color: '#d93026' }, label: { formatter: `${labels.cut} {c}` } },
    ].filter(Boolean),
  }
  const base = {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 50, right: 60, top: 20, bottom: 40 },
    xAxis: { type: 'time', axisLabel: { formatter: chinaAxisLabel } },
    // Stretch the axis to the thresholds: ECharts does not draw a mark line off the axis.
    yAxis: {
      type: 'value',
      name: point ? point.unit : '',
      scale: true,
      max: (v) => Math.max(v.max, ...[lines.alarm, lines.cut].filter((x) => x != null)),
    },
  }
  if (!series) return { ...base, series: [{ type: 'line', data: [], markLine }] }
  if (series.resolution === 'raw') {
    const data = (series.samples || []).map((s) => [s.time, Number(s.value)])
    return { ...base, series: [{ type: 'line', name: point ? point.code : '', data, showSymbol: data.length < 60, markLine }] }
  }
  const r = series.rollups || []
  return {
    ...base,
    series: [
      { type: 'line', name: 'max', data: r.map((x) => [x.time, Number(x.max)]), showSymbol: false, lineStyle: { opacity: 0.4 } },
      { type: 'line', name: 'avg', data: r.map((x) => [x.time, Number(x.avg)]), showSymbol: false, markLine },
      { type: 'line', name: 'min', data: r.map((x) => [x.time, Number(x.min)]), showSymbol: false, lineStyle: { opacity: 0.4 } },
    ],
  }
}

// Axis ticks in China time (UTC+8, no DST).
function chinaAxisLabel(ms) {
  const d = new Date(ms + 8 * 3600e3)
  const p = (n) => String(n).padStart(2, '0')
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}\n${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}
