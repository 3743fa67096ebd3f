package model

import "time"

// ReportReason says why something was reported.
type ReportReason string

// The reasons a member can give. Reports received from other servers carry
// no reason of ours and are filed as ReasonOther with their comment.
const (
	ReasonIllegal    ReportReason = "illegal"    // unlawful content, e.g. abuse material: remove and escalate
	ReasonVictim     ReportReason = "victim"     // identifies or exposes a victim or survivor
	ReasonPersonal   ReportReason = "personal"   // personal data of anyone else
	ReasonHarassment ReportReason = "harassment" // abuse of a person
	ReasonSpam       ReportReason = "spam"       // advertising, off-topic floods
	ReasonOther      ReportReason = "other"      // anything else, said in the comment
)

// ReportReasons lists every reason, in the order forms show them.
var ReportReasons = []ReportReason{ReasonIllegal, ReasonVictim, ReasonPersonal, ReasonHarassment, ReasonSpam, ReasonOther}

// Valid reports whether r is a known reason.
func (r ReportReason) Valid() bool {
	for _, k := range ReportReasons {
		if r == k {
			return true
		}
	}
	return false
}

// ReportStatus is where a report is in the moderation queue.
type ReportStatus string

const (
	ReportOpen      ReportStatus = "open"
	ReportResolved  ReportStatus = "resolved"  // acted upon
	ReportDismissed ReportStatus = "dismissed" // looked at; nothing to do
)

// Report is one entry of the moderation queue: someone (a member here, or
// another server) points the moderators at a thread, a reply or an
// account.
type Report struct {
	ID         string       `bun:"id,pk"`
	URI        *string      `bun:"uri"` // the Flag's id, when one was received or sent
	ReporterID string       `bun:"reporter_id"`
	SubjectID  string       `bun:"subject_id"` // the account reported, or the author of what was
	ThreadID   *string      `bun:"thread_id"`
	PostID     *string      `bun:"post_id"`
	SpaceID    *string      `bun:"space_id"`
	Reason     ReportReason `bun:"reason"`
	Comment    string       `bun:"comment"`
	Status     ReportStatus `bun:"status"`
	Forwarded  bool         `bun:"forwarded"`
	HandledBy  string       `bun:"handled_by"` // user id
	HandledAt  *time.Time   `bun:"handled_at"`
	Resolution string       `bun:"resolution"`
	CreatedAt  time.Time    `bun:"created_at"`

	Reporter *Actor  `bun:"-"`
	Subject  *Actor  `bun:"-"`
	Thread   *Thread `bun:"-"`
	Post     *Post   `bun:"-"`
}
