package model

import "time"

// Invite is an admin's invitation for someone to join this node as a
// member with a role. Its link carries a secret of which only the hash is
// stored; the link works once, until ExpiresAt, unless it is revoked.
type Invite struct {
	ID         string     `bun:"id,pk"`
	TokenHash  string     `bun:"token_hash"`
	Role       Role       `bun:"role"`
	Note       string     `bun:"note"` // the admin's reminder of who it is for
	CreatedBy  string     `bun:"created_by"`
	CreatedAt  time.Time  `bun:"created_at"`
	ExpiresAt  time.Time  `bun:"expires_at"`
	AcceptedAt *time.Time `bun:"accepted_at"`
	AcceptedBy string     `bun:"accepted_by"` // the user the invite created
	RevokedAt  *time.Time `bun:"revoked_at"`

	// Inviter is the admin who made it, loaded for lists.
	Inviter *User `bun:"-"`
}

// InviteState is where an invite stands at a moment.
type InviteState string

const (
	InvitePending  InviteState = "pending"
	InviteAccepted InviteState = "accepted"
	InviteRevoked  InviteState = "revoked"
	InviteExpired  InviteState = "expired"
)

// State says whether the invite can still be used at now, and if not, why.
func (i *Invite) State(now time.Time) InviteState {
	switch {
	case i.AcceptedAt != nil:
		return InviteAccepted
	case i.RevokedAt != nil:
		return InviteRevoked
	case !now.Before(i.ExpiresAt):
		return InviteExpired
	}
	return InvitePending
}
