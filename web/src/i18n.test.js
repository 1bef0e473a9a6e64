import { describe, expect, it } from 'vitest'
import { KINDS, enumLabel, kindLabel, messages, pointStatusLabel, switchLabel } from './i18n.js'
import { table } from './messages.js'

describe('i18n', () => {
  it('labels rule kinds in both languages and passes unknown kinds through', () => {
    expect(kindLabel('zh-CN', 'gas.alarm')).toBe('瓦斯超限')
    expect(kindLabel('en', 'personnel.area_over_limit')).toBe('Area over limit')
    expect(kindLabel('fr', 'mine.upload_gap')).toBe('数据中断') // unknown locale: Chinese
    expect(kindLabel('en', 'new.kind')).toBe('new.kind')
    expect(kindLabel('en', '')).toBe('')
  })
  it('lists the rules.md part B kinds with their dotted names', () => {
    expect(KINDS).toContain('gas.power_cut_failed')
    expect(KINDS).toContain('sensor.threshold_misconfigured')
    expect(KINDS).toHaveLength(15)
  })
  it('has the same keys in Chinese and English', () => {
    const keys = (o, p = '') => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, p + k + '.') : [p + k]))
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort())
  })
  it('declares every text once with a Chinese and an English string', () => {
    const leaves = (o, p = '') => Object.entries(o).flatMap(([k, v]) => (Array.isArray(v) ? [[p + k, v]] : leaves(v, p + k + '.')))
    const all = leaves(table)
    expect(all.length).toBeGreaterThan(200)
    for (const [key, v] of all) {
      expect(v, key).toHaveLength(2)
      expect(typeof v[0] === 'string' && v[0] && typeof v[1] === 'string' && v[1], key).toBeTruthy()
    }
    expect(messages.en.gasGrade.low).toBe('Low gas')
    expect(messages['zh-CN'].gasGrade.low).toBe('低瓦斯')
  })
  it('labels API enum values, passing unknown ones through as written', () => {
    expect(enumLabel('zh-CN', 'gasGrade', 'high')).toBe('高瓦斯')
    expect(enumLabel('en', 'mineStatus', 'construction')).toBe('Construction')
    expect(enumLabel('en', 'gasGrade', 'extreme')).toBe('extreme')
    expect(enumLabel('en', 'gasGrade', null)).toBe('')
    expect(pointStatusLabel('zh-CN', 'power_cut|bit9')).toBe('断电、bit9')
    expect(pointStatusLabel('en', 'normal')).toBe('normal')
  })
  it('names switch states by the point\'s own texts, else its sensor type\'s', () => {
    expect(switchLabel('zh-CN', { sensor_type: '1009' }, '0')).toBe('断电')
    expect(switchLabel('en', { sensor_type: '1009' }, 1)).toBe('restored')
    expect(switchLabel('zh-CN', { sensor_type: '1005', text_on: '合闸', text_off: '分闸' }, '1')).toBe('合闸')
    expect(switchLabel('zh-CN', { sensor_type: '9999' }, '1')).toBe('1') // unknown type: the number
    expect(switchLabel('zh-CN', { sensor_type: '1005' }, '2')).toBe('2') // not a 0/1 value
  })
})
