import type { Visitor } from '../domain/entities/visitor.js';
import type { VisitorAlreadyConverted, VisitorNotFound } from '../domain/errors.js';
import type { StorageTask } from './storage-result.js';

/** What erasing a visitor removed besides the visitor row. */
export interface ErasedVisitor {
  readonly sessions: number;
  readonly messages: number;
}

/** What the widget knows about a visitor: its UUID and, when known, its IP address, user agent, device and browser. */
export interface VisitorDetails {
  readonly visitorId: string;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
  readonly deviceType: string | null;
  readonly browser: string | null;
}

/** The `visitors` collection. */
export interface Visitors {
  /**
   * Inserts the visitor, or when its UUID exists sets `last_visit = now` and replaces each
   * detail that is given (non-null). One atomic statement: concurrent calls with the same
   * UUID all return the same row and never surface a unique violation.
   */
  upsert(details: VisitorDetails, now: Date): StorageTask<Visitor>;
  /** The visitor with this id, or null when absent; its last visit is left alone. */
  findById(id: number): StorageTask<Visitor | null>;
  /** The visitor with this public UUID, or null when absent; its last visit is left alone. */
  findByUuid(visitorId: string): StorageTask<Visitor | null>;
  /**
   * Records that the visitor became `userId`, only if it has not been converted yet:
   * `VisitorAlreadyConverted` when it has (the check and the write are one statement),
   * `VisitorNotFound` when there is no such visitor.
   */
  markConverted(id: number, userId: number): StorageTask<Visitor, VisitorAlreadyConverted | VisitorNotFound>;
  /**
   * Deletes the visitor with every session it started and their messages, in one atomic
   * step (privacy erasure). A user the visitor was converted to stays. `VisitorNotFound`
   * when absent.
   */
  erase(id: number): StorageTask<ErasedVisitor, VisitorNotFound>;
  /**
   * Sets `ip_address` and `user_agent` to null on visitors whose `last_visit` is before
   * `cutoff`, that still have one of them, and that have no active session; returns how
   * many rows changed (0 when run again).
   */
  anonymizeNotVisitedSince(cutoff: Date): StorageTask<number>;
}
