package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
)

// handledFlash thanks a moderator for each decision.
var handledFlash = map[string]string{
	moderation.ActionDismiss: "flash.report_dismissed",
	moderation.ActionResolve: "flash.report_resolved",
	moderation.ActionRemove:  "flash.report_removed",
}

// moderationHandle records a moderator's decision on a report: the form
// sends action=dismiss|resolve|remove and a note for the audit log. A
// decision the service refuses (a note too long, a report handled in the
// meantime) shows the queue again with the problem.
func (u *UI) moderationHandle(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	if u.moderation == nil {
		return model.ErrNotFound
	}
	id, action, note := r.PathValue("id"), r.PostFormValue("action"), r.PostFormValue("note")
	if _, err := u.moderation.Handle(ctx, user, id, action, note); err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		return u.renderQueue(w, r, status, model.ReportOpen, &queuePage{ErrorFor: id, Note: note, Errors: fields})
	}
	redirect(w, r, "/moderation?flash="+handledFlash[action])
	return nil
}
