import { describe, expect, it } from 'vitest'
import { seriesOption, spanRange, thresholdLines } from './series.js'

const methane = {
  code: 'P1', unit: '%CH4',
  thresholds: { high_alarm: '1.50', high_cut: '1.50' },
  effective: { class: 'coal_face', alarm: '1.00', cut: '1.50', restore: '1.00' },
}

describe('series', () => {
  it('draws the effective thresholds of a methane point, not the looser own ones', () => {
    expect(thresholdLines(methane)).toEqual({ alarm: 1.0, cut: 1.5 })
  })
  it('falls back to the mine thresholds when there are no effective ones', () => {
    expect(thresholdLines({ thresholds: { high_alarm: '24', high_cut: null } })).toEqual({ alarm: 24, cut: null })
  })
  it('plots raw samples with threshold lines', () => {
    const opt = seriesOption(
      { resolution: 'raw', samples: [{ time: '2026-09-23T10:00:00+08:00', value: '0.42', status: 0 }] },
      methane,
    )
    expect(opt.series).toHaveLength(1)
    expect(opt.series[0].data).toEqual([['2026-09-23T10:00:00+08:00', 0.42]])
    expect(opt.series[0].markLine.data.map((d) => d.yAxis)).toEqual([1.0, 1.5])
    // The axis reaches the cut line even when every value is far below it.
    expect(opt.yAxis.max({ min: 0.05, max: 0.42 })).toBe(1.5)
    expect(opt.yAxis.max({ min: 0.05, max: 2.1 })).toBe(2.1)
  })
  it('plots rollups as min/avg/max', () => {
    const opt = seriesOption(
      { resolution: '5min', rollups: [{ time: 't', count: 5, min: '0.1', max: '0.9', avg: '0.5' }] },
      methane,
    )
    expect(opt.series.map((s) => s.name)).toEqual(['max', 'avg', 'min'])
    expect(opt.series[1].data).toEqual([['t', 0.5]])
  })
  it('spans end now', () => {
    const now = new Date('2026-09-23T02:00:00.789Z')
    expect(spanRange('6h', now)).toEqual({ from: '2026-09-22T20:00:00Z', to: '2026-09-23T02:00:00Z' })
  })
})
