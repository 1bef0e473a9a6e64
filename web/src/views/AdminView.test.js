import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { makeI18n } from '../i18n.js'
import AdminView from './AdminView.vue'

const MINE = '140421000111'
function reply(status, body) {
  return Promise.resolve(new Response(JSON.stringify(body), { status }))
}
afterEach(() => vi.unstubAllGlobals())

// The admin page over a stubbed fetch: `answer(url, init)` first, then no users and no mines.
async function mountAdmin(answer) {
  const fetch = vi.fn((url, init) => {
    const r = answer(url, init)
    if (r) return r
    if (url === '/api/v1/users') return reply(200, { users: [] })
    if (url === '/api/v1/mines') return reply(200, { mines: [] })
    return reply(404, { error: 'unexpected ' + url })
  })
  vi.stubGlobal('fetch', fetch)
  const pinia = createPinia()
  setActivePinia(pinia)
  const w = mount(AdminView, { global: { plugins: [pinia, makeI18n('zh-CN'), ElementPlus] } })
  await flushPromises()
  return { w, fetch }
}

describe('AdminView', () => {
  it('rotates a mine\'s upload key only after a confirmation and shows the new key', async () => {
    const { w, fetch } = await mountAdmin((url, init) => {
      if (url === '/api/v1/mines') return reply(200, { mines: [{ code: MINE, name: '示范煤矿', status: 'stopped' }] })
      if (init && init.method === 'POST') return reply(200, { mine: MINE, key: 'mwk_new_secret' })
      return null
    })
    expect(w.text()).toContain('停产')
    const posts = () => fetch.mock.calls.filter(([, init]) => init && init.method === 'POST')
    await w.find(`[data-test=rotate-${MINE}]`).trigger('click')
    expect(w.find('[data-test=rotate-confirm]').text()).toContain(MINE)
    await w.find('[data-test=rotate-no]').trigger('click')
    expect(w.find('[data-test=rotate-confirm]').exists()).toBe(false)
    expect(posts()).toHaveLength(0)
    await w.find(`[data-test=rotate-${MINE}]`).trigger('click')
    await w.find('[data-test=rotate-yes]').trigger('click')
    await flushPromises()
    expect(posts().map(([url]) => url)).toEqual([`/api/v1/mines/${MINE}/key`])
    expect(w.text()).toContain('mwk_new_secret')
  })

  const CSV = 'mine_code,name,status,gas_grade\n1404,短码,producing,low\n'
  async function mountWithImportReply(status, body) {
    const { w, fetch } = await mountAdmin((url) => (url === '/api/v1/admin/mines' ? reply(status, body) : null))
    const input = w.find('[data-test=import-file]')
    Object.defineProperty(input.element, 'files', {
      value: [new File([CSV], 'mines.csv', { type: 'text/csv' })],
    })
    await input.trigger('change')
    await w.find('form.import').trigger('submit')
    await flushPromises()
    return { w, fetch }
  }

  it('sends the chosen mines.csv as CSV and lists the bad rows by line', async () => {
    const { w, fetch } = await mountWithImportReply(422, {
      error: '2 bad rows in mines.csv; nothing was imported',
      errors: [
        { line: 2, message: 'mines.csv line 2, column mine_code: not a mine code' },
        { line: 6, message: 'mines.csv line 6, column gas_grade: medium' },
      ],
    })
    const sent = fetch.mock.calls.filter(([url]) => url === '/api/v1/admin/mines')
    expect(sent).toHaveLength(1)
    expect(sent[0][1].method).toBe('POST')
    expect(sent[0][1].headers['Content-Type']).toBe('text/csv')
    expect(sent[0][1].body).toBe(CSV)
    expect(w.find('[data-test=import-error]').text()).toContain('nothing was imported')
    const rows = w.findAll('[data-test=import-errors] tbody tr')
    expect(rows.map((r) => r.find('td').text())).toEqual(['2', '6'])
    expect(w.find('[data-test=import-errors]').text()).toContain('gas_grade')
    expect(w.find('[data-test=import-result]').exists()).toBe(false)
  })

  it('shows what an import did and reloads the mine list', async () => {
    const { w, fetch } = await mountWithImportReply(200, { mines: 3, new: 2, updated: 1 })
    const cells = w.findAll('[data-test=import-result] tbody td').map((c) => c.text())
    expect(cells).toEqual(['3', '2', '1'])
    expect(w.find('[data-test=import-error]').exists()).toBe(false)
    expect(fetch.mock.calls.filter(([url]) => url === '/api/v1/mines')).toHaveLength(2)
  })
})
