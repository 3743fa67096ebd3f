package ui

import (
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/internal/httpx"
)

type signinData struct {
	Next, Username, Error string
}

// safeNext keeps a post-sign-in redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (u *UI) signinForm(w http.ResponseWriter, r *http.Request) error {
	p := u.page(r, u.cat.T("en", "signin.title"), &signinData{Next: safeNext(r.URL.Query().Get("next"))})
	p.NoIndex = true
	u.render(w, r, http.StatusOK, "signin", p)
	return nil
}

func (u *UI) signinSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name, pw := r.PostFormValue("username"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	user, err := u.accounts.Authenticate(ctx, name, pw, httpx.ClientAddr(r))
	if err != nil {
		status, msg := httpx.Status(err)
		if status >= 500 {
			return err
		}
		p := u.page(r, u.cat.T("en", "signin.title"), &signinData{Next: next, Username: name, Error: msg})
		p.NoIndex = true
		u.render(w, r, status, "signin", p)
		return nil
	}
	cookie, _, err := u.accounts.StartSession(ctx, user, r.UserAgent())
	if err != nil {
		return err
	}
	httpx.SetSessionCookie(w, cookie, int(u.accounts.SessionLifetime.Seconds()), u.secure)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (u *UI) signout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		if err := u.accounts.EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	httpx.ClearSessionCookie(w, u.secure)
	http.Redirect(w, r, "/?flash=signout.done", http.StatusSeeOther)
	return nil
}
