#!/usr/bin/env node
// V8's compiled code for kvdev's modules, kept in Node's own cache directory (under the OS temp
// dir, shared by every project; NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE still decide):
// a command then skips compiling its code. A directory it cannot write only turns the cache off.
process.getBuiltinModule('node:module').enableCompileCache?.()
await import('../dist/cli.mjs')
