// The alarm's evidence (GET /api/v1/alarms/{id} `evidence`, written by
// src/pipeline/storing_evaluator.cpp: {opened, escalations[], last, raises, reopenings}, each
// set {time, severity, items[{subject, time, value, note}]}) as rows a supervisor reads.
import { enumLabel, pointStatusLabel } from './i18n.js'

// One row per item: the opening set, each escalation, then the latest raise unless it is the
// opening set itself (a single raise writes the same set twice).
export function evidenceRows(evidence) {
  if (!evidence || typeof evidence !== 'object') return []
  const sets = []
  if (evidence.opened) sets.push({ part: 'opened', set: evidence.opened })
  ;(Array.isArray(evidence.escalations) ? evidence.escalations : []).forEach((set, i) => sets.push({ part: 'escalation', n: i + 1, set }))
  if (evidence.last && JSON.stringify(evidence.last) !== JSON.stringify(evidence.opened)) sets.push({ part: 'last', set: evidence.last })
  const rows = []
  for (const { part, n, set } of sets) {
    for (const item of Array.isArray(set.items) ? set.items : []) {
      rows.push({ part, n, severity: set.severity, subject: item.subject, time: item.time, value: item.value ?? '', note: item.note ?? '' })
    }
  }
  return rows
}

// The machine words the rules write into a note (threshold finding kinds and names,
// src/rules/thresholds.cpp; point status words after "status=", point_rules.cpp) in the
// locale's words; Chinese prose and codes are left as written.
export function noteText(locale, note) {
  if (!note) return ''
  return String(note).replace(/status=([a-z_|]+)|[a-z][a-z_]*/g, (word, status) => {
    if (status) return `${enumLabel(locale, 'evidence', 'status')}=${pointStatusLabel(locale, status)}`
    return enumLabel(locale, 'noteWord', word)
  })
}

// The point the alarm is about, when its subject is one of the mine's points (an area, a card
// or the mine itself has no curve).
export function subjectPoint(alarm, mine) {
  if (!alarm || !mine || !Array.isArray(mine.points)) return null
  return mine.points.find((p) => p.code === alarm.subject) || null
}

// Kinds whose subject is a point (shared/spec/rules.md part B): only these fetch the mine.
export function mayHaveCurve(alarm) {
  return !!alarm && /^(gas|sensor)\./.test(alarm.kind || '')
}

// Whole seconds: the API reads ISO 8601 without fractions.
function iso(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
// From 30 min before the start (what led up to it) to 5 min after the end, or now.
export const LEAD_MS = 30 * 60e3
export const TAIL_MS = 5 * 60e3
export function curveRange(alarm, now = new Date()) {
  const start = new Date(alarm.start).getTime()
  const end = alarm.end ? Math.min(new Date(alarm.end).getTime() + TAIL_MS, now.getTime()) : now.getTime()
  return { from: iso(start - LEAD_MS), to: iso(Math.max(end, start + 60e3)) }
}

// Vertical marks at the alarm's start and end on a seriesOption() chart (series.js), the time
// axis spanning the whole range: ECharts draws no mark off the axis, and the data may begin
// after the start (a mine that only just began uploading).
export function withAlarmMarks(option, alarm, labels = { start: 'start', end: 'end' }, range = null) {
  const marks = [{ xAxis: alarm.start, name: labels.start, lineStyle: { color: '#d93026', type: 'solid' }, label: { formatter: labels.start } }]
  if (alarm.end) marks.push({ xAxis: alarm.end, name: labels.end, lineStyle: { color: '#1e8e3e', type: 'solid' }, label: { formatter: labels.end } })
  const series = option.series.map((s) => (s.markLine ? { ...s, markLine: { ...s.markLine, data: [...s.markLine.data, ...marks] } } : s))
  const xAxis = range ? { ...option.xAxis, min: range.from, max: range.to } : option.xAxis
  return { ...option, xAxis, series }
}
