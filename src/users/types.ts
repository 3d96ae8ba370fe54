/** The authenticated player, in the shape the platform's tokens carry. */
export interface PlaycademyUser {
  /** Stable user id: key user-scoped data by it (`user:${sub}:state`). */
  sub: string
  email: string
  name: string
  email_verified: boolean
  [claim: string]: unknown
}

/** The `user` option: one user, personas (the first active by default), or null for signed out. */
export type UserOption = Partial<PlaycademyUser> | Partial<PlaycademyUser>[] | null
