import { beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import ElementPlus from 'element-plus'
import { makeI18n } from '../i18n.js'
import SeverityTag from './SeverityTag.vue'
import BadgeTag from './BadgeTag.vue'
import LiveFeed from './LiveFeed.vue'
import { useLive } from '../stores/live.js'

function plugins(locale = 'zh-CN') {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div/>' } }] })
  return [makeI18n(locale), ElementPlus, router]
}

beforeEach(() => setActivePinia(createPinia()))

describe('SeverityTag', () => {
  it('labels severities in Chinese by default and English when switched', () => {
    const zh = mount(SeverityTag, { props: { severity: 'red' }, global: { plugins: plugins() } })
    expect(zh.text()).toBe('红色')
    expect(zh.find('[data-severity="red"]').exists()).toBe(true)
    const en = mount(SeverityTag, { props: { severity: 'orange' }, global: { plugins: plugins('en') } })
    expect(en.text()).toBe('Orange')
  })
  it('shows a dash without a severity', () => {
    expect(mount(SeverityTag, { global: { plugins: plugins() } }).text()).toBe('—')
  })
})

describe('BadgeTag', () => {
  it('names the point status', () => {
    expect(mount(BadgeTag, { props: { badge: 'cut' }, global: { plugins: plugins() } }).text()).toBe('断电')
    expect(mount(BadgeTag, { props: { badge: 'calibrating' }, global: { plugins: plugins('en') } }).text()).toBe('Calibrating')
  })
})

describe('LiveFeed', () => {
  it('lists alarm events with kind labels and links, filtered by province', async () => {
    const live = useLive()
    live.sound = false
    live.receive({ event: 'alarm.opened', mine: '140421000111', id: 7,
      alarm: { severity: 'red', kind: 'gas.alarm', start: '2026-09-23T02:00:00Z' } })
    live.receive({ event: 'alarm.opened', mine: '610105001001', id: 8,
      alarm: { severity: 'yellow', kind: 'sensor.fault', start: '2026-09-23T02:00:00Z' } })
    live.receive({ event: 'mine.online', mine: '140421000111' })
    const all = mount(LiveFeed, { global: { plugins: plugins() } })
    const items = all.findAll('li')
    expect(items).toHaveLength(2)
    expect(items[1].text()).toContain('瓦斯超限')
    expect(items[1].text()).toContain('2026-09-23 10:00:00')
    expect(items[1].classes()).toContain('red')
    // Red is not colour alone: a mark with words, and the event in words beside its glyph.
    expect(items[1].find('[data-test=red-mark]').text()).toContain('红色报警')
    expect(items[1].text()).toContain('新报警')
    expect(items[0].find('[data-test=red-mark]').exists()).toBe(false)
    expect(items[1].find('a').attributes('href')).toBe('/alarms/7')
    const sx = mount(LiveFeed, { props: { province: '14' }, global: { plugins: plugins() } })
    expect(sx.findAll('li')).toHaveLength(1)
  })
  it('names a hand-up by the level it went to', () => {
    const live = useLive()
    live.sound = false
    live.receive({ event: 'alarm.handed_up', id: 17, mine: '620823009203', level: 'city', scope: '6208', time: '2026-09-23T02:15:00Z' })
    const w = mount(LiveFeed, { global: { plugins: plugins() } })
    expect(w.find('li').text()).toContain('#17 上报至 市级')
    expect(w.find('li').text()).toContain('上报')
    expect(w.find('li a').attributes('href')).toBe('/alarms/17')
  })
  it('says so when there is nothing', () => {
    const w = mount(LiveFeed, { global: { plugins: plugins('en') } })
    expect(w.text()).toContain('No data')
  })
})
