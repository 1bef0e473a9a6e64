import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { makeI18n } from '../i18n.js'
import { evidenceRows, noteText } from '../evidence.js'
import EvidenceView from './EvidenceView.vue'

// A real GET /api/v1/alarms/1 from `minewatch serve --demo 3` (2026-11-29), with the mine's
// point and the first samples of its series from the same run.
const DETAIL = {
  alarm: { id: 1, mine: '520201007152', kind: 'sensor.threshold_misconfigured', subject: '52020100715201MN0008', severity: 'orange',
    start: '2026-11-29T20:52:29+08:00', end: null, peak: null, rule: 'coal.ch4.coal_face_intake',
    message: '门限设置不符合规程: 52020100715201MN0008 (采煤工作面进风巷); 未配置断电(D)关联, 规程要求断电范围: 进风巷内全部非本质安全型电气设备',
    handling: { state: 'new', level: 'mine' } },
  evidence: {
    opened: { time: '2026-11-29T20:52:29+08:00', severity: 'orange', items: [{ subject: '52020100715201MN0008', time: '2026-11-29T20:52:29+08:00', value: '', note: 'no_power_cut_relation, 煤矿安全规程 第498条 表19 (采煤工作面进风巷)' }] },
    escalations: [],
    last: { time: '2026-11-29T20:52:29+08:00', severity: 'orange', items: [{ subject: '52020100715201MN0008', time: '2026-11-29T20:52:29+08:00', value: '', note: 'no_power_cut_relation, 煤矿安全规程 第498条 表19 (采煤工作面进风巷)' }] },
    raises: 1, reopenings: 0,
  },
  next_escalation: null, history: [], handed_up: [],
}
const POINT = { code: '52020100715201MN0008', sensor_type: '0001', sensor_name: '环境瓦斯', value_kind: 'MN', unit: '%CH4', location: '1105进风巷',
  thresholds: { high_alarm: 0.5, high_alarm_release: 0.5, high_cut: 0.5, high_restore: 0.5, low_alarm: null, low_cut: null },
  effective: { class: 'coal_face_intake', rule: 'coal.ch4.coal_face_intake', alarm: 0.5, cut: 0.5, restore: 0.5, misconfigured: true } }
const SERIES = { mine: '520201007152', point: '52020100715201MN0008', from: '2026-11-29T20:22:29+08:00', to: '2026-11-29T21:05:00+08:00', resolution: 'raw',
  samples: [{ time: '2026-11-29T20:52:32+08:00', value: 0.05, status: 0 }, { time: '2026-11-29T20:52:44+08:00', value: 0.06, status: 0 }] }

function reply(body) {
  return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }))
}
function server() {
  return vi.fn((url) => {
    if (url.includes('/series')) return reply(SERIES)
    if (url.startsWith('/api/v1/mines/520201007152')) return reply({ code: '520201007152', points: [POINT] })
    return Promise.resolve(new Response('{"error":"no such resource"}', { status: 404 }))
  })
}
async function view(detail, locale = 'zh-CN', fetch = server()) {
  vi.stubGlobal('fetch', fetch)
  const w = mount(EvidenceView, { props: { detail }, global: { plugins: [makeI18n(locale), ElementPlus], stubs: { EChart: true } } })
  await flushPromises()
  return { w, fetch }
}
afterEach(() => vi.unstubAllGlobals())

describe('evidenceRows', () => {
  it('reads the opening set once when the latest raise is the same set, keeping an empty value', () => {
    const rows = evidenceRows(DETAIL.evidence)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ part: 'opened', severity: 'orange', subject: '52020100715201MN0008', value: '' })
  })
  it('lists escalations and a different latest set after the opening one', () => {
    const later = { ...DETAIL.evidence.opened, severity: 'red', time: '2026-11-29T21:10:00+08:00' }
    const rows = evidenceRows({ ...DETAIL.evidence, escalations: [later], last: later })
    expect(rows.map((r) => [r.part, r.n, r.severity])).toEqual([['opened', undefined, 'orange'], ['escalation', 1, 'red'], ['last', undefined, 'red']])
  })
})

describe('noteText', () => {
  it('translates the rules\' machine words and point status words, leaving the prose', () => {
    const note = DETAIL.evidence.opened.items[0].note
    expect(noteText('zh-CN', note)).toBe('未配置断电关联, 煤矿安全规程 第498条 表19 (采煤工作面进风巷)')
    expect(noteText('en', note)).toBe('no power-cut relation, 煤矿安全规程 第498条 表19 (采煤工作面进风巷)')
    // point_rules.cpp writes "<note> status=<words>"
    expect(noteText('zh-CN', '首个达到断电门限的样本 status=alarm|power_cut')).toBe('首个达到断电门限的样本 状态=报警、断电')
    expect(noteText('en', '%CH4 status=alarm')).toBe('%CH4 status=alarm')
  })
})

describe('EvidenceView', () => {
  it('shows the real evidence as a table in China time with the note in words', async () => {
    const { w } = await view(DETAIL)
    const table = w.find('[data-test=evidence-table]').text()
    expect(table).toContain('开启')
    expect(table).toContain('2026-11-29 20:52:29')
    expect(table).toContain('52020100715201MN0008 (1105进风巷)')
    expect(table).toContain('未配置断电关联')
    expect(table).not.toContain('no_power_cut_relation')
    expect(w.find('[data-test=alarm-evidence]').text()).toContain('"no_power_cut_relation')
  })
  it('draws the point\'s curve from 30 min before the start, marking the start', async () => {
    const { w, fetch } = await view(DETAIL)
    expect(w.find('[data-test=evidence-curve]').exists()).toBe(true)
    const call = fetch.mock.calls.find(([u]) => u.includes('/series'))
    const q = new URL(call[0], 'http://x').searchParams
    expect(q.get('from')).toBe('2026-11-29T12:22:29Z')
    const option = w.findComponent({ name: 'EChart' }).props('option')
    const marks = option.series[0].markLine.data
    expect(marks.some((m) => m.xAxis === DETAIL.alarm.start)).toBe(true)
    expect(marks.some((m) => m.yAxis === 0.5)).toBe(true)
    expect(option.series[0].data).toHaveLength(2)
    // the axis spans the asked range, so the start mark shows before the first sample
    expect(option.xAxis.min).toBe('2026-11-29T12:22:29Z')
  })
  it('draws no curve for an area subject and does not ask for a series', async () => {
    const area = { ...DETAIL, alarm: { ...DETAIL.alarm, kind: 'personnel.area_over_limit', subject: '520201007152A001' } }
    const { w, fetch } = await view(area)
    expect(w.find('[data-test=evidence-curve]').exists()).toBe(false)
    expect(fetch).not.toHaveBeenCalled()
    expect(w.find('[data-test=evidence-table]').exists()).toBe(true)
  })
  it('draws no curve when a sensor alarm\'s subject is not one of the mine\'s points', async () => {
    const other = { ...DETAIL, alarm: { ...DETAIL.alarm, subject: '52020100715201MN9999' } }
    const { w, fetch } = await view(other, 'en')
    expect(w.find('[data-test=evidence-curve]').exists()).toBe(false)
    expect(fetch.mock.calls.some(([u]) => u.includes('/series'))).toBe(false)
    expect(w.find('[data-test=evidence-table]').text()).toContain('Opened')
  })
})
