package ui

import (
	"net/http"
	"time"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// searchPage is the search form and what it found.
type searchPage struct {
	Query   string
	Results []searchResult
	Errors  fieldErrs
	Done    bool // a search was made
}

// searchResult is one thread or reply found.
type searchResult struct {
	Title    string
	URL      string
	IsReply  bool
	Author   string
	Space    string
	At       time.Time
	Excerpt  []excerptPart
	Alliance bool
}

// searchShow searches the threads and replies the viewer may see.
func (u *UI) searchShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query().Get("q")
	d := &searchPage{Query: q}
	status := http.StatusOK
	hits, err := u.disc.Search(ctx, httpx.User(ctx), q)
	if err != nil {
		fields, st, err := formProblem(err)
		if err != nil {
			return err
		}
		d.Errors, status = fields, st
	}
	d.Done = q != "" && d.Errors == nil
	words := searchWords(q)
	for _, h := range hits {
		t := h.Thread
		res := searchResult{Title: t.Title, URL: "/threads/" + t.ID, At: t.CreatedAt,
			Alliance: t.Visibility != model.VisibilityPublic}
		if t.Space != nil {
			res.Space = t.Space.Title
		}
		text, author := t.BodyText, t.Author
		if p := h.Post; p != nil {
			res.IsReply, res.URL, res.At = true, "/threads/"+t.ID+"#post-"+p.ID, p.CreatedAt
			text, author = p.BodyText, p.Author
			res.Alliance = res.Alliance || p.Visibility != model.VisibilityPublic
		}
		if author != nil {
			res.Author = author.Name()
		}
		res.Excerpt = excerpt(text, words, 240)
		d.Results = append(d.Results, res)
	}
	title := u.tr("search.title")
	if q != "" {
		title = u.tr("search.title_for", q)
	}
	p := u.page(r, title, d)
	p.NoIndex = true
	u.render(w, r, status, "search", p)
	return nil
}
