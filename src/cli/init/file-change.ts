/** One file `kvdev init` creates, edits or leaves alone. */
export interface FileChange {
  /** Relative to the project root, with `/`. */
  path: string
  action: 'create' | 'update' | 'keep'
  /** Why, for the summary. */
  note: string
  /** The text now; undefined for a file to create. */
  before?: string
  /** The text to write; undefined for a file kept. */
  after?: string
}
