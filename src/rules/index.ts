export * from './binding-messages'
export * from './describe'
export * from './kv-rules'
