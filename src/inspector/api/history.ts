import { readJson, toQuery, typedClient } from './client'

/** The store clock and snapshots of one binding (`GET/POST time…`, `snapshots…`). */
export const historyApi = {
  clock: (binding: string) => readJson(typedClient.time.$get({ query: toQuery({ binding }) })),
  preview: (binding: string, duration: string) =>
    readJson(typedClient.time.preview.$get({ query: toQuery({ binding, duration }) })),
  advance: (binding: string, duration: string) =>
    readJson(typedClient.time.advance.$post({ query: toQuery({ binding }), json: { duration } })),
  snapshots: (binding: string) =>
    readJson(typedClient.snapshots.$get({ query: toQuery({ binding }) })),
  save: (binding: string, name: string) =>
    readJson(typedClient.snapshots.$post({ query: toQuery({ binding }), json: { name } })),
  restore: (binding: string, name: string) =>
    readJson(typedClient.snapshots.restore.$post({ query: toQuery({ binding }), json: { name } })),
  diff: (binding: string, a: string, b?: string) =>
    readJson(typedClient.snapshots.diff.$get({ query: toQuery({ binding, a, b }) })),
  remove: (binding: string, name: string) =>
    readJson(typedClient.snapshots.delete.$post({ query: toQuery({ binding }), json: { name } })),
}
