import { defineStore } from 'pinia'
import { api, ApiError } from '../api.js'

// Who is logged in (GET /api/v1/me); null until known, false when nobody is.
export const useSession = defineStore('session', {
  state: () => ({ user: null, checked: false, error: '' }),
  getters: {
    loggedIn: (s) => !!s.user,
    isNational: (s) => !!s.user && s.user.role === 'national',
    // Whether the user may act on alarms (viewers only read; docs/accounts.md).
    canAct: (s) => !!s.user && s.user.role !== 'viewer',
    isMineUser: (s) => !!s.user && s.user.role === 'mine',
    canVerify: (s) => !!s.user && ['city', 'province', 'national'].includes(s.user.role),
  },
  actions: {
    async check() {
      try {
        this.user = await api('/me')
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 401) this.error = e.message
        this.user = null
      }
      this.checked = true
      return this.user
    },
    async login(user, password) {
      this.error = ''
      try {
        const out = await api('/session', { method: 'POST', body: { user, password } })
        this.user = out.user
        this.checked = true
        return true
      } catch (e) {
        this.error = e.message
        return false
      }
    },
    async logout() {
      try {
        await api('/session', { method: 'DELETE' })
      } catch {
        // The session may have expired already; the user is logged out either way.
      }
      this.user = null
    },
    forget() {
      this.user = null
    },
  },
})
