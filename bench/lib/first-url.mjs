/**
 * The first URL a spawned dev server prints on stdout (`kvdev dev`, Vite), without a trailing
 * slash; rejects with its stderr if it exits first. `loopback` names 127.0.0.1 for localhost,
 * so a client skips the name lookup.
 */
export function firstUrl(child, stderr, { name = 'kvdev dev', loopback = false } = {}) {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const line = out.split('\n').find((l) => l.startsWith('http'))
      if (!line) return
      const url = line.trim().replace(/\/$/, '')
      resolve(loopback ? url.replace('localhost', '127.0.0.1') : url)
    })
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}: ${stderr()}`)))
  })
}
