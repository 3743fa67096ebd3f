package model

import "net/url"

// URLs mints the ids and page addresses of local things. Every local
// ActivityPub id is also the thing's HTML page (content negotiation).
type URLs struct {
	Base string // scheme://domain
}

// Domain is the host (with port) of Base.
func (u URLs) Domain() string {
	p, err := url.Parse(u.Base)
	if err != nil {
		return ""
	}
	return p.Host
}

func (u URLs) Instance() string              { return u.Base + "/actor" }
func (u URLs) SharedInbox() string           { return u.Base + "/inbox" }
func (u URLs) Member(username string) string { return u.Base + "/members/" + url.PathEscape(username) }
func (u URLs) Space(name string) string      { return u.Base + "/spaces/" + url.PathEscape(name) }
func (u URLs) Thread(id string) string       { return u.Base + "/threads/" + id }
func (u URLs) Post(id string) string         { return u.Base + "/posts/" + id }
func (u URLs) Article(slug string) string    { return u.Base + "/articles/" + url.PathEscape(slug) }
func (u URLs) Activity(id string) string     { return u.Base + "/activities/" + id }

// LocalActor fills the ActivityPub addresses of a local actor whose id is
// uri.
func (u URLs) LocalActor(a *Actor, uri string) {
	a.URI = uri
	a.URL = uri
	a.Inbox = uri + "/inbox"
	a.Outbox = uri + "/outbox"
	a.Followers = uri + "/followers"
	a.Following = uri + "/following"
	a.SharedInbox = u.SharedInbox()
	a.KeyID = uri + "#main-key"
	a.Host = u.Domain()
	a.Local = true
}
