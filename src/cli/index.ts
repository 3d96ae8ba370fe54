import pkg from '../../package.json'
import clear from './commands/clear'
import del from './commands/delete'
import dev from './commands/dev'
import dump from './commands/dump'
import get from './commands/get'
import init from './commands/init'
import inspect from './commands/inspect'
import list from './commands/list'
import pull from './commands/pull'
import push from './commands/push'
import seed from './commands/seed'
import set from './commands/set'
import snapshot from './commands/snapshot'
import stats from './commands/stats'
import time from './commands/time'
import { runCli } from './run-cli'

const COMMANDS = [
  list,
  get,
  set,
  del,
  inspect,
  stats,
  seed,
  clear,
  dump,
  dev,
  init,
  time,
  snapshot,
  pull,
  push,
]

// `kvdev list | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

runCli(COMMANDS, process.argv.slice(2), pkg.version).then((code) => process.exit(code))
