#!/usr/bin/env node
// Builds kvdev (tsup, then the inspector with Vite) into a fresh folder beside `dist/`, then
// moves each file into `dist/` with a rename, new files first: a dev server running on `dist/`
// (`npm run dev`) never finds a file missing while `npm test` builds, and a failed build leaves
// `dist/` as it was. `--if-stale` skips the build when `dist/` was built from the current inputs.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
const DIST = path.join(ROOT, 'dist')
// Outside `dist/`, so the package never ships it; gone with node_modules, which forces a build.
const STAMP = path.join(ROOT, 'node_modules/.cache/kvdev-build.json')
const INPUTS = [
  'src',
  'build',
  'package.json',
  'package-lock.json',
  'tsup.config.ts',
  'tsconfig.json',
]

/** Every file under `dir`, relative to it, with `/`. */
function listFiles(dir) {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .sort()
}

/** A hash of what the build reads: names and contents. */
function hashInputs() {
  const hash = createHash('sha256')
  for (const input of INPUTS) {
    const full = path.join(ROOT, input)
    const files = fs.statSync(full).isDirectory()
      ? listFiles(full).map((f) => `${input}/${f}`)
      : [input]
    for (const file of files)
      hash
        .update(`${file}\0`)
        .update(fs.readFileSync(path.join(ROOT, file)))
        .update('\0')
  }
  return hash.digest('hex')
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'))
  } catch {
    return undefined
  }
}

/** Runs a package's bin with this Node (no shell, the same on every platform). */
function runBin(pkg, bin, args) {
  const require = createRequire(path.join(ROOT, 'package.json'))
  const manifest = require.resolve(`${pkg}/package.json`)
  const { bin: bins } = JSON.parse(fs.readFileSync(manifest, 'utf8'))
  const file = path.resolve(path.dirname(manifest), typeof bins === 'string' ? bins : bins[bin])
  const result = spawnSync(process.execPath, [file, ...args], { cwd: ROOT, stdio: 'inherit' })
  if (result.status !== 0)
    throw new Error(`${bin} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`)
}

const hash = hashInputs()
if (process.argv.includes('--if-stale')) {
  const stamp = readStamp()
  if (stamp?.hash === hash && stamp.files.every((file) => fs.existsSync(path.join(DIST, file)))) {
    console.error('[kvdev] dist/ is current: no build needed.')
    process.exit(0)
  }
}

const temp = fs.mkdtempSync(path.join(ROOT, '.dist-'))
// Stopped (Ctrl-C, a test's cleanup): the tools stop with it; the half-built folder goes too.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    fs.rmSync(temp, { recursive: true, force: true })
    process.exit(1)
  })
}
try {
  runBin('tsup', 'tsup', ['--out-dir', temp])
  runBin('vite', 'vite', [
    'build',
    '--config',
    'src/inspector/vite.config.ts',
    '--outDir',
    path.join(temp, 'client'),
    '--emptyOutDir',
  ])
  const built = listFiles(temp)
  const existing = new Set(listFiles(DIST))
  // New names first (chunks), then the files that replace others (entries that import them).
  const order = [...built.filter((f) => !existing.has(f)), ...built.filter((f) => existing.has(f))]
  for (const file of order) {
    fs.mkdirSync(path.dirname(path.join(DIST, file)), { recursive: true })
    fs.renameSync(path.join(temp, file), path.join(DIST, file))
  }
  const keep = new Set(built)
  for (const file of existing)
    if (!keep.has(file)) fs.rmSync(path.join(DIST, file), { force: true })
  fs.mkdirSync(path.dirname(STAMP), { recursive: true })
  fs.writeFileSync(STAMP, `${JSON.stringify({ hash, files: built })}\n`)
} finally {
  fs.rmSync(temp, { recursive: true, force: true })
}
