import pkg from '../../package.json'
import { COMMANDS } from './command-table'
import { runCli } from './run-cli'

runCli(COMMANDS, process.argv.slice(2), pkg.version).then((code) => process.exit(code))
