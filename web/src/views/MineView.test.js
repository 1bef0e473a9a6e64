import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { makeI18n } from '../i18n.js'
import MineView from './MineView.vue'

const MINE = '140421000111'
const DETAIL = {
  code: MINE, name: '示范煤矿', status: 'producing', gas_grade: 'outburst', province: '14', shifts: ['08:00'],
  online: true, last_upload: '2026-09-23T10:00:00+08:00', active_alarms: { red: 0, orange: 0, yellow: 0, blue: 0 },
  people_underground: 3, leader_on_shift: true,
  points: [
    { code: `${MINE}01MN0001`, sensor_type: '0001', sensor_name: '环境瓦斯', value_kind: 'MN', unit: '%CH4', location: '回风巷',
      thresholds: {}, effective: null, latest: { time: '2026-09-23T10:00:00+08:00', value: '0.42', status: 'normal', badge: 'normal' } },
    { code: `${MINE}01KG0002`, sensor_type: '1003', sensor_name: '风筒状态', value_kind: 'KG', unit: '', location: '掘进面',
      thresholds: {}, effective: null, latest: { time: '2026-09-23T10:00:00+08:00', value: '1', status: 'alarm|calibrating', badge: 'calibrating' } },
    { code: `${MINE}01KG0003`, sensor_type: '1001', sensor_name: '局部通风机', value_kind: 'KG', unit: '', location: '掘进面',
      thresholds: {}, effective: null, latest: { time: '2026-09-23T10:00:00+08:00', value: 0, status: 'normal', badge: 'normal' } },
  ],
  areas: [{ code: 'A1', name: '井口', type: 'shaft', approved: 10, headcount: 12, over_limit: true }],
  stations: [],
}

function reply(body) {
  return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }))
}
async function view(locale) {
  vi.stubGlobal('fetch', vi.fn((url) => {
    if (url.includes('/series')) return reply({ resolution: 'raw', samples: [] })
    if (url.startsWith('/api/v1/alarms')) return reply({ alarms: [], next_after: null })
    return reply(DETAIL)
  }))
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div/>' } }] })
  const w = mount(MineView, { props: { code: MINE }, global: { plugins: [pinia, makeI18n(locale), ElementPlus, router], stubs: { EChart: true } } })
  await flushPromises()
  return w
}
afterEach(() => vi.unstubAllGlobals())

describe('MineView', () => {
  it('shows the API\'s enum values and switch states in Chinese', async () => {
    const w = await view('zh-CN')
    expect(w.find('[data-test=mine-gas-grade]').text()).toBe('煤与瓦斯突出')
    expect(w.find('[data-test=mine-head]').text()).toContain('生产')
    expect(w.find(`[data-test=value-${MINE}01KG0002]`).text()).toBe('有风')
    expect(w.find(`[data-test=value-${MINE}01KG0003]`).text()).toBe('停')
    expect(w.find(`[data-test=value-${MINE}01MN0001]`).text()).toBe('0.42')
    expect(w.find('[data-badge=calibrating]').attributes('title')).toBe('报警、标校')
    expect(w.find('[data-test=areas-table]').text()).toContain('井口区域')
    expect(w.find('[data-test=areas-table]').text()).toContain('超员')
  })
  it('and in English, with nothing left as the raw value', async () => {
    const w = await view('en')
    expect(w.find('[data-test=mine-gas-grade]').text()).toBe('Outburst-prone')
    expect(w.find(`[data-test=value-${MINE}01KG0002]`).text()).toBe('airflow')
    expect(w.find(`[data-test=value-${MINE}01KG0003]`).text()).toBe('off')
    expect(w.find('[data-badge=calibrating]').attributes('title')).toBe('alarm, calibrating')
    expect(w.find('[data-test=mine-head]').text()).toContain('Producing')
    expect(w.find('[data-test=points-table]').text()).toContain('air duct')
    expect(w.find('[data-test=points-table]').text()).not.toContain('风筒状态')
  })
})
