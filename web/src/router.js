import { createRouter, createWebHistory, createMemoryHistory } from 'vue-router'
import { useSession } from './stores/session.js'

export const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  { path: '/', redirect: '/overview' },
  { path: '/overview', name: 'overview', component: () => import('./views/OverviewView.vue') },
  { path: '/mines', name: 'mines', component: () => import('./views/MinesView.vue') },
  { path: '/mines/:code', name: 'mine', component: () => import('./views/MineView.vue'), props: true },
  { path: '/alarms', name: 'alarms', component: () => import('./views/AlarmsView.vue') },
  { path: '/alarms/:id', name: 'alarm', component: () => import('./views/AlarmView.vue'), props: true },
  { path: '/personnel', name: 'personnel', component: () => import('./views/PersonnelView.vue') },
  { path: '/admin', name: 'admin', component: () => import('./views/AdminView.vue'), meta: { national: true } },
  { path: '/:rest(.*)*', redirect: '/overview' },
]

export function makeRouter(memory = false) {
  const router = createRouter({ history: memory ? createMemoryHistory() : createWebHistory(), routes })
  router.beforeEach(async (to) => {
    const session = useSession()
    if (!session.checked) await session.check()
    if (to.meta.public) return true
    if (!session.loggedIn) return { name: 'login', query: { next: to.fullPath } }
    if (to.meta.national && !session.isNational) return { name: 'overview' }
    return true
  })
  return router
}
