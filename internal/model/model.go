package model

import "time"

// The struct tags below name columns for the store's query builder; model
// itself imports no database code.

// Role of a local member.
type Role string

const (
	RoleAdmin     Role = "admin"
	RoleModerator Role = "moderator"
	RoleMember    Role = "member"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleModerator || r == RoleMember }

// CanModerate is true for admins and moderators.
func (r Role) CanModerate() bool { return r == RoleAdmin || r == RoleModerator }

// Visibility of a space or thread.
type Visibility string

const (
	VisibilityPublic   Visibility = "public"
	VisibilityAlliance Visibility = "alliance"
)

// Valid reports whether v is a known visibility.
func (v Visibility) Valid() bool { return v == VisibilityPublic || v == VisibilityAlliance }

// Stricter returns the more restrictive of v and w.
func (v Visibility) Stricter(w Visibility) Visibility {
	if v == VisibilityAlliance || w == VisibilityAlliance {
		return VisibilityAlliance
	}
	return VisibilityPublic
}

// ActorKind is the ActivityPub type of an actor.
type ActorKind string

const (
	ActorPerson      ActorKind = "Person"
	ActorGroup       ActorKind = "Group"
	ActorApplication ActorKind = "Application"
)

// Actor is anyone or anything that acts: a member, a space, the instance,
// local or remote. Remote and local actors share this one table.
type Actor struct {
	ID               string     `bun:"id,pk"`
	URI              string     `bun:"uri"`
	Kind             ActorKind  `bun:"kind"`
	Username         string     `bun:"username"`
	Host             string     `bun:"host"`
	DisplayName      string     `bun:"display_name"`
	Summary          string     `bun:"summary"`
	URL              string     `bun:"url"`
	Inbox            string     `bun:"inbox"`
	Outbox           string     `bun:"outbox"`
	SharedInbox      string     `bun:"shared_inbox"`
	Followers        string     `bun:"followers"`
	Following        string     `bun:"following"`
	KeyID            string     `bun:"key_id"`
	PublicKeyPEM     string     `bun:"public_key_pem"`
	PrivateKeyPEM    string     `bun:"private_key_pem"`
	ManuallyApproves bool       `bun:"manually_approves"`
	Local            bool       `bun:"local"`
	CreatedAt        time.Time  `bun:"created_at"`
	UpdatedAt        time.Time  `bun:"updated_at"`
	FetchedAt        *time.Time `bun:"fetched_at"`
}

// Handle is name@host.
func (a *Actor) Handle() string { return a.Username + "@" + a.Host }

// Name is the display name, or the username when there is none.
func (a *Actor) Name() string {
	if a.DisplayName != "" {
		return a.DisplayName
	}
	return a.Username
}

// User is a local member's account. Their public face is an Actor.
type User struct {
	ID           string     `bun:"id,pk"`
	ActorID      string     `bun:"actor_id"`
	Username     string     `bun:"username"`
	PasswordHash string     `bun:"password_hash"`
	Role         Role       `bun:"role"`
	Locale       string     `bun:"locale"`
	BioSource    string     `bun:"bio_source"`
	CreatedAt    time.Time  `bun:"created_at"`
	SuspendedAt  *time.Time `bun:"suspended_at"`

	Actor *Actor `bun:"-"`
}

// Instance is the organisation that runs this node (one row).
type Instance struct {
	ID             int        `bun:"id,pk"`
	Name           string     `bun:"name"`
	Sector         string     `bun:"sector"`
	Country        string     `bun:"country"`
	Website        string     `bun:"website"`
	Description    string     `bun:"description"`
	SetupTokenHash string     `bun:"setup_token_hash"`
	SetupDoneAt    *time.Time `bun:"setup_done_at"`
	UpdatedAt      time.Time  `bun:"updated_at"`
}

// Session is a signed-in browser. Its id is the hash of the cookie value.
type Session struct {
	ID         string    `bun:"id,pk"`
	UserID     string    `bun:"user_id"`
	CSRFToken  string    `bun:"csrf_token"`
	CreatedAt  time.Time `bun:"created_at"`
	ExpiresAt  time.Time `bun:"expires_at"`
	LastSeenAt time.Time `bun:"last_seen_at"`
	UserAgent  string    `bun:"user_agent"`
}

// Token is a personal access token; only its hash is stored.
type Token struct {
	ID         string     `bun:"id,pk"`
	UserID     string     `bun:"user_id"`
	Name       string     `bun:"name"`
	Hash       string     `bun:"hash"`
	Prefix     string     `bun:"prefix"`
	CreatedAt  time.Time  `bun:"created_at"`
	LastUsedAt *time.Time `bun:"last_used_at"`
	ExpiresAt  *time.Time `bun:"expires_at"`
	RevokedAt  *time.Time `bun:"revoked_at"`
}

// AuditEntry records one administrative action.
type AuditEntry struct {
	ID        string    `bun:"id,pk"`
	UserID    string    `bun:"user_id"`
	Action    string    `bun:"action"`
	Target    string    `bun:"target"`
	Detail    string    `bun:"detail"`
	CreatedAt time.Time `bun:"created_at"`
}

// DomainPolicy is an admin's decision about a remote domain.
type DomainPolicy struct {
	Domain    string    `bun:"domain,pk"`
	Policy    string    `bun:"policy"` // "allow" or "block"
	Note      string    `bun:"note"`
	CreatedAt time.Time `bun:"created_at"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// Peer is a remote server this node exchanges with.
type Peer struct {
	Host          string     `bun:"host,pk"`
	Software      string     `bun:"software"`
	LastSuccessAt *time.Time `bun:"last_success_at"`
	LastFailureAt *time.Time `bun:"last_failure_at"`
	LastError     string     `bun:"last_error"`
	Failures      int        `bun:"failures"`
	Delivered     int64      `bun:"delivered"`
	PausedUntil   *time.Time `bun:"paused_until"`
	CreatedAt     time.Time  `bun:"created_at"`

	Queued int `bun:"-"`
}

// Activity is an activity this node sent, as JSON.
type Activity struct {
	ID         string     `bun:"id,pk"`
	URI        string     `bun:"uri"`
	ActorID    string     `bun:"actor_id"`
	Type       string     `bun:"type"`
	ObjectURI  string     `bun:"object_uri"`
	Visibility Visibility `bun:"visibility"`
	Payload    string     `bun:"payload"`
	CreatedAt  time.Time  `bun:"created_at"`
}

// HubMember is a member organisation as the hub knows it.
type HubMember struct {
	Domain        string     `bun:"domain,pk"`
	ActorID       *string    `bun:"actor_id"`
	Name          string     `bun:"name"`
	Sector        string     `bun:"sector"`
	Country       string     `bun:"country"`
	Website       string     `bun:"website"`
	Description   string     `bun:"description"`
	Current       bool       `bun:"current"`
	Spaces        int        `bun:"spaces"`
	LastContactAt *time.Time `bun:"last_contact_at"`
	LastError     string     `bun:"last_error"`
	CreatedAt     time.Time  `bun:"created_at"`
	UpdatedAt     time.Time  `bun:"updated_at"`
}
