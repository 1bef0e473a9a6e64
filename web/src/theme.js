// The dark wall theme (control-room screens): html.mw-wall for minewatch's colours plus
// html.dark for Element Plus's; remembered in the browser like the language.
import { ref } from 'vue'

export const THEMES = ['light', 'wall']

export function savedTheme() {
  const t = typeof localStorage !== 'undefined' ? localStorage.getItem('mw_theme') : null
  return THEMES.includes(t) ? t : 'light'
}

// The theme in force, for what CSS cannot reach (ECharts' canvas).
export const currentTheme = ref('light')

export function applyTheme(theme) {
  const wall = theme === 'wall'
  currentTheme.value = wall ? 'wall' : 'light'
  if (typeof document === 'undefined') return
  document.documentElement.classList.toggle('mw-wall', wall)
  document.documentElement.classList.toggle('dark', wall)
  if (typeof localStorage !== 'undefined') localStorage.setItem('mw_theme', wall ? 'wall' : 'light')
}

// WCAG 2.x relative luminance and contrast ratio of two #rrggbb colours.
function luminance(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
  const lin = c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
}
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}
