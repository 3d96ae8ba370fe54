import pkg from '../../package.json'
import { COMMANDS } from './command-table'
import { runCli } from './run-cli'

// `kvdev list | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

runCli(COMMANDS, process.argv.slice(2), pkg.version).then((code) => process.exit(code))
