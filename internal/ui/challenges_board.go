package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// boardPage is the challenge board with its filters.
type boardPage struct {
	Threads  []*model.Thread
	Category string
	Status   string
	Sort     string
	Pager    pageLinks
	Errors   fieldErrs
}

// challengesBoard lists challenges, filtered by category and status,
// sorted by endorsements (the default) or by recency.
func (u *UI) challengesBoard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	d := &boardPage{Category: q.Get("category"), Status: q.Get("status"), Sort: q.Get("sort")}
	if d.Sort == "" {
		d.Sort = "endorsements"
	}
	status := http.StatusOK
	threads, next, err := u.disc.Challenges(ctx, httpx.User(ctx), discussion.ChallengeQuery{Category: d.Category,
		Status: model.ChallengeStatus(d.Status), Sort: d.Sort, Cursor: q.Get("cursor"), Limit: 20})
	if err != nil {
		fields, st, err := formProblem(err)
		if err != nil {
			return err
		}
		d.Errors, status = fields, st
	}
	d.Threads = threads
	d.Pager = pagerFor("/challenges", q, next)
	p := u.page(r, u.tr("board.title"), d)
	u.render(w, r, status, "challenges", p)
	return nil
}
