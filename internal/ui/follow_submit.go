package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/federation"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// followSubmit follows a space or person, here or on another server, by
// handle or address. What the member can fix (a malformed handle, a server
// that does not answer or does not federate with us) comes back on the
// follows page with what they typed.
func (u *UI) followSubmit(w http.ResponseWriter, r *http.Request) error {
	fed, err := u.federationOn()
	if err != nil {
		return err
	}
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	target := strings.TrimSpace(r.PostFormValue("target"))
	if target == "" {
		return u.renderFollows(w, r, http.StatusUnprocessableEntity, fed, user,
			&followsPage{Errors: fieldErrs{"target": u.tr("follows.target_missing")}})
	}
	res, err := fed.svc.Follow(r, user, target)
	if err != nil {
		fields, status, err := u.followProblem(err)
		if err != nil {
			return err
		}
		return u.renderFollows(w, r, status, fed, user, &followsPage{Target: target, Errors: fields})
	}
	flash := "flash.followed"
	if v, ok := res.(federation.FollowView); ok && v.State != string(model.FollowAccepted) {
		flash = "flash.follow_requested"
	}
	redirect(w, r, withFlash(safeNext(nextOr(r.PostFormValue("next"), "/follows")), flash))
	return nil
}

// followProblem sorts an error from Follow: a problem with the handle
// goes under the field, a refusal or a failure of the other server under
// the form, each with the status it carries; our own failures are raised.
func (u *UI) followProblem(err error) (fieldErrs, int, error) {
	var v *model.ValidationError
	if errors.As(err, &v) {
		return fieldErrs(v.Fields), http.StatusUnprocessableEntity, nil
	}
	status, msg := httpx.Status(err)
	var safe *model.SafeError
	switch {
	case errors.As(err, &safe) && safe.Public != "":
		return fieldErrs{"form": msg}, status, nil
	case status == http.StatusNotFound:
		return fieldErrs{"form": u.tr("follows.not_found")}, status, nil
	case status >= 400 && status < 500 && status != http.StatusUnauthorized:
		return fieldErrs{"form": msg}, status, nil
	}
	return nil, 0, err
}

// nextOr is next, or def when next is empty.
func nextOr(next, def string) string {
	if next == "" {
		return def
	}
	return next
}

// withFlash adds ?flash=key (or &flash=key) to a local path, before any
// fragment.
func withFlash(path, key string) string {
	frag := ""
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, frag = path[:i], path[i:]
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "flash=" + key + frag
}
