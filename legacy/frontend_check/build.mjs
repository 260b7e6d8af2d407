// Bundles harness.mjs with the frontend's own data layer, unchanged, for Node.
// node build.mjs <frontend checkout> <output file>   (esbuild resolved through NODE_PATH)
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const esbuild = require(require.resolve('esbuild', { paths: (process.env.NODE_PATH || '').split(path.delimiter) }))
const here = path.dirname(fileURLToPath(import.meta.url))
const [frontend, outfile] = process.argv.slice(2)
const stubs = {
  '@clerk/nextjs/server': path.join(here, 'stubs', 'clerk-server.mjs'),
  'next/server': path.join(here, 'stubs', 'next-server.mjs'),
}

await esbuild.build({
  entryPoints: [path.join(here, 'harness.mjs')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  tsconfig: path.join(frontend, 'tsconfig.json'),
  alias: { '@': path.join(frontend, 'src') },
  logLevel: 'warning',
  plugins: [
    {
      name: 'runtime-stubs',
      setup(build) {
        build.onResolve({ filter: /^(@clerk\/nextjs\/server|next\/server)$/ }, (args) => ({ path: stubs[args.path] }))
      },
    },
  ],
})
