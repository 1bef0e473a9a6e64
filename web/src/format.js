// Dates are shown in China time whatever the browser's zone (supervisors compare with the
// mines' own clocks, which are China time).
const CHINA_TZ = 'Asia/Shanghai'

function parts(iso, withSeconds) {
  const d = iso instanceof Date ? iso : new Date(iso)
  if (Number.isNaN(d.getTime())) return null
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: CHINA_TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    hourCycle: 'h23',
  })
  const o = {}
  for (const p of f.formatToParts(d)) o[p.type] = p.value
  return o
}

export function chinaTime(iso, { seconds = true } = {}) {
  if (!iso) return '—'
  const o = parts(iso, seconds)
  if (!o) return '—'
  const t = `${o.hour}:${o.minute}` + (seconds ? `:${o.second}` : '')
  return `${o.year}-${o.month}-${o.day} ${t}`
}

// "YYYY-MM-DD" of the China-time day containing `date`.
export function chinaDay(date = new Date()) {
  const o = parts(date, false)
  return `${o.year}-${o.month}-${o.day}`
}

export const SEVERITIES = ['red', 'orange', 'yellow', 'blue']
export const SEVERITY_COLORS = {
  red: '#d93026',
  orange: '#e8710a',
  yellow: '#c9a400',
  blue: '#1a73e8',
  none: '#2e8b57',
}

// The worst severity with a non-zero count in {red, orange, yellow, blue}, or null.
export function worstSeverity(counts) {
  if (!counts) return null
  for (const s of SEVERITIES) if ((counts[s] || 0) > 0) return s
  return null
}

export function totalAlarms(counts) {
  if (!counts) return 0
  return SEVERITIES.reduce((n, s) => n + (counts[s] || 0), 0)
}
