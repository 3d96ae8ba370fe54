export * from './describe'
export * from './kv-rules'
