// End-to-end test of the web UI in real Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser is downloaded) against a real `minewatch serve --demo 3` on
// loopback with a temporary data directory. Walks: log in, the map with mines, a mine page,
// a live value changing, an alarm opened, acknowledged and disposed of (as the mine's own
// user), and a province user refused another province's mine. Screenshots go to
// build/web-e2e/. Exit 0 when every step passed, 1 otherwise (the failing step is named).
//
// Usage: node e2e/run.mjs [path/to/minewatch]   (from web/; default ../build/w/bin/minewatch)
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs'
import { createServer as netServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const web = resolve(here, '..')
const repo = resolve(web, '..')
const bin = resolve(process.argv[2] || join(repo, 'build/w/bin/minewatch'))
const dist = join(web, 'dist')
const shots = join(repo, 'build/web-e2e')
const chromiumPath = process.env.MW_CHROMIUM || '/usr/bin/chromium'
// A live value changes with the next upload: the demo uploads each mine's file in real time.
const LIVE_WAIT_MS = Number(process.env.MW_E2E_LIVE_MS || 180000)
const ALARM_WAIT_MS = Number(process.env.MW_E2E_ALARM_MS || 180000)

const steps = []
let server = null
let browser = null
let dataDir = null

function log(s) {
  process.stdout.write(`e2e: ${s}\n`)
}
async function step(name, fn) {
  const t0 = Date.now()
  try {
    await fn()
    steps.push({ name, ok: true })
    log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  } catch (e) {
    steps.push({ name, ok: false, error: e.message })
    log(`FAIL ${name}: ${e.message}`)
    throw e
  }
}
function freePort() {
  return new Promise((res, rej) => {
    const s = netServer()
    s.once('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
async function until(what, fn, ms, every = 1000) {
  const end = Date.now() + ms
  let last = null
  while (Date.now() < end) {
    try {
      const v = await fn()
      if (v) return v
    } catch (e) {
      last = e
    }
    await sleep(every)
  }
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${last ? ` (${last.message})` : ''}`)
}

// Starts minewatch serve; resolves with { url, password } from its output.
async function startServe() {
  const help = spawnSync(bin, ['serve', '--help'], { encoding: 'utf8' })
  if (help.error || help.status !== 0 || !/--demo/.test(help.stdout)) {
    throw new Error(`${bin} has no working \`serve\` (${help.error ? help.error.message : (help.stderr || help.stdout).trim().slice(0, 300)})`)
  }
  dataDir = mkdtempSync(join(tmpdir(), 'mw-web-e2e-'))
  const port = await freePort()
  const config = join(dataDir, 'serve.toml')
  writeFileSync(
    config,
    [`listen = "127.0.0.1:${port}"`, `data_dir = "${join(dataDir, 'data')}"`, `web_dir = "${dist}"`, 'access_log = ""', ''].join('\n'),
  )
  server = spawn(bin, ['serve', '--config', config, '--demo', '3'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  server.stdout.on('data', (d) => (out += d))
  server.stderr.on('data', (d) => (out += d))
  const exited = new Promise((r) => server.once('exit', (code) => r(code)))
  // The URL is the one we chose; the demo password is in the data directory (serve's own
  // stdout may be block-buffered into a pipe, so its "sign in as" line can arrive late).
  const url = `http://127.0.0.1:${port}`
  const pwFile = join(dataDir, 'data', 'demo-admin-password')
  const found = await Promise.race([
    until('the demo login and /healthz', async () => {
      const m = out.match(/demo: open (\S+?)\/?\s+and sign in as (\S+) \/ (\S+)/)
      if (m) return { url: m[1].replace(/\/$/, ''), user: m[2], password: m[3] }
      if (!existsSync(pwFile)) return null
      const h = await fetch(url + '/healthz').catch(() => null)
      return h && h.ok && { url, user: 'admin', password: readFileSync(pwFile, 'utf8').trim() }
    }, 300000, 500),
    exited.then((code) => {
      throw new Error(`serve exited with ${code}:\n${out.slice(-2000)}`)
    }),
  ])
  return found
}

// minewatch serves the built UI itself (serve's web_dir): the test goes through that, so the
// C++ static serving, the API and the live WebSocket are all the real ones.
async function uiBase(apiUrl) {
  const res = await fetch(apiUrl + '/overview').catch(() => null)
  const body = res ? await res.text() : ''
  if (res && res.ok && body.includes('<div id="app">')) return apiUrl
  throw new Error(`minewatch does not serve the web UI at ${apiUrl}/ (status ${res ? res.status : 'none'})`)
}

// Element Plus puts attributes on the <input> itself or on its wrapper, depending on the
// component: match either.
function field(name) {
  return `:is(input,textarea)[data-test=${name}], [data-test=${name}] :is(input,textarea)`
}

async function login(page, base, user, password) {
  await page.goto(base + '/login')
  await page.fill(field('login-user'), user)
  await page.fill(field('login-password'), password)
  await page.click('[data-test=login-submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 20000 })
}
// The focused element: its data-test (its own or its nearest holder's) and whether a focus
// ring shows (an outline of 2 px or more, or Element Plus's wrapper shadow).
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return { test: null, ring: false }
    const holder = el.closest('[data-test]')
    const cs = getComputedStyle(el)
    const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2
    return { test: el.getAttribute('data-test') || (holder && holder.getAttribute('data-test')), tag: el.tagName, ring }
  })
}
// Presses Tab until the control `want` has focus (at most `max` presses); every stop on the
// way must show a focus ring. Returns the data-test names in the order they were reached.
async function tabUntil(page, want, max) {
  const seen = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    if (f.test === null && !f.tag) continue
    if (!f.ring) throw new Error(`no visible focus ring on ${f.tag} ${f.test || ''} (after ${seen.join(' → ')})`)
    seen.push(f.test)
    if (f.test === want) return seen
  }
  throw new Error(`Tab never reached ${want} in ${max} presses: ${seen.join(' → ')}`)
}
// `want` appears in `seen` in this order (other stops may lie between).
function expectOrder(seen, want) {
  let i = 0
  for (const s of seen) if (s === want[i]) i++
  if (i < want.length) throw new Error(`expected ${want.join(' → ')}, got ${seen.join(' → ')}`)
}
async function shot(page, name) {
  await page.screenshot({ path: join(shots, name + '.png'), fullPage: false })
}

async function main() {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('web/dist is not built: run scripts/web.sh build')
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: run scripts/install-deps.sh test`)
  rmSync(shots, { recursive: true, force: true })
  mkdirSync(shots, { recursive: true })

  let demo
  await step('start minewatch serve --demo 3', async () => {
    demo = await startServe()
  })
  const base = await uiBase(demo.url)
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] })
  const admin = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
  const page = await admin.newPage()
  // The overview places mines from the list's lat/lon: it must not fetch each mine's detail.
  const detailFetches = []
  page.on('request', (r) => {
    if (/\/api\/v1\/mines\/[^/?]+$/.test(new URL(r.url()).pathname) && new URL(page.url()).pathname === '/overview') detailFetches.push(r.url())
  })
  const api = (path, init = {}) => page.request.fetch(base + '/api/v1' + path, init).then(async (r) => ({ status: r.status(), body: await r.json().catch(() => null) }))

  await step('keyboard: Tab reaches the login controls in order, each with a focus ring; log in by keyboard', async () => {
    await page.goto(base + '/login')
    await page.waitForSelector('[data-test=login-submit]')
    const seen = await tabUntil(page, 'login-submit', 10)
    expectOrder(seen, ['theme', 'lang', 'login-user', 'login-password', 'login-submit'])
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    if ((await focused(page)).test !== 'login-user') throw new Error('Shift+Tab did not return to the user field')
    await page.keyboard.type(demo.user)
    await page.keyboard.press('Tab')
    await page.keyboard.type(demo.password)
    await page.keyboard.press('Enter')
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 20000 })
  })

  let mines = []
  await step('overview shows the map with mines', async () => {
    await page.waitForSelector('[data-test=china-map] canvas', { timeout: 30000 })
    mines = await until('mines in GET /api/v1/mines', async () => {
      const r = await api('/mines')
      return r.status === 200 && r.body.mines.length >= 1 && r.body.mines
    }, 120000)
    await until('the online tile to count the mines', async () => Number(await page.textContent('[data-test=tile-online]')) >= 1, 120000, 2000)
    await sleep(1500) // positions and the map settle
    if (!mines.every((m) => 'lat' in m && 'lon' in m)) throw new Error('GET /api/v1/mines items have no lat/lon')
    if (detailFetches.length) throw new Error(`the overview fetched mine details: ${detailFetches.join(' ')}`)
    await shot(page, '01-overview')
  })

  const mine = [...mines].sort((a, b) => b.people_underground - a.people_underground)[0]
  await step(`mine page ${mine.code}: points, a live value changing`, async () => {
    await page.click('[data-test=nav-mines]')
    await page.click(`[data-test="mine-link-${mine.code}"]`)
    await page.waitForSelector('[data-test=points-table] .el-table__row', { timeout: 30000 })
    await page.waitForSelector('[data-test=point-curve] canvas')
    await shot(page, '02-mine')
    const values = () => page.$$eval('[data-test=points-table] [data-test^=value-]', (els) => els.map((e) => e.textContent).join('|'))
    const before = await values()
    const lastBefore = await page.textContent('[data-test=mine-head]')
    await until('a point value or the last upload to change', async () => {
      const now = await values()
      return now !== before || (await page.textContent('[data-test=mine-head]')) !== lastBefore
    }, LIVE_WAIT_MS, 2000)
    await shot(page, '03-mine-updated')
  })

  let alarm = null
  await step('alarms list shows an alarm to handle', async () => {
    alarm = await until('an alarm in state new', async () => {
      const r = await api('/alarms?state=new&limit=100')
      return r.status === 200 && r.body.alarms.find((a) => a.handling.state === 'new')
    }, ALARM_WAIT_MS, 3000)
    await page.click('[data-test=nav-alarms]')
    await page.waitForSelector(`[data-test="alarm-link-${alarm.id}"]`, { timeout: 30000 })
    await shot(page, '04-alarms')
  })

  await step(`open alarm ${alarm.id} and acknowledge it`, async () => {
    await page.click(`[data-test="alarm-link-${alarm.id}"]`)
    await page.waitForSelector('[data-test=alarm-head]')
    await page.waitForSelector('[data-test=alarm-timeline] [data-entry=opened]')
    // Keyboard: from the top of the freshly loaded page, Tab passes the nav and reaches the form.
    await page.goto(base + '/alarms/' + alarm.id)
    await page.waitForSelector('[data-test=ack-submit]')
    const seen = await tabUntil(page, 'ack-submit', 40)
    expectOrder(seen, ['nav-overview', 'nav-mines', 'nav-alarms', 'nav-personnel', 'nav-admin', 'theme', 'lang', 'logout', 'ack-remark', 'ack-submit'])
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.type('e2e 已知悉')
    await page.keyboard.press('Enter')
    await until('state acknowledged', async () => (await page.textContent('[data-test=alarm-state]')).includes('已确认'), 15000, 300)
    const r = await api('/alarms/' + alarm.id)
    if (r.body.alarm.handling.state !== 'acknowledged') throw new Error(`server says ${r.body.alarm.handling.state}`)
    await shot(page, '05-alarm-acknowledged')
  })

  const password = 'e2e-pass-' + Math.random().toString(36).slice(2, 10)
  await step('the mine user submits a disposition', async () => {
    const add = await api('/users', { method: 'POST', data: { name: 'e2e_mine', password, role: 'mine', scope: alarm.mine } })
    if (add.status !== 201) throw new Error(`POST /users answered ${add.status} ${JSON.stringify(add.body)}`)
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const p = await ctx.newPage()
    await login(p, base, 'e2e_mine', password)
    await p.goto(base + '/alarms/' + alarm.id)
    await p.waitForSelector('[data-test=disposition-form]', { timeout: 20000 })
    await p.fill(field('disp-cause'), '回风隅角瓦斯积聚（e2e）')
    await p.fill(field('disp-measures'), '加强通风，撤出人员，复查传感器')
    if (await p.$(field('disp-early'))) await p.fill(field('disp-early'), '瓦斯已回落，现场确认安全')
    await p.click('[data-test=disp-submit]')
    await until('state disposed', async () => (await p.textContent('[data-test=alarm-state]')).includes('已处置'), 15000, 300)
    await shot(p, '06-alarm-disposed')
    await ctx.close()
  })

  await step(`verify alarm ${alarm.id} and reopen it after a confirmation`, async () => {
    await page.goto(base + '/alarms/' + alarm.id)
    await page.waitForSelector('[data-test=verify-form]', { timeout: 20000 })
    await page.click('[data-test=verify-submit]')
    await until('state verified', async () => (await page.textContent('[data-test=alarm-state]')).includes('已核查'), 15000, 300)
    await page.waitForSelector('[data-test=reopen-form]')
    await page.fill(field('reopen-remark'), '复查：措施未落实（e2e）')
    await page.click('[data-test=reopen-submit]')
    await page.waitForSelector('[data-test=reopen-confirm]')
    if ((await api('/alarms/' + alarm.id)).body.alarm.handling.state !== 'verified') throw new Error('reopened before the confirmation')
    // The confirmation takes the focus: Enter confirms.
    if ((await focused(page)).test !== 'reopen-yes') throw new Error(`focus is on ${(await focused(page)).test}, not the confirmation`)
    await page.keyboard.press('Enter')
    await until('state returned', async () => (await page.textContent('[data-test=alarm-state]')).includes('已退回'), 15000, 300)
    const r = await api('/alarms/' + alarm.id)
    if (r.body.alarm.handling.state !== 'returned') throw new Error(`server says ${r.body.alarm.handling.state}`)
    const entries = await page.$$eval('[data-test=alarm-timeline] [data-entry]', (els) => els.map((e) => e.getAttribute('data-entry')))
    expectOrder(entries, ['opened', 'acknowledge', 'disposition', 'verify', 'reopen'])
    await shot(page, '11-alarm-timeline')
  })

  await step('a province user cannot open another province\'s mine', async () => {
    const other = mines.find((m) => m.code.slice(0, 2) !== mine.code.slice(0, 2))
    const scope = other ? other.code.slice(0, 2) : mine.code.slice(0, 2) === '65' ? '64' : '65'
    const add = await api('/users', { method: 'POST', data: { name: 'e2e_prov', password, role: 'province', scope } })
    if (add.status !== 201) throw new Error(`POST /users answered ${add.status}`)
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const p = await ctx.newPage()
    await login(p, base, 'e2e_prov', password)
    await p.goto(base + '/mines/' + mine.code)
    await p.waitForSelector('[data-test=mine-not-found]', { timeout: 20000 })
    if (await p.$('[data-test=points-table]')) throw new Error('the points of an out-of-scope mine are shown')
    await shot(p, '07-province-refused')
    await ctx.close()
  })

  await step('personnel and admin pages render', async () => {
    await page.click('[data-test=nav-personnel]')
    await page.waitForSelector('[data-test=people-table]')
    await sleep(1500)
    await shot(page, '08-personnel')
    await page.click('[data-test=nav-admin]')
    await page.waitForSelector('[data-test=users-table] .el-table__row')
    await shot(page, '09-admin')
    await page.click('[data-test=nav-overview]')
    await page.waitForSelector('[data-test=china-map] canvas')
    await sleep(1500)
    await shot(page, '10-overview-later')
  })

  await step('laptop size (1366×768): overview and mine page; the dark wall theme', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', storageState: await admin.storageState() })
    const p = await ctx.newPage()
    await p.goto(base + '/overview')
    await p.waitForSelector('[data-test=china-map] canvas')
    await sleep(2500)
    await shot(p, '12-overview-1366')
    await p.goto(base + '/mines/' + mine.code)
    await p.waitForSelector('[data-test=points-table] .el-table__row', { timeout: 30000 })
    await p.waitForSelector('[data-test=point-curve] canvas')
    await sleep(1500)
    await shot(p, '13-mine-1366')
    await ctx.close()
    await page.click('[data-test=theme]')
    if (!(await page.evaluate(() => document.documentElement.classList.contains('mw-wall')))) throw new Error('the wall theme did not switch')
    await sleep(2000)
    // What the browser really paints: text against the nearest opaque background behind it.
    const low = await page.evaluate(() => {
      const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number)
      const lum = ([r, g, b]) => [r, g, b].map((v) => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0)
      const bg = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor)
          if (c.length === 3 || c[3] === 1) return c
        }
        return [255, 255, 255]
      }
      const out = []
      for (const sel of ['body', '.mw-card-title', '.tile', '.kinds a', '.mw-nav a', '[data-test=theme]', '.el-select__placeholder']) {
        for (const el of document.querySelectorAll(sel)) {
          const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg(el))].sort((x, y) => y - x)
          const r = (a + 0.05) / (b + 0.05)
          if (r < 4.5) out.push(`${sel} ${getComputedStyle(el).color} on ${bg(el)}: ${r.toFixed(2)}`)
        }
      }
      return out
    })
    if (low.length) throw new Error('text below 4.5:1 in the wall theme: ' + low.join('; '))
    await shot(page, '14-overview-wall')
    await page.click('[data-test=theme]')
  })

  if (process.env.MW_E2E_DOCS) {
    // The screenshots docs/web.md and the README show.
    const docs = join(repo, 'docs/screenshots')
    for (const n of ['01-overview', '02-mine', '04-alarms', '06-alarm-disposed', '07-province-refused', '08-personnel',
      '11-alarm-timeline', '12-overview-1366', '13-mine-1366', '14-overview-wall']) {
      copyFileSync(join(shots, n + '.png'), join(docs, 'web-' + n + '.png'))
    }
    log(`screenshots copied to ${docs}`)
  }
}

async function cleanup() {
  if (browser) await browser.close().catch(() => {})
  if (server && server.exitCode === null) {
    server.kill('SIGTERM')
    await Promise.race([new Promise((r) => server.once('exit', r)), sleep(10000)])
    if (server.exitCode === null) server.kill('SIGKILL')
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}

let code = 0
try {
  await main()
} catch (e) {
  if (!steps.length || steps[steps.length - 1].ok) log(`FAIL ${e.message}`)
  code = 1
}
await cleanup()
const passed = steps.filter((s) => s.ok).length
log(`screenshots in ${shots}`)
process.stdout.write(`${passed} passed, ${steps.length - passed + (code && steps.every((s) => s.ok) ? 1 : 0)} failed\n`)
process.exit(code)
