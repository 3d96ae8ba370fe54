/** A worker module's bundle as a string (`build/worker-bundle.ts`). */
declare module '*?bundle' {
  const source: string
  export default source
}
