/** The header carrying kvdev's per-process secret on the upgrade to the internal worker. */
export const SECRET_HEADER = 'x-kvdev-secret'
/** The text binding holding the secret inside workerd (never a KV binding: see `handle`). */
export const SECRET_BINDING = '__KVDEV_SECRET__'
