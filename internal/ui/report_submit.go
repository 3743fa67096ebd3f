package ui

import (
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
)

// reportSubmit files a member's report of a thread (reply false) or a
// reply and goes back to it. Reporting the same thing again thanks the
// member the same way: the moderators already have the first report.
func (u *UI) reportSubmit(reply bool) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		user, err := signedIn(ctx)
		if err != nil {
			return err
		}
		f, err := u.reportTarget(r, user, reply)
		if err != nil {
			return err
		}
		reason := r.PostFormValue("reason")
		f.Comment = r.PostFormValue("comment")
		f.Forward = f.RemoteHost != "" && r.PostFormValue("forward") != ""
		_, _, err = u.moderation.Report(ctx, user, moderation.NewReport{ThreadID: f.threadID, PostID: f.postID,
			Reason: model.ReportReason(reason), Comment: f.Comment, Forward: f.Forward})
		if err != nil {
			fields, status, err := formProblem(err)
			if err != nil {
				return err
			}
			// The service's words name the reasons by their values; the
			// form's by their labels.
			if _, ok := fields["reason"]; ok {
				fields["reason"] = u.tr("report.choose_reason")
			}
			if _, ok := fields["comment"]; ok && reason == string(model.ReasonOther) && strings.TrimSpace(f.Comment) == "" {
				fields["comment"] = u.tr("report.comment_required")
			}
			f.Errors, f.Reasons = fields, u.reasonOptions(reason)
			return u.formPage(w, r, status, "report", u.reportTitle(f), f)
		}
		to := "/threads/" + f.threadOf + "?flash=flash.reported"
		if f.postID != "" {
			to += "#post-" + f.postID
		}
		redirect(w, r, to)
		return nil
	}
}
