package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

type setupData struct {
	Token    string
	Invalid  bool
	Profile  accounts.Profile
	Username string
	Errors   map[string]string
}

// setupForm shows the one-time setup form of a new node. Whether the token
// is valid is only decided on submit, where it is consumed.
func (u *UI) setupForm(w http.ResponseWriter, r *http.Request) error {
	tok := r.URL.Query().Get("token")
	in, err := u.accounts.Instance(r.Context())
	if err != nil {
		return err
	}
	d := &setupData{Token: tok, Invalid: tok == "" || in.SetupDoneAt != nil || in.SetupTokenHash == ""}
	p := u.page(r, u.cat.T("en", "setup.title"), d)
	p.NoIndex = true
	u.render(w, r, http.StatusOK, "setup", p)
	return nil
}

func (u *UI) setupSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := &setupData{
		Token: r.PostFormValue("token"),
		Profile: accounts.Profile{Name: r.PostFormValue("org_name"), Sector: r.PostFormValue("org_sector"),
			Country: r.PostFormValue("org_country"), Website: r.PostFormValue("org_website"),
			Description: r.PostFormValue("org_description")},
		Username: r.PostFormValue("username"),
	}
	user, err := u.accounts.CompleteSetup(ctx, accounts.Setup{Token: d.Token, Profile: d.Profile,
		Admin: accounts.NewUser{Username: d.Username, Password: r.PostFormValue("password"), Role: model.RoleAdmin}})
	if err != nil {
		fields, err := fieldErrors(err)
		if err != nil {
			return err
		}
		d.Errors = fields
		status := http.StatusUnprocessableEntity
		if _, bad := fields["form"]; bad {
			d.Invalid, status = true, http.StatusForbidden
		}
		p := u.page(r, u.cat.T("en", "setup.title"), d)
		p.NoIndex = true
		u.render(w, r, status, "setup", p)
		return nil
	}
	cookie, _, err := u.accounts.StartSession(ctx, user, r.UserAgent())
	if err != nil {
		return err
	}
	httpx.SetSessionCookie(w, cookie, int(u.accounts.SessionLifetime.Seconds()), u.secure)
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
	return nil
}
