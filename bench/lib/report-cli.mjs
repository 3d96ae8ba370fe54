import { COMMANDS, floorBeside, MODES, wranglerName } from '../scenarios/cli.mjs'
import { fmtMs } from './measure.mjs'
import { cell, ratio, table } from './report.mjs'

/** How many times `floor` a command takes: "2.1× (24.0 ms)", the floor timed alternately with it. */
const over = (kvdev, floor) =>
  kvdev?.median && floor?.median
    ? `${(kvdev.median / floor.median).toFixed(2)}× (${fmtMs(floor.median)})`
    : '—'

/** The CLI section: each command in both modes beside the wrangler command it replaces. */
export function cliSection(cli) {
  const floor = cli['node -e 0 (process floor)']
  return [
    '## CLI: whole-command wall time',
    'Spawned like hyperfine: one warm-up, then n runs; all on the same Node 22 binary; a store of six keys (`list` lists five). "no dev server": the CLI works on the store\'s files; "dev server running": a kvdev dev server owns the store and the CLI asks it. wrangler `--local` starts its own Miniflare on the same files either way, so it is measured once. wrangler has no `inspect`: its nearest command is `get`.',
    table(
      [
        'Command',
        ...MODES.map((m) => `kvdev, ${m}`),
        'wrangler command',
        'wrangler',
        ...MODES.map((m) => `kvdev vs wrangler (${m})`),
        ...MODES.map((m) => `kvdev ÷ \`node -e 0\` (${m})`),
      ],
      Object.entries(COMMANDS).map(([name, c]) => {
        const w = cli[wranglerName(c.wrangler)]
        const k = MODES.map((m) => cli[`kvdev ${name} (${m})`])
        return [
          `\`kvdev ${name}\``,
          ...k.map(cell),
          `\`${wranglerName(c.wrangler)}\``,
          cell(w),
          ...k.map((s) => ratio(s, w)),
          ...MODES.map((m, i) => over(k[i], cli[floorBeside(name, m)])),
        ]
      }),
    ),
    `The floor of any command, starting Node itself (\`node -e 0\`): ${cell(floor)}. The last columns time each command alternately with \`node -e 0\` (a, b, a, b…) and give their ratio, with that floor's median in brackets: on a loaded machine absolute times drift, the ratio of two commands run side by side holds better.`,
  ]
}
