package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

type settingsData struct {
	Tokens         []*model.Token
	NewToken       string
	PasswordErrors map[string]string
	ProfileErrors  map[string]string
	DisplayName    string
	Bio            string
	Locale         string
}

func (u *UI) renderSettings(w http.ResponseWriter, r *http.Request, status int, d *settingsData) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	if d.Tokens, err = u.accounts.ListTokens(r.Context(), user.ID); err != nil {
		return err
	}
	if d.ProfileErrors == nil {
		d.Bio, d.Locale = user.BioSource, user.Locale
		if user.Actor != nil {
			d.DisplayName = user.Actor.DisplayName
		}
	}
	p := u.page(r, u.cat.T("en", "settings.title"), d)
	u.render(w, r, status, "settings", p)
	return nil
}

func (u *UI) settings(w http.ResponseWriter, r *http.Request) error {
	return u.renderSettings(w, r, http.StatusOK, &settingsData{})
}

func (u *UI) passwordSubmit(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	keep := ""
	if s := httpx.Session(r.Context()); s != nil {
		keep = s.ID
	}
	err = u.accounts.ChangePassword(r.Context(), user, r.PostFormValue("current_password"), r.PostFormValue("new_password"), keep)
	if err != nil {
		fields, err := fieldErrors(err)
		if err != nil {
			return err
		}
		return u.renderSettings(w, r, http.StatusUnprocessableEntity, &settingsData{PasswordErrors: fields})
	}
	http.Redirect(w, r, "/settings?flash=settings.password_changed", http.StatusSeeOther)
	return nil
}

func (u *UI) tokenCreate(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	plain, _, err := u.accounts.CreateToken(r.Context(), user.ID, r.PostFormValue("name"))
	if err != nil {
		return err
	}
	// Shown once, on this response; never in a URL.
	return u.renderSettings(w, r, http.StatusCreated, &settingsData{NewToken: plain})
}

func (u *UI) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	if err := u.accounts.RevokeToken(r.Context(), user.ID, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings", http.StatusSeeOther)
	return nil
}

func (u *UI) profileSubmit(w http.ResponseWriter, r *http.Request) error {
	user, err := signedIn(r.Context())
	if err != nil {
		return err
	}
	p := accounts.MemberProfile{DisplayName: r.PostFormValue("display_name"), Bio: r.PostFormValue("bio"),
		Locale: r.PostFormValue("locale")}
	if err := u.accounts.UpdateMemberProfile(r.Context(), user, p); err != nil {
		fields, err := fieldErrors(err)
		if err != nil {
			return err
		}
		return u.renderSettings(w, r, http.StatusUnprocessableEntity, &settingsData{ProfileErrors: fields,
			DisplayName: p.DisplayName, Bio: p.Bio, Locale: p.Locale})
	}
	http.Redirect(w, r, "/settings?flash=settings.profile_saved", http.StatusSeeOther)
	return nil
}
