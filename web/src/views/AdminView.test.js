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

describe('AdminView', () => {
  it('rotates a mine\'s upload key only after a confirmation and shows the new key', async () => {
    const fetch = vi.fn((url, init) => {
      if (url === '/api/v1/users') return reply(200, { users: [] })
      if (url === '/api/v1/mines') return reply(200, { mines: [{ code: MINE, name: '示范煤矿', status: 'stopped' }] })
      if (init && init.method === 'POST') return reply(200, { mine: MINE, key: 'mwk_new_secret' })
      return reply(404, { error: 'unexpected ' + url })
    })
    vi.stubGlobal('fetch', fetch)
    const pinia = createPinia()
    setActivePinia(pinia)
    const w = mount(AdminView, { global: { plugins: [pinia, makeI18n('zh-CN'), ElementPlus] } })
    await flushPromises()
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
    expect(w.find('[data-test=import-none]').text()).toContain('minewatch mine import')
  })
})
