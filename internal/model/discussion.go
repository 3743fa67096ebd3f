package model

import "time"

// ThreadKind is discussion or challenge.
type ThreadKind string

const (
	KindDiscussion ThreadKind = "discussion"
	KindChallenge  ThreadKind = "challenge"
)

// Valid reports whether k is a known kind.
func (k ThreadKind) Valid() bool { return k == KindDiscussion || k == KindChallenge }

// Categories of challenges.
var Categories = []string{"regulation", "enforcement", "technology", "prevention", "survivor-support", "data-and-research", "other"}

// ValidCategory reports whether c is one of Categories.
func ValidCategory(c string) bool { return contains(Categories, c) }

// ChallengeStatus is where a challenge stands.
type ChallengeStatus string

const (
	StatusOpen             ChallengeStatus = "open"
	StatusInDiscussion     ChallengeStatus = "in-discussion"
	StatusSolutionProposed ChallengeStatus = "solution-proposed"
	StatusAddressed        ChallengeStatus = "addressed"
)

// Statuses in their order of progress.
var Statuses = []ChallengeStatus{StatusOpen, StatusInDiscussion, StatusSolutionProposed, StatusAddressed}

// Valid reports whether s is a known status.
func (s ChallengeStatus) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Space is a forum, local or remote; a Group actor.
type Space struct {
	ID              string     `bun:"id,pk"`
	ActorID         string     `bun:"actor_id"`
	Name            string     `bun:"name"`
	Host            string     `bun:"host"`
	Title           string     `bun:"title"`
	Description     string     `bun:"description"`
	DescriptionHTML string     `bun:"description_html"`
	Visibility      Visibility `bun:"visibility"`
	Local           bool       `bun:"local"`
	CreatedAt       time.Time  `bun:"created_at"`
	ThreadCount     int        `bun:"thread_count"`
	LastActivityAt  *time.Time `bun:"last_activity_at"`

	Actor *Actor `bun:"-"`
}

// Handle is name@host.
func (s *Space) Handle() string { return s.Name + "@" + s.Host }

// Thread is a discussion or challenge: its first post and its metadata.
type Thread struct {
	ID               string          `bun:"id,pk"`
	SpaceID          string          `bun:"space_id"`
	URI              string          `bun:"uri"`
	URL              string          `bun:"url"`
	AuthorID         string          `bun:"author_id"`
	Kind             ThreadKind      `bun:"kind"`
	Title            string          `bun:"title"`
	BodySource       string          `bun:"body_source"`
	BodyHTML         string          `bun:"body_html"`
	BodyText         string          `bun:"body_text"`
	Visibility       Visibility      `bun:"visibility"`
	Category         string          `bun:"category"`
	Status           ChallengeStatus `bun:"status"`
	SolutionPostID   *string         `bun:"solution_post_id"`
	Local            bool            `bun:"local"`
	Locked           bool            `bun:"locked"`
	Pinned           bool            `bun:"pinned"`
	ReplyCount       int             `bun:"reply_count"`
	EndorsementCount int             `bun:"endorsement_count"`
	CreatedAt        time.Time       `bun:"created_at"`
	EditedAt         *time.Time      `bun:"edited_at"`
	DeletedAt        *time.Time      `bun:"deleted_at"`
	LastActivityAt   time.Time       `bun:"last_activity_at"`
	ContextURI       string          `bun:"context_uri"`
	Revision         int64           `bun:"revision"`
	Attachments      string          `bun:"attachments"`

	Author *Actor `bun:"-"`
	Space  *Space `bun:"-"`
}

// Deleted reports whether the thread is a tombstone.
func (t *Thread) Deleted() bool { return t.DeletedAt != nil }

// Post is a reply in a thread.
type Post struct {
	ID          string     `bun:"id,pk"`
	ThreadID    string     `bun:"thread_id"`
	URI         string     `bun:"uri"`
	URL         string     `bun:"url"`
	AuthorID    string     `bun:"author_id"`
	InReplyToID *string    `bun:"in_reply_to_id"`
	BodySource  string     `bun:"body_source"`
	BodyHTML    string     `bun:"body_html"`
	BodyText    string     `bun:"body_text"`
	Visibility  Visibility `bun:"visibility"`
	Local       bool       `bun:"local"`
	CreatedAt   time.Time  `bun:"created_at"`
	EditedAt    *time.Time `bun:"edited_at"`
	DeletedAt   *time.Time `bun:"deleted_at"`
	// InReplyToURI is the ActivityPub id replied to, kept for remote posts.
	InReplyToURI string `bun:"in_reply_to_uri"`
	Attachments  string `bun:"attachments"`

	Author *Actor  `bun:"-"`
	Thread *Thread `bun:"-"` // loaded only by lists that show replies out of their thread
}

// Deleted reports whether the post is a tombstone.
func (p *Post) Deleted() bool { return p.DeletedAt != nil }

// Endorsement is an actor's Like of a thread (usually a challenge) or post.
type Endorsement struct {
	ID        string    `bun:"id,pk"`
	ThreadID  *string   `bun:"thread_id"`
	PostID    *string   `bun:"post_id"`
	ActorID   string    `bun:"actor_id"`
	URI       string    `bun:"uri"`
	CreatedAt time.Time `bun:"created_at"`
}

// StatusChange is one step in a challenge's history.
type StatusChange struct {
	ID        string          `bun:"id,pk"`
	ThreadID  string          `bun:"thread_id"`
	ActorID   string          `bun:"actor_id"`
	From      ChallengeStatus `bun:"from_status"`
	To        ChallengeStatus `bun:"to_status"`
	CreatedAt time.Time       `bun:"created_at"`

	Actor *Actor `bun:"-"`
}

// FollowState of a follow relation.
type FollowState string

const (
	FollowPending  FollowState = "pending"
	FollowAccepted FollowState = "accepted"
)

// Follow is an actor following another actor (a space or a person).
type Follow struct {
	ID         string      `bun:"id,pk"`
	FollowerID string      `bun:"follower_id"`
	TargetID   string      `bun:"target_id"`
	URI        string      `bun:"uri"`
	State      FollowState `bun:"state"`
	CreatedAt  time.Time   `bun:"created_at"`
	AcceptedAt *time.Time  `bun:"accepted_at"`

	Target *Actor `bun:"-"`
}

// NotificationKind says why someone is notified.
type NotificationKind string

const (
	NotifyReply       NotificationKind = "reply"
	NotifyMention     NotificationKind = "mention"
	NotifyEndorsement NotificationKind = "endorsement"
)

// Notification tells a local member that something concerns them.
type Notification struct {
	ID        string           `bun:"id,pk"`
	UserID    string           `bun:"user_id"`
	Kind      NotificationKind `bun:"kind"`
	ActorID   string           `bun:"actor_id"`
	ThreadID  string           `bun:"thread_id"`
	PostID    *string          `bun:"post_id"`
	CreatedAt time.Time        `bun:"created_at"`
	ReadAt    *time.Time       `bun:"read_at"`

	Actor  *Actor  `bun:"-"`
	Thread *Thread `bun:"-"`
}

// Article is a news item published by the node's admins.
type Article struct {
	ID          string    `bun:"id,pk"`
	Slug        string    `bun:"slug"`
	Title       string    `bun:"title"`
	BodySource  string    `bun:"body_source"`
	BodyHTML    string    `bun:"body_html"`
	Tags        string    `bun:"tags"`
	AuthorID    string    `bun:"author_id"`
	PublishedAt time.Time `bun:"published_at"`
	UpdatedAt   time.Time `bun:"updated_at"`

	Author *Actor `bun:"-"`
}
