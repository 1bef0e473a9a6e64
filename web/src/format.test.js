import { describe, expect, it } from 'vitest'
import { chinaDay, chinaTime, totalAlarms, worstSeverity } from './format.js'

describe('format', () => {
  it('shows times in China time whatever the offset given', () => {
    expect(chinaTime('2026-09-23T02:13:19Z')).toBe('2026-09-23 10:13:19')
    expect(chinaTime('2026-09-23T10:13:19+08:00')).toBe('2026-09-23 10:13:19')
    expect(chinaTime('2026-09-23T17:00:00Z', { seconds: false })).toBe('2026-09-24 01:00')
  })
  it('marks missing or bad times', () => {
    expect(chinaTime(null)).toBe('—')
    expect(chinaTime('not a time')).toBe('—')
  })
  it('gives the China-time day', () => {
    expect(chinaDay(new Date('2026-09-23T16:30:00Z'))).toBe('2026-09-24')
    expect(chinaDay(new Date('2026-09-23T15:30:00Z'))).toBe('2026-09-23')
  })
  it('picks the worst severity with a count', () => {
    expect(worstSeverity({ red: 0, orange: 2, yellow: 5, blue: 1 })).toBe('orange')
    expect(worstSeverity({ red: 1, orange: 0 })).toBe('red')
    expect(worstSeverity({ red: 0, orange: 0, yellow: 0, blue: 0 })).toBeNull()
    expect(worstSeverity(null)).toBeNull()
    expect(totalAlarms({ red: 1, orange: 2, yellow: 3, blue: 4 })).toBe(10)
  })
})
