import { describe, expect, it } from 'vitest'
import { COMMANDS, findCommand, loadAll } from '../../src/cli/command-table'

// Issue 21: commands load on demand, so the table must stay true to each command's definition.
describe('command-table', () => {
  it('names each row as its command names itself, with the same aliases', async () => {
    const defs = await loadAll(COMMANDS)
    expect(defs.map((d) => [d.name, d.aliases ?? []])).toEqual(
      COMMANDS.map((c) => [c.name, c.aliases ?? []]),
    )
  })

  it('finds a command by its name or an alias, and nothing else', () => {
    expect(findCommand(COMMANDS, 'rm')?.name).toBe('delete')
    expect(findCommand(COMMANDS, 'ls')?.name).toBe('list')
    expect(findCommand(COMMANDS, 'get')?.name).toBe('get')
    expect(findCommand(COMMANDS, 'load')).toBeUndefined()
  })
})
