import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { applyTheme, contrast, savedTheme } from './theme.js'

// vitest runs from web/ (happy-dom's URL cannot name a file).
const css = readFileSync(join(import.meta.dirname || process.cwd() + '/src', 'style.css'), 'utf8')
// The custom properties of one rule block of style.css, e.g. ":root" or "html.mw-wall".
function vars(selector) {
  const start = css.indexOf(selector + ' {')
  expect(start, selector).toBeGreaterThanOrEqual(0)
  const body = css.slice(start, css.indexOf('}', start))
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*(#[0-9a-fA-F]{6})\b/g)].map((m) => [m[1], m[2]]))
}
const light = vars(':root')
const wall = { ...light, ...vars('html.mw-wall') }

// Text colour → the backgrounds it is drawn on.
const PAIRS = [
  ['--mw-text', ['--mw-bg', '--mw-surface', '--mw-red-row', '--mw-code-bg']],
  ['--mw-text-2', ['--mw-bg', '--mw-surface', '--mw-code-bg']],
  ['--mw-muted', ['--mw-bg', '--mw-surface']],
  ['--mw-placeholder', ['--mw-surface']],
  ['--mw-link', ['--mw-bg', '--mw-surface']],
  ['--mw-head-text', ['--mw-head']],
  ['--mw-head-active', ['--mw-head']],
  ['--mw-alert-text', ['--mw-alert-bg']],
  ['--mw-sev-red', ['--mw-surface', '--mw-bg']],
  ['--mw-sev-orange', ['--mw-surface', '--mw-bg']],
  ['--mw-sev-yellow', ['--mw-surface', '--mw-bg']],
  ['--mw-sev-blue', ['--mw-surface', '--mw-bg']],
  ['--mw-tag-success', ['--mw-tag-success-bg']],
  ['--mw-tag-info', ['--mw-tag-info-bg']],
  ['--mw-tag-warning', ['--mw-tag-warning-bg']],
  ['--mw-tag-danger', ['--mw-tag-danger-bg']],
  ['--mw-tag-primary', ['--mw-tag-primary-bg']],
  ['--mw-tag-filled', ['--mw-tag-filled-bg']],
  ['--el-text-color-secondary', ['--mw-surface']],
  ['--el-text-color-placeholder', ['--mw-surface']],
  ['--mw-on-fill', ['--el-color-primary', '--el-color-danger', '--el-color-warning', '--el-color-success']],
  ['--el-color-primary', ['--mw-surface']],
  ['--el-color-danger', ['--mw-surface']],
  ['--el-color-error', ['--mw-surface']],
]

afterEach(() => {
  localStorage.clear()
  document.documentElement.className = ''
})

describe('theme contrast (WCAG AA, 4.5:1 for text)', () => {
  it('computes contrast as WCAG defines it', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
    expect(contrast('#ffffff', '#777777')).toBeCloseTo(4.48, 2)
  })
  for (const [name, theme] of [['light', light], ['dark wall', wall]]) {
    it(`holds every text/background pair of the ${name} theme to 4.5:1`, () => {
      const low = []
      for (const [fg, bgs] of PAIRS) {
        for (const bg of bgs) {
          expect(theme[fg], fg).toMatch(/^#/)
          expect(theme[bg], bg).toMatch(/^#/)
          const r = contrast(theme[fg], theme[bg])
          if (r < 4.5) low.push(`${fg} ${theme[fg]} on ${bg} ${theme[bg]}: ${r.toFixed(2)}`)
        }
      }
      expect(low).toEqual([])
    })
  }
  it('gives the wall its own dark background, not the light one', () => {
    expect(contrast(wall['--mw-bg'], '#000000')).toBeLessThan(2)
    expect(wall['--mw-text']).not.toBe(light['--mw-text'])
  })
  it('switches both class names and remembers the choice', () => {
    expect(savedTheme()).toBe('light')
    applyTheme('wall')
    expect(document.documentElement.classList.contains('mw-wall')).toBe(true)
    expect(document.documentElement.classList.contains('dark')).toBe(true)
    expect(savedTheme()).toBe('wall')
    applyTheme('light')
    expect(document.documentElement.className).toBe('')
  })
})
