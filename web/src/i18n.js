import { createI18n } from 'vue-i18n'
import { switchTexts, table } from './messages.js'

export const LOCALES = ['zh-CN', 'en']

// messages.js holds key → [zh, en]; vue-i18n wants one nested table per language.
function pick(node, i) {
  if (Array.isArray(node)) return node[i]
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, pick(v, i)]))
}
export const messages = Object.fromEntries(LOCALES.map((l, i) => [l, pick(table, i)]))

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('mw_lang') : null

// vue-i18n reads dots in a key as nesting, so kind "gas.alarm" is stored as kind.gas_alarm.
export function kindKey(kind) {
  return 'kind.' + String(kind).replace(/\./g, '_')
}
// An enum value the API returns (gas grade, mine status, point status word, area type, …) in
// the locale's words; an unknown value is shown as the API wrote it rather than as a key path.
// Looked up in the table directly: vue-i18n's te() depends on its build's resolver.
export function enumLabel(locale, group, value) {
  if (value === null || value === undefined || value === '') return ''
  const msgs = messages[locale] || messages['zh-CN']
  const g = msgs[group] || {}
  const v = String(value)
  return g[v] ?? g[v.replace(/\./g, '_')] ?? v
}
export function kindLabel(locale, kind) {
  return enumLabel(locale, 'kind', kind)
}
// A point's status words ("alarm|calibrating") in the locale's words, joined.
export function pointStatusLabel(locale, status) {
  if (!status) return ''
  return String(status)
    .split('|')
    .map((w) => enumLabel(locale, 'pointStatus', w))
    .join(locale === 'en' ? ', ' : '、')
}
// A switch (KG) point's 0/1 value as its state text: the point's own 开/停描述 when the API
// gives them (text_on for 1, text_off for 0), else its sensor type's (netfile.md §4).
export function switchLabel(locale, point, value) {
  const n = Number(value)
  if (n !== 0 && n !== 1) return value === null || value === undefined ? '' : String(value)
  if (locale !== 'en' && point) {
    const own = n === 1 ? point.text_on : point.text_off
    if (own) return own
  }
  const texts = point && switchTexts[Number(point.sensor_type)]
  if (!texts) return String(value)
  return texts[locale === 'en' ? 1 : 0][n]
}
// The rule kinds (shared/spec/rules.md part B), for filters.
export const KINDS = Object.keys(table.kind).map((k) => k.replace('_', '.'))

export function makeI18n(locale = saved || 'zh-CN') {
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages })
}

export function setLocale(i18n, locale) {
  i18n.global.locale.value = locale
  if (typeof localStorage !== 'undefined') localStorage.setItem('mw_lang', locale)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
