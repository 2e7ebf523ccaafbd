/** An anonymous site visitor (table `visitors`). */
export interface Visitor {
  readonly id: number;
  /** Public UUID, kept in the visitor's cookie (`visitor_id`). */
  readonly visitorId: string;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
  /** desktop, mobile, tablet */
  readonly deviceType: string | null;
  readonly browser: string | null;
  readonly firstVisit: Date;
  readonly lastVisit: Date;
  /** The registered user this visitor became (ConvertVisitorToUser); null while anonymous. */
  readonly userId: number | null;
}
