import { describe, expect, it } from 'vitest'
import { alarmTimeline, nextLevel } from './timeline.js'

const alarm = { id: 5, start: '2026-09-23T10:00:00+08:00', end: null, severity: 'red', handling: { state: 'new', level: 'city' } }

describe('alarmTimeline', () => {
  it('orders the opening, rises, hand-ups, actions, end and next hand-up by time', () => {
    const tl = alarmTimeline({
      alarm: { ...alarm, end: '2026-09-23T11:00:00+08:00' },
      evidence: { opened: { time: '2026-09-23T10:00:00+08:00', severity: 'yellow' }, escalations: [{ time: '2026-09-23T10:05:00+08:00', severity: 'red' }] },
      history: [
        { action: 'acknowledge', time: '2026-09-23T02:40:00Z', actor: 'lps' },
        { action: 'escalate', time: '2026-09-23T10:20:00+08:00', actor: 'system', level: 'city' },
      ],
      next_escalation: '2026-09-23T10:50:00+08:00',
    })
    expect(tl.map((e) => e.type + (e.action ? ':' + e.action : ''))).toEqual(
      ['opened', 'raised', 'action:escalate', 'action:acknowledge', 'next', 'closed'])
    expect(tl[0].severity).toBe('yellow')
    expect(tl[2].entry.level).toBe('city')
    expect(tl[4].level).toBe('province')
  })
  it('falls back to the alarm itself without evidence and drops unreadable times', () => {
    const tl = alarmTimeline({ alarm, evidence: null, history: [{ action: 'verify', time: 'garbage' }], next_escalation: null })
    expect(tl).toEqual([{ type: 'opened', time: alarm.start, severity: 'red' }])
  })
  it('hands up one level at a time and stops at national', () => {
    expect(nextLevel('mine')).toBe('city')
    expect(nextLevel('province')).toBe('national')
    expect(nextLevel('national')).toBe(null)
  })
  it('takes the hand-ups from handed_up when the history has no escalate action, never twice', () => {
    const up = [{ level: 'city', time: '2026-09-23T10:15:00+08:00' }, { level: 'province', time: '2026-09-23T10:30:00+08:00' }]
    const only = alarmTimeline({ alarm, evidence: null, history: [], handed_up: up })
    expect(only.filter((e) => e.action === 'escalate').map((e) => e.entry.level)).toEqual(['city', 'province'])
    const both = alarmTimeline({ alarm, evidence: null, history: [{ action: 'escalate', time: up[0].time, actor: 'system', level: 'city' }], handed_up: up.slice(0, 1) })
    expect(both.filter((e) => e.action === 'escalate')).toHaveLength(1)
  })
})
