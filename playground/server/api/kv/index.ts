// Per-player KV for the browser's `createKvClient()` (its default base URL is /api/kv):
// every key is stored as `user:<sub>:<key>`, so one player never sees another's.
import { userKv } from 'kvdev/server'

export default userKv()
