// Thin fetch wrapper: same-origin session cookie, JSON in and out, errors carry the server's
// {"error": "..."} message and status so views can show it (and treat 404 as "not yours").

export class ApiError extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

let onUnauthorized = null
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

export async function api(path, { method = 'GET', body, query } = {}) {
  let url = '/api/v1' + path
  if (query) {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
    }
    const s = q.toString()
    if (s) url += '?' + s
  }
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  const res = await fetch(url, init)
  if (res.status === 204) return null
  let data = null
  const text = await res.text()
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    if (res.status === 401 && onUnauthorized && path !== '/session') onUnauthorized()
    throw new ApiError(res.status, (data && data.error) || res.statusText || 'request failed')
  }
  return data
}
