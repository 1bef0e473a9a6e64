import { defineStore } from 'pinia'

// WebSocket /api/v1/live: alarm and mine-status events within the user's scope (the server
// filters). Keeps the newest events, reconnects with back-off, and raises a cue for red alarms.
const MAX_EVENTS = 200
const RECONNECT_MS = [1000, 2000, 5000, 10000]

export const useLive = defineStore('live', {
  state: () => ({
    events: [],
    connected: false,
    redCue: 0, // bumped on each red alarm: the UI flashes and beeps on change
    sound: true,
    lastValueTick: 0,
  }),
  getters: {
    alarmEvents: (s) => s.events.filter((e) => e.event && e.event.startsWith('alarm.')),
  },
  actions: {
    // Applies one event (also used by tests without a socket).
    receive(ev) {
      if (!ev || typeof ev !== 'object' || !ev.event) return
      ev.received = Date.now()
      this.events.unshift(ev)
      if (this.events.length > MAX_EVENTS) this.events.length = MAX_EVENTS
      const sev = ev.alarm && ev.alarm.severity
      if ((ev.event === 'alarm.opened' || ev.event === 'alarm.escalated') && sev === 'red') {
        this.redCue++
        if (this.sound) beep()
      }
      for (const fn of listeners) fn(ev)
    },
    connect(makeSocket = defaultSocket) {
      if (socket) return
      let attempt = 0
      const open = () => {
        const ws = makeSocket()
        socket = ws
        ws.onopen = () => {
          attempt = 0
          this.connected = true
        }
        ws.onmessage = (m) => {
          try {
            this.receive(JSON.parse(m.data))
          } catch {
            // Not JSON: ignore, the server only sends JSON events.
          }
        }
        ws.onclose = () => {
          this.connected = false
          if (socket !== ws) return
          timer = setTimeout(open, RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)])
        }
      }
      open()
    },
    disconnect() {
      const ws = socket
      socket = null
      clearTimeout(timer)
      if (ws) ws.close()
      this.connected = false
    },
  },
})

// The socket lives outside the store's state: reactive proxies would break identity checks.
let socket = null
let timer = null
const listeners = new Set()
// Subscribe to every event; returns the unsubscribe function.
export function onLiveEvent(fn) {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

function defaultSocket() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return new WebSocket(`${proto}//${location.host}/api/v1/live`)
}

let audio = null
// A short two-tone alarm from WebAudio (no sound file to ship); silent where unavailable or
// before the user has interacted with the page (browsers block autoplay).
function beep() {
  try {
    const Ctx = globalThis.AudioContext || globalThis.webkitAudioContext
    if (!Ctx) return
    audio = audio || new Ctx()
    const t = audio.currentTime
    for (const [i, f] of [880, 660, 880].entries()) {
      const o = audio.createOscillator()
      const g = audio.createGain()
      o.frequency.value = f
      g.gain.value = 0.15
      o.connect(g).connect(audio.destination)
      o.start(t + i * 0.18)
      o.stop(t + i * 0.18 + 0.15)
    }
  } catch {
    // Sound is a courtesy; the visual cue stays.
  }
}
