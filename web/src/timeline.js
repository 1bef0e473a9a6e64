// An alarm's timeline from GET /api/v1/alarms/{id}: its opening and each rise in severity
// (evidence), every workflow action (history: acknowledge, disposition, verify, reopen and the
// clock's escalate hand-ups with the level handed to), its end, and the next hand-up when one
// is due. Oldest first; entries at the same instant keep that order.

const ORDER = { opened: 0, raised: 1, action: 2, closed: 3, next: 4 }

function ms(iso) {
  const t = new Date(iso).getTime()
  return Number.isNaN(t) ? null : t
}

export function alarmTimeline(detail) {
  if (!detail || !detail.alarm) return []
  const a = detail.alarm
  const ev = detail.evidence || {}
  const out = []
  const opened = ev.opened || {}
  out.push({ type: 'opened', time: opened.time || a.start, severity: opened.severity || a.severity })
  for (const e of ev.escalations || []) {
    if (e && e.time) out.push({ type: 'raised', time: e.time, severity: e.severity })
  }
  const history = detail.history || []
  for (const h of history) out.push({ type: 'action', time: h.time, action: h.action, entry: h })
  // handed_up (docs/api.md) lists the same steps as the history's escalate actions; it only
  // fills in when the history has none of them.
  if (!history.some((h) => h.action === 'escalate')) {
    for (const u of detail.handed_up || []) {
      const entry = { action: 'escalate', time: u.time, actor: 'system', level: u.level }
      out.push({ type: 'action', time: u.time, action: 'escalate', entry })
    }
  }
  if (a.end) out.push({ type: 'closed', time: a.end })
  if (detail.next_escalation) out.push({ type: 'next', time: detail.next_escalation, level: nextLevel(a.handling && a.handling.level) })
  return out
    .map((e, i) => ({ e, i, t: ms(e.time) }))
    .filter((x) => x.t !== null)
    .sort((x, y) => x.t - y.t || ORDER[x.e.type] - ORDER[y.e.type] || x.i - y.i)
    .map((x) => x.e)
}

// The level an alarm held at `level` is handed to next (docs/api.md "Escalation").
const LEVELS = ['mine', 'city', 'province', 'national']
export function nextLevel(level) {
  const i = LEVELS.indexOf(level)
  return i >= 0 && i + 1 < LEVELS.length ? LEVELS[i + 1] : null
}
