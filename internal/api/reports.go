package api

import (
	"net/http"
	"time"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
)

// SetModeration installs the moderation service: reports and the queue.
func (a *API) SetModeration(m *moderation.Service) { a.moderation = m }

func (a *API) reportRoutes(h func(string, httpx.JSONHandler)) {
	h("POST /api/v1/threads/{id}/report", a.reportThread)
	h("POST /api/v1/posts/{id}/report", a.reportPost)
	h("GET /api/v1/reports", a.listReports)
	h("GET /api/v1/reports/{id}", a.showReport)
	h("POST /api/v1/reports/{id}", a.handleReport)
}

// reportsCaller is the signed-in caller of a reports call; the calls are
// not there on a node built without moderation.
func (a *API) reportsCaller(r *http.Request) (*model.User, error) {
	if a.moderation == nil {
		return nil, model.ErrNotFound
	}
	return caller(r)
}

// reportJSON is a report as its reporter and the moderators see it.
type reportJSON struct {
	ID         string      `json:"id"`
	Status     string      `json:"status"`
	Reason     string      `json:"reason"`
	Comment    string      `json:"comment"`
	Forwarded  bool        `json:"forwarded"`
	Reporter   *actorJSON  `json:"reporter"`
	Subject    *actorJSON  `json:"subject"`
	Thread     *threadJSON `json:"thread"`
	Post       *postJSON   `json:"post"`
	CreatedAt  time.Time   `json:"created_at"`
	HandledAt  *time.Time  `json:"handled_at"`
	Resolution string      `json:"resolution"`
}

func reportView(urls model.URLs, r *model.Report) *reportJSON {
	v := &reportJSON{ID: r.ID, Status: string(r.Status), Reason: string(r.Reason), Comment: r.Comment,
		Forwarded: r.Forwarded, Reporter: actorView(r.Reporter), Subject: actorView(r.Subject),
		CreatedAt: r.CreatedAt, HandledAt: r.HandledAt, Resolution: r.Resolution}
	if r.Thread != nil {
		v.Thread = threadView(urls, r.Thread)
	}
	if r.Post != nil {
		v.Post = postView(urls, r.Post)
	}
	return v
}

func (a *API) reportThread(w http.ResponseWriter, r *http.Request) error {
	return a.report(w, r, moderation.NewReport{ThreadID: r.PathValue("id")})
}

func (a *API) reportPost(w http.ResponseWriter, r *http.Request) error {
	return a.report(w, r, moderation.NewReport{PostID: r.PathValue("id")})
}

// report files a report: 201 with the report, or 200 with the open report
// the caller had already filed about the same thing.
func (a *API) report(w http.ResponseWriter, r *http.Request, in moderation.NewReport) error {
	u, err := a.reportsCaller(r)
	if err != nil {
		return err
	}
	var body struct {
		Reason  string `json:"reason"`
		Comment string `json:"comment"`
		Forward bool   `json:"forward"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		return err
	}
	in.Reason, in.Comment, in.Forward = model.ReportReason(body.Reason), body.Comment, body.Forward
	rep, created, err := a.moderation.Report(r.Context(), u, in)
	if err != nil {
		return err
	}
	// The reporter sees what they filed, not the moderators' view.
	out := map[string]any{"id": rep.ID, "status": rep.Status, "reason": rep.Reason, "comment": rep.Comment,
		"forwarded": rep.Forwarded, "created_at": rep.CreatedAt}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	httpx.WriteJSON(w, status, out)
	return nil
}

func (a *API) listReports(w http.ResponseWriter, r *http.Request) error {
	u, err := a.reportsCaller(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	status := model.ReportStatus(q.Get("status"))
	if !q.Has("status") {
		status = model.ReportOpen
	} else if status == "all" {
		status = ""
	}
	list, next, err := a.moderation.Reports(r.Context(), u, status, q.Get("cursor"))
	if err != nil {
		return err
	}
	items := make([]*reportJSON, len(list))
	for i, rep := range list {
		items[i] = reportView(a.urls, rep)
	}
	httpx.WriteJSON(w, http.StatusOK, page[*reportJSON]{Items: items, NextCursor: next})
	return nil
}

func (a *API) showReport(w http.ResponseWriter, r *http.Request) error {
	u, err := a.reportsCaller(r)
	if err != nil {
		return err
	}
	return a.writeReport(w, r, u)
}

// writeReport answers with the report the path names, as u may see it.
func (a *API) writeReport(w http.ResponseWriter, r *http.Request, u *model.User) error {
	rep, err := a.moderation.GetReport(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, reportView(a.urls, rep))
	return nil
}

// handleReport records a moderator's decision: {"action": "dismiss" |
// "resolve" | "remove", "note": "…"}.
func (a *API) handleReport(w http.ResponseWriter, r *http.Request) error {
	u, err := a.reportsCaller(r)
	if err != nil {
		return err
	}
	var body struct {
		Action string `json:"action"`
		Note   string `json:"note"`
	}
	if err := httpx.DecodeJSON(w, r, &body); err != nil {
		return err
	}
	if _, err := a.moderation.Handle(r.Context(), u, r.PathValue("id"), body.Action, body.Note); err != nil {
		return err
	}
	// Loaded again: after a removal the reported thread or reply is a
	// tombstone, which the answer shows.
	return a.writeReport(w, r, u)
}
