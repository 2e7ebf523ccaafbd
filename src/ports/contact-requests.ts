import type { ContactRequestNotFound } from '../domain/errors.js';
import type { StorageTask } from './storage-result.js';

/** A visitor's request to be answered later by e-mail, left when no one was online. */
export interface ContactRequest {
  readonly id: number;
  readonly sessionId: number | null;
  readonly visitorId: number | null;
  readonly email: string;
  readonly name: string | null;
  readonly message: string | null;
  readonly createdAt: Date;
  readonly handledAt: Date | null;
  readonly handledBy: number | null;
}

/** A contact request to store: the chat and visitor it came from (when known) and what they left. */
export interface NewContactRequest {
  readonly sessionId: number | null;
  readonly visitorId: number | null;
  readonly email: string;
  readonly name: string | null;
  readonly message: string | null;
}

/** The `contact_requests` collection. */
export interface ContactRequests {
  /** Stores a request, not handled yet. */
  create(request: NewContactRequest, now: Date): StorageTask<ContactRequest>;
  /** Requests not handled yet, oldest first. */
  listOpen(limit: number, offset: number): StorageTask<ReadonlyArray<ContactRequest>>;
  /** Marks a request handled by an operator; `ContactRequestNotFound` when absent. */
  markHandled(id: number, operatorId: number, now: Date): StorageTask<ContactRequest, ContactRequestNotFound>;
}
