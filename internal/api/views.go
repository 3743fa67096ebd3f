// Package api serves the JSON API under /api/v1: bearer tokens or a
// signed-in browser session, JSON in and out, {"error": "…"} with a 4xx.
package api

import (
	"time"

	"github.com/protectors-portal/portal/internal/model"
)

// actorJSON is how a person or space is shown.
type actorJSON struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Host     string `json:"host"`
	Handle   string `json:"handle"`
	Name     string `json:"name"`
	URL      string `json:"url"`
	APID     string `json:"ap_id"`
	Local    bool   `json:"local"`
}

func actorView(a *model.Actor) *actorJSON {
	if a == nil {
		return nil
	}
	return &actorJSON{ID: a.ID, Username: a.Username, Host: a.Host, Handle: a.Handle(), Name: a.Name(),
		URL: a.URL, APID: a.URI, Local: a.Local}
}

type spaceJSON struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Host            string     `json:"host"`
	Handle          string     `json:"handle"`
	Title           string     `json:"title"`
	Description     string     `json:"description"`
	DescriptionHTML string     `json:"description_html"`
	Visibility      string     `json:"visibility"`
	Local           bool       `json:"local"`
	ThreadCount     int        `json:"thread_count"`
	LastActivityAt  *time.Time `json:"last_activity_at"`
	URL             string     `json:"url"`
	APID            string     `json:"ap_id"`
}

func spaceView(urls model.URLs, sp *model.Space) *spaceJSON {
	if sp == nil {
		return nil
	}
	v := &spaceJSON{ID: sp.ID, Name: sp.Name, Host: sp.Host, Handle: sp.Handle(), Title: sp.Title,
		Description: sp.Description, DescriptionHTML: sp.DescriptionHTML, Visibility: string(sp.Visibility), Local: sp.Local, ThreadCount: sp.ThreadCount,
		LastActivityAt: sp.LastActivityAt}
	if sp.Local {
		v.URL, v.APID = urls.Space(sp.Name), urls.Space(sp.Name)
	} else {
		v.URL = urls.Base + "/spaces/" + sp.Name + "@" + sp.Host
		if sp.Actor != nil {
			v.APID = sp.Actor.URI
		}
	}
	return v
}

type threadJSON struct {
	ID             string       `json:"id"`
	URL            string       `json:"url"`
	APID           string       `json:"ap_id"`
	Title          string       `json:"title"`
	Kind           string       `json:"kind"`
	Category       string       `json:"category,omitempty"`
	Status         string       `json:"status,omitempty"`
	Visibility     string       `json:"visibility"`
	Space          *spaceJSON   `json:"space"`
	Author         *actorJSON   `json:"author"`
	Body           string       `json:"body,omitempty"`
	BodyHTML       string       `json:"body_html"`
	Local          bool         `json:"local"`
	Locked         bool         `json:"locked"`
	Pinned         bool         `json:"pinned"`
	Deleted        bool         `json:"deleted"`
	ReplyCount     int          `json:"reply_count"`
	Endorsements   int          `json:"endorsements"`
	Endorsed       *bool        `json:"endorsed,omitempty"`
	CreatedAt      time.Time    `json:"created_at"`
	EditedAt       *time.Time   `json:"edited_at"`
	LastActivityAt time.Time    `json:"last_activity_at"`
	Posts          []*postJSON  `json:"posts,omitempty"`
	History        []statusJSON `json:"status_history,omitempty"`
}

type statusJSON struct {
	From      string     `json:"from"`
	To        string     `json:"to"`
	By        *actorJSON `json:"by"`
	CreatedAt time.Time  `json:"created_at"`
}

func threadView(urls model.URLs, t *model.Thread) *threadJSON {
	v := &threadJSON{ID: t.ID, URL: urls.Thread(t.ID), APID: t.URI, Title: t.Title, Kind: string(t.Kind),
		Category: t.Category, Status: string(t.Status), Visibility: string(t.Visibility), Space: spaceView(urls, t.Space),
		Author: actorView(t.Author), BodyHTML: t.BodyHTML, Local: t.Local, Locked: t.Locked, Pinned: t.Pinned,
		Deleted: t.Deleted(), ReplyCount: t.ReplyCount, Endorsements: t.EndorsementCount, CreatedAt: t.CreatedAt,
		EditedAt: t.EditedAt, LastActivityAt: t.LastActivityAt}
	if t.Local {
		v.Body = t.BodySource
	}
	return v
}

type postJSON struct {
	ID        string     `json:"id"`
	URL       string     `json:"url"`
	APID      string     `json:"ap_id"`
	ThreadID  string     `json:"thread_id"`
	Author    *actorJSON `json:"author"`
	Body      string     `json:"body,omitempty"`
	BodyHTML  string     `json:"body_html"`
	InReplyTo *string    `json:"in_reply_to"`
	Local     bool       `json:"local"`
	Deleted   bool       `json:"deleted"`
	CreatedAt time.Time  `json:"created_at"`
	EditedAt  *time.Time `json:"edited_at"`
}

func postView(urls model.URLs, p *model.Post) *postJSON {
	v := &postJSON{ID: p.ID, URL: urls.Post(p.ID), APID: p.URI, ThreadID: p.ThreadID, Author: actorView(p.Author),
		BodyHTML: p.BodyHTML, InReplyTo: p.InReplyToID, Local: p.Local, Deleted: p.Deleted(), CreatedAt: p.CreatedAt,
		EditedAt: p.EditedAt}
	if p.Local {
		v.Body = p.BodySource
	}
	return v
}

// page is a list with the cursor of the next page ("" at the end).
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func threadPage(urls model.URLs, list []*model.Thread, next string) page[*threadJSON] {
	items := make([]*threadJSON, len(list))
	for i, t := range list {
		items[i] = threadView(urls, t)
	}
	return page[*threadJSON]{Items: items, NextCursor: next}
}
