// Package discussion holds spaces, threads, challenges, replies,
// endorsements, notifications, articles, search and the timeline: the
// product on one node. Federation plugs in through Publisher.
package discussion

import (
	"context"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/protectors-portal/portal/internal/markup"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// EventType names what happened.
type EventType string

const (
	ThreadCreated EventType = "thread_created"
	ThreadUpdated EventType = "thread_updated"
	ThreadDeleted EventType = "thread_deleted"
	PostCreated   EventType = "post_created"
	PostUpdated   EventType = "post_updated"
	PostDeleted   EventType = "post_deleted"
	Endorsed      EventType = "endorsed"
	Unendorsed    EventType = "unendorsed"
	SpaceCreated  EventType = "space_created"
	SpaceUpdated  EventType = "space_updated"
)

// Event is something local that others may need to hear of.
type Event struct {
	Type        EventType
	Actor       *model.Actor
	Space       *model.Space
	Thread      *model.Thread
	Post        *model.Post
	Endorsement *model.Endorsement
}

// Publisher hears of local events inside the transaction that made them,
// so that what it queues commits with the content. Federation implements
// it; the default does nothing.
type Publisher interface {
	Publish(ctx context.Context, tx *store.Store, ev Event) error
}

type noPublisher struct{}

func (noPublisher) Publish(context.Context, *store.Store, Event) error { return nil }

// Limits on what members write.
const (
	MaxTitle = 200
	MaxBody  = 64 << 10
)

// Service is the discussion use cases.
type Service struct {
	db      *store.DB
	urls    model.URLs
	md      *markup.Renderer
	pub     Publisher
	newKeys func() (string, string, error)
	log     *slog.Logger
}

// New builds the service; pub may be nil.
func New(db *store.DB, urls model.URLs, pub Publisher, newKeys func() (string, string, error), log *slog.Logger) *Service {
	s := &Service{db: db, urls: urls, pub: pub, newKeys: newKeys, log: log}
	if s.pub == nil {
		s.pub = noPublisher{}
	}
	domain := urls.Domain()
	s.md = markup.New(markup.Options{MentionURL: func(username, host string) (string, bool) {
		if host == "" || strings.EqualFold(host, domain) {
			return urls.Member(strings.ToLower(username)), true
		}
		return "", false
	}})
	return s
}

// SetPublisher installs the federation publisher once it is built.
func (s *Service) SetPublisher(p Publisher) { s.pub = p }

// Markdown renders member-written Markdown to sanitised HTML.
func (s *Service) Markdown(src string) string { return s.md.Markdown(src) }

// Sanitize cleans remote HTML with the same allowlist.
func (s *Service) Sanitize(html string) string { return s.md.Sanitize(html) }

// canSeeAlliance says whether the viewer may see alliance-only content:
// signed-in members of this node.
func canSeeAlliance(viewer *model.User) bool { return viewer != nil && viewer.SuspendedAt == nil }

// visible reports whether the viewer may see something of visibility v.
func visible(viewer *model.User, v model.Visibility) bool {
	return v == model.VisibilityPublic || canSeeAlliance(viewer)
}

func checkTitle(v *model.ValidationError, title string) string {
	title = strings.TrimSpace(title)
	switch n := utf8.RuneCountInString(title); {
	case n == 0:
		v.Add("title", "is required")
	case n > MaxTitle:
		v.Add("title", "must be at most 200 characters")
	}
	return title
}

func checkBody(v *model.ValidationError, body string, required bool) string {
	body = strings.TrimSpace(body)
	switch {
	case required && body == "":
		v.Add("body", "is required")
	case len(body) > MaxBody:
		v.Add("body", "must be at most 64 KiB")
	case !utf8.ValidString(body):
		v.Add("body", "must be UTF-8 text")
	}
	return body
}

func (s *Service) isModerator(ctx context.Context, u *model.User, spaceID string) (bool, error) {
	if u == nil {
		return false, nil
	}
	if u.Role.CanModerate() {
		return true, nil
	}
	return s.db.IsSpaceModerator(ctx, spaceID, u.ActorID)
}
