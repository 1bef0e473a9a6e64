import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { makeI18n } from '../i18n.js'
import { useSession } from '../stores/session.js'
import AlarmView from './AlarmView.vue'

const MINE = '520201007152'
function detail(state, extra = {}) {
  return {
    alarm: { id: 1, mine: MINE, kind: 'gas.alarm', subject: `${MINE}01MN0008`, severity: 'red',
      start: '2026-09-23T02:00:00Z', end: '2026-09-23T02:30:00Z', peak: '1.62', message: 'm',
      handling: { state, level: 'mine' } },
    evidence: { opened: { severity: 'red' } },
    next_escalation: null,
    history: [],
    ...extra,
  }
}
function reply(status, body) {
  return Promise.resolve(new Response(JSON.stringify(body), { status }))
}
async function view(user, state, fetch) {
  vi.stubGlobal('fetch', fetch || vi.fn(() => reply(200, detail(state))))
  const pinia = createPinia()
  setActivePinia(pinia)
  useSession().user = user
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div/>' } }] })
  const w = mount(AlarmView, { props: { id: '1' }, global: { plugins: [pinia, makeI18n('zh-CN'), ElementPlus, router] } })
  await flushPromises()
  return w
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

describe('AlarmView', () => {
  it('shows the alarm and offers acknowledgement to a supervisor while it is new', async () => {
    const w = await view({ role: 'province', scope: '52', name: 'gz' }, 'new')
    expect(w.find('[data-test=alarm-head]').text()).toContain('瓦斯超限')
    expect(w.find('[data-test=alarm-state]').text()).toBe('待确认')
    expect(w.find('[data-test=ack-submit]').exists()).toBe(true)
    expect(w.find('[data-test=disposition-form]').exists()).toBe(false)
  })
  it('posts the acknowledgement and shows the state the server answers', async () => {
    const fetch = vi.fn((url, init) => reply(200, detail(init && init.method === 'POST' ? 'acknowledged' : 'new')))
    const w = await view({ role: 'city', scope: '5202', name: 'lps' }, 'new', fetch)
    await w.find('[data-test=ack-submit]').trigger('submit')
    await flushPromises()
    const post = fetch.mock.calls.find(([, init]) => init && init.method === 'POST')
    expect(post[0]).toBe('/api/v1/alarms/1/ack')
    expect(w.find('[data-test=alarm-state]').text()).toBe('已确认')
  })
  it('gives the disposition form only to the mine\'s own user once acknowledged', async () => {
    const own = await view({ role: 'mine', scope: MINE, name: 'dispatch' }, 'acknowledged')
    expect(own.find('[data-test=disposition-form]').exists()).toBe(true)
    const other = await view({ role: 'mine', scope: '520201007999', name: 'x' }, 'acknowledged')
    expect(other.find('[data-test=disposition-form]').exists()).toBe(false)
    const viewer = await view({ role: 'viewer', scope: '52', name: 'v' }, 'new')
    expect(viewer.find('[data-test=ack-submit]').exists()).toBe(false)
  })
  it('offers verification to supervisors once disposed', async () => {
    const w = await view({ role: 'national', scope: '', name: 'admin' }, 'disposed')
    expect(w.find('[data-test=verify-form]').exists()).toBe(true)
  })
  it('shows the not-found state for a 404 (out of scope looks the same)', async () => {
    const w = await view({ role: 'province', scope: '14', name: 'sx' }, 'new', vi.fn(() => reply(404, { error: 'alarm 1 not found' })))
    expect(w.find('[data-test=alarm-not-found]').exists()).toBe(true)
    expect(w.text()).toContain('alarm 1 not found')
  })
  it('draws the timeline: opening, each hand-up with its level, actions in words, the next hand-up', async () => {
    const d = detail('acknowledged', {
      history: [
        { seq: 1, action: 'escalate', time: '2026-09-23T02:15:00Z', actor: 'system', actor_role: 'system', level: 'city' },
        { seq: 2, action: 'acknowledge', time: '2026-09-23T02:20:00Z', actor: 'lps', actor_role: 'city', remark: '已通知' },
      ],
    })
    d.alarm.end = null
    d.alarm.handling.level = 'city'
    d.next_escalation = '2026-09-23T02:45:00Z'
    const w = await view({ role: 'city', scope: '5202', name: 'lps' }, 'acknowledged', vi.fn(() => reply(200, d)))
    const items = w.findAll('[data-test=alarm-timeline] [data-entry]')
    expect(items.map((i) => i.attributes('data-entry'))).toEqual(['opened', 'escalate', 'acknowledge', 'next'])
    expect(items[1].text()).toContain('上报至 市级')
    expect(items[1].text()).toContain('系统')
    expect(items[2].text()).toContain('lps (市级)')
    expect(items[2].text()).toContain('备注: 已通知')
    expect(items[3].text()).toContain('省级')
    expect(items[3].text()).toContain('2026-09-23 10:45:00')
  })
  it('offers reopen only to supervisors on a verified alarm, and posts it after a confirmation', async () => {
    expect((await view({ role: 'mine', scope: MINE, name: 'd' }, 'verified')).find('[data-test=reopen-form]').exists()).toBe(false)
    expect((await view({ role: 'province', scope: '52', name: 'gz' }, 'disposed')).find('[data-test=reopen-form]').exists()).toBe(false)
    const fetch = vi.fn((url, init) => reply(200, detail(init && init.method === 'POST' ? 'returned' : 'verified')))
    const w = await view({ role: 'province', scope: '52', name: 'gz' }, 'verified', fetch)
    expect(w.find('[data-test=reopen-submit]').attributes('disabled')).toBeDefined() // a remark is required
    await w.find('input[data-test=reopen-remark], [data-test=reopen-remark] input').setValue('复查发现措施未落实')
    await w.find('[data-test=reopen-form]').trigger('submit')
    expect(fetch.mock.calls.some(([, init]) => init && init.method === 'POST')).toBe(false) // not before the confirmation
    await w.find('[data-test=reopen-no]').trigger('click')
    expect(w.find('[data-test=reopen-confirm]').exists()).toBe(false)
    await w.find('[data-test=reopen-form]').trigger('submit')
    await w.find('[data-test=reopen-yes]').trigger('click')
    await flushPromises()
    const post = fetch.mock.calls.find(([, init]) => init && init.method === 'POST')
    expect(post[0]).toBe('/api/v1/alarms/1/reopen')
    expect(JSON.parse(post[1].body)).toEqual({ remark: '复查发现措施未落实' })
    expect(w.find('[data-test=alarm-state]').text()).toBe('已退回')
  })
  it('shows the evidence as a table, with the raw JSON kept behind a toggle', async () => {
    const evidence = { opened: { time: '2026-09-23T10:00:00+08:00', severity: 'red', items: [
      { subject: `${MINE}01MN0008`, time: '2026-09-23T10:00:00+08:00', value: '1.62', note: '首个达到断电门限的样本 status=alarm|power_cut' }] },
    escalations: [], last: null, raises: 1, reopenings: 0 }
    const w = await view({ role: 'province', scope: '52', name: 'gz' }, 'new', vi.fn(() => reply(200, detail('new', { evidence }))))
    const table = w.find('[data-test=evidence-table]').text()
    expect(table).toContain('2026-09-23 10:00:00')
    expect(table).toContain('1.62')
    expect(table).toContain('状态=报警、断电')
    expect(w.find('[data-test=alarm-evidence]').text()).toContain('"value": "1.62"')
  })
})
