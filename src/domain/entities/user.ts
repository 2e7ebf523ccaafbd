/** A registered user (table `users`). Username and e-mail are unique, e-mail case-insensitively. */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly createdAt: Date;
}
