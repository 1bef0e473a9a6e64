import { describe, expect, it } from 'vitest'
import { KINDS, kindLabel, messages } from './i18n.js'

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
})
