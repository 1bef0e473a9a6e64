import { defineStore } from 'pinia'
import { api } from '../api.js'
import { SEVERITIES, worstSeverity } from '../format.js'

// The caller's mines (GET /api/v1/mines) and the overview's figures derived from them.
export const useMines = defineStore('mines', {
  state: () => ({ list: [], loaded: false, error: '', positions: {} }),
  getters: {
    online: (s) => s.list.filter((m) => m.online).length,
    offline: (s) => s.list.filter((m) => !m.online).length,
    people: (s) => s.list.reduce((n, m) => n + (m.people_underground || 0), 0),
    // Upload gap: a producing mine that is not online (closed/stopped mines send nothing).
    inUploadGap: (s) => s.list.filter((m) => !m.online && m.status === 'producing').length,
    alarmsBySeverity: (s) => {
      const out = Object.fromEntries(SEVERITIES.map((k) => [k, 0]))
      for (const m of s.list) for (const k of SEVERITIES) out[k] += (m.active_alarms || {})[k] || 0
      return out
    },
    // Province code → worst active severity among its mines (null: none active).
    provinceWorst: (s) => {
      const out = {}
      for (const m of s.list) {
        const p = m.province || m.code.slice(0, 2)
        const w = worstSeverity(m.active_alarms)
        const cur = out[p]
        if (cur === undefined || rank(w) < rank(cur)) out[p] = w
      }
      return out
    },
    byCode: (s) => Object.fromEntries(s.list.map((m) => [m.code, m])),
  },
  actions: {
    async load() {
      try {
        const out = await api('/mines')
        this.list = out.mines || []
        this.error = ''
      } catch (e) {
        this.error = e.message
      }
      this.loaded = true
    },
    // Map positions from the list's own lat/lon (null: the registry has none). No request:
    // GET /api/v1/mines carries them (docs/api.md).
    loadPositions() {
      for (const m of this.list) this.positions[m.code] = position(m)
    },
    // A live mine.online / mine.offline event.
    applyStatus(ev) {
      const m = this.list.find((x) => x.code === ev.mine)
      if (!m) return
      m.online = ev.event === 'mine.online'
      if (ev.last_upload) m.last_upload = ev.last_upload
    },
  },
})

function rank(sev) {
  const i = SEVERITIES.indexOf(sev)
  return i < 0 ? SEVERITIES.length : i
}

// [lon, lat] for the map, or null when the registry has no position.
function position(m) {
  return m.lat != null && m.lon != null ? [Number(m.lon), Number(m.lat)] : null
}
