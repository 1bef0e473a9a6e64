import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useMines } from './mines.js'
import { useLive, onLiveEvent } from './live.js'
import { useSession } from './session.js'

function reply(status, body) {
  return Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status }))
}

const MINES = [
  { code: '140421000111', province: '14', status: 'producing', online: true, people_underground: 30,
    active_alarms: { red: 1, orange: 0, yellow: 2, blue: 0 } },
  { code: '140421000222', province: '14', status: 'producing', online: false, people_underground: 0,
    active_alarms: { red: 0, orange: 0, yellow: 0, blue: 0 } },
  { code: '610105001001', province: '61', status: 'stopped', online: false, people_underground: 4,
    active_alarms: { red: 0, orange: 1, yellow: 0, blue: 0 } },
]

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

describe('mines store', () => {
  it('derives the overview tiles from GET /mines', async () => {
    const fetch = vi.fn(() => reply(200, { mines: MINES, count: 3 }))
    vi.stubGlobal('fetch', fetch)
    const m = useMines()
    await m.load()
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/mines')
    expect(m.online).toBe(1)
    expect(m.offline).toBe(2)
    expect(m.people).toBe(34)
    expect(m.inUploadGap).toBe(1) // the stopped mine sends nothing: not a gap
    expect(m.alarmsBySeverity).toEqual({ red: 1, orange: 1, yellow: 2, blue: 0 })
    expect(m.provinceWorst).toEqual({ 14: 'red', 61: 'orange' })
  })
  it('keeps the error message when the API fails', async () => {
    vi.stubGlobal('fetch', vi.fn(() => reply(503, { error: 'the store cannot answer now; retry' })))
    const m = useMines()
    await m.load()
    expect(m.error).toBe('the store cannot answer now; retry')
    expect(m.list).toEqual([])
  })
  it('applies live online/offline events', () => {
    const m = useMines()
    m.list = structuredClone(MINES)
    m.applyStatus({ event: 'mine.online', mine: '140421000222', last_upload: '2026-09-23T10:00:00+08:00' })
    expect(m.online).toBe(2)
    m.applyStatus({ event: 'mine.offline', mine: '140421000111' })
    expect(m.byCode['140421000111'].online).toBe(false)
  })
  it('places mines from the list\'s lat/lon without fetching a detail, none without a position', async () => {
    const fetch = vi.fn(() => reply(500, { error: 'no detail expected' }))
    vi.stubGlobal('fetch', fetch)
    const m = useMines()
    m.list = [{ ...MINES[0], lat: 36.1, lon: 113.2 }, { ...MINES[1], lat: null, lon: null }, { ...MINES[2] }]
    await m.loadPositions()
    expect(fetch).not.toHaveBeenCalled()
    expect(m.positions).toEqual({ '140421000111': [113.2, 36.1], '140421000222': null, '610105001001': null })
  })
})

describe('live store', () => {
  it('keeps events newest first and cues only red openings', () => {
    const live = useLive()
    live.sound = false
    const seen = []
    const off = onLiveEvent((e) => seen.push(e.event))
    live.receive({ event: 'alarm.opened', mine: '1', id: 1, alarm: { severity: 'orange', kind: 'gas.alarm' } })
    expect(live.redCue).toBe(0)
    live.receive({ event: 'alarm.opened', mine: '1', id: 2, alarm: { severity: 'red', kind: 'gas.alarm' } })
    live.receive({ event: 'alarm.closed', mine: '1', id: 2, alarm: { severity: 'red', kind: 'gas.alarm' } })
    live.receive({ event: 'mine.offline', mine: '1' })
    live.receive('garbage')
    off()
    expect(live.redCue).toBe(1)
    expect(live.events.map((e) => e.event)).toEqual(['mine.offline', 'alarm.closed', 'alarm.opened', 'alarm.opened'])
    expect(live.alarmEvents).toHaveLength(3)
    expect(seen).toHaveLength(4)
  })
  it('caps the event list', () => {
    const live = useLive()
    for (let i = 0; i < 250; i++) live.receive({ event: 'mine.online', mine: String(i) })
    expect(live.events).toHaveLength(200)
    expect(live.events[0].mine).toBe('249')
  })
  it('parses socket messages and reconnects after a close', () => {
    vi.useFakeTimers()
    const sockets = []
    const live = useLive()
    live.connect(() => {
      const s = { close: vi.fn() }
      sockets.push(s)
      return s
    })
    sockets[0].onopen()
    expect(live.connected).toBe(true)
    sockets[0].onmessage({ data: '{"event":"mine.online","mine":"9"}' })
    sockets[0].onmessage({ data: 'not json' })
    expect(live.events).toHaveLength(1)
    sockets[0].onclose()
    expect(live.connected).toBe(false)
    vi.advanceTimersByTime(1000)
    expect(sockets).toHaveLength(2)
    live.disconnect()
    expect(sockets[1].close).toHaveBeenCalled()
    vi.useRealTimers()
  })
})

describe('session store', () => {
  it('logs in and knows the role', async () => {
    const fetch = vi.fn(() => reply(200, { user: { id: 2, name: 'sx', role: 'province', scope: '14' }, expires: 'x' }))
    vi.stubGlobal('fetch', fetch)
    const s = useSession()
    expect(await s.login('sx', 'secret-pass')).toBe(true)
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/session')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body)).toEqual({ user: 'sx', password: 'secret-pass' })
    expect(s.loggedIn).toBe(true)
    expect(s.isNational).toBe(false)
    expect(s.canVerify).toBe(true)
    expect(s.isMineUser).toBe(false)
  })
  it('shows the server reason when login fails', async () => {
    vi.stubGlobal('fetch', vi.fn(() => reply(401, { error: 'wrong user name or password' })))
    const s = useSession()
    expect(await s.login('x', 'y')).toBe(false)
    expect(s.error).toBe('wrong user name or password')
    expect(s.loggedIn).toBe(false)
  })
  it('treats 401 from /me as logged out without an error', async () => {
    vi.stubGlobal('fetch', vi.fn(() => reply(401, { error: 'sign in' })))
    const s = useSession()
    expect(await s.check()).toBeNull()
    expect(s.checked).toBe(true)
    expect(s.error).toBe('')
  })
  it('viewers may not act', async () => {
    vi.stubGlobal('fetch', vi.fn(() => reply(200, { id: 3, name: 'v', role: 'viewer', scope: '14' })))
    const s = useSession()
    await s.check()
    expect(s.canAct).toBe(false)
    expect(s.canVerify).toBe(false)
  })
})
