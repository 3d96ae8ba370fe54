// A REST KV service at /api/rest: RocketStack's `/kv/items/<key>` and @workertown/kv's
// `/v1/kv/<key>`, authenticated by KV_API_KEY from `.dev.vars`. The same app deploys
// as a Worker with `export default kvRest()` and a secret KV_API_KEY.
import { kvRest } from 'kvdev/rest'

export default kvRest()
