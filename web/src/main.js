import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import 'element-plus/theme-chalk/dark/css-vars.css'
import App from './App.vue'
import { makeRouter } from './router.js'
import { makeI18n } from './i18n.js'
import { setUnauthorizedHandler } from './api.js'
import { useSession } from './stores/session.js'
import './style.css'

const app = createApp(App)
const pinia = createPinia()
const i18n = makeI18n()
const router = makeRouter()
app.use(pinia).use(i18n).use(router).use(ElementPlus)
document.documentElement.lang = i18n.global.locale.value

// A session that expired mid-use sends the user back to the login page.
setUnauthorizedHandler(() => {
  useSession().forget()
  if (router.currentRoute.value.name !== 'login') {
    router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } })
  }
})
app.mount('#app')
