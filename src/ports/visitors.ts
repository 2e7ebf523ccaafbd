import type { Visitor } from '../domain/entities/visitor.js';
import type { VisitorAlreadyConverted, VisitorNotFound } from '../domain/errors.js';
import type { StorageTask } from './storage-result.js';

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
  findById(id: number): StorageTask<Visitor | null>;
  findByUuid(visitorId: string): StorageTask<Visitor | null>;
  /**
   * Records that the visitor became `userId`, only if it has not been converted yet:
   * `VisitorAlreadyConverted` when it has (the check and the write are one statement),
   * `VisitorNotFound` when there is no such visitor.
   */
  markConverted(id: number, userId: number): StorageTask<Visitor, VisitorAlreadyConverted | VisitorNotFound>;
}
