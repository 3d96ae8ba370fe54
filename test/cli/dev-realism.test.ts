import { afterAll, describe, expect, it } from 'vitest'
import { createProject, runKvdev, startKvdevDev } from './helpers'

describe('kvdev dev realism flags (issue 15)', { timeout: 120_000 }, () => {
  const project = createProject()
  afterAll(() => project.cleanup())

  it('turns on the write rate and the tma limits, shown to the inspector', async () => {
    const dev = await startKvdevDev(project.root, [
      '--write-rate-limit',
      '--limits',
      'tma',
      '--propagation-delay',
      '30',
    ])
    const { url } = dev
    let code: number | null
    try {
      const realism = await (await fetch(`${url}/__kv/api/realism`)).json()
      expect(realism).toEqual({
        modes: ['write rate 1/s per key', 'propagation 30 s', 'limits tma'],
        location: 'local',
      })
    } finally {
      code = await dev.stop()
    }
    expect(code).toBe(0)
  })

  it('refuses an unknown profile and a bad delay with exit 2', async () => {
    const profile = await runKvdev(project.root, ['dev', '--limits', 'huge'])
    expect(profile.code).toBe(2)
    expect(profile.stderr).toContain('Invalid --limits: "huge". Use workers-kv, tma')
    const delay = await runKvdev(project.root, ['dev', '--propagation-delay', 'soon'])
    expect(delay.code).toBe(2)
    expect(delay.stderr).toContain('Invalid --propagation-delay: "soon".')
  })
})
