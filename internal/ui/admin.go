package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

type adminData struct {
	Profile accounts.Profile
	Errors  map[string]string
	Audit   []*model.AuditEntry
	Spaces  []*model.Space
	Users   []*model.User

	// The spaces section.
	Moderators  map[string][]*model.Actor // by space id
	SpaceForm   spaceForm
	SpaceErrors fieldErrs
	ModSpace    string    // the space whose moderator form has ModErrors
	ModErrors   fieldErrs // of the moderator form
	ModUsername string
}

// spaceForm is the admin's form that creates a space.
type spaceForm struct {
	Name, Title, Description, Visibility string
}

// admin requires an admin, or answers 403 (401 signed out).
func admin(r *http.Request) (*model.User, error) {
	user, err := signedIn(r.Context())
	if err != nil {
		return nil, err
	}
	if user.Role != model.RoleAdmin {
		return nil, model.ErrForbidden
	}
	return user, nil
}

func (u *UI) renderAdmin(w http.ResponseWriter, r *http.Request, status int, d *adminData) error {
	ctx := r.Context()
	var err error
	if d.Audit, err = u.accounts.Audit(ctx, 50); err != nil {
		return err
	}
	if d.Spaces, err = u.disc.Spaces(ctx, httpx.User(ctx)); err != nil {
		return err
	}
	if d.Users, err = u.accounts.Users(ctx); err != nil {
		return err
	}
	d.Moderators = make(map[string][]*model.Actor, len(d.Spaces))
	for _, sp := range d.Spaces {
		if d.Moderators[sp.ID], err = u.disc.SpaceModerators(ctx, sp); err != nil {
			return err
		}
	}
	if d.Profile == (accounts.Profile{}) {
		if in, err := u.accounts.Instance(ctx); err == nil {
			d.Profile = accounts.Profile{Name: in.Name, Sector: in.Sector, Country: in.Country, Website: in.Website, Description: in.Description}
		}
	}
	p := u.page(r, u.cat.T("en", "admin.title"), d)
	u.render(w, r, status, "admin", p)
	return nil
}

func (u *UI) adminHome(w http.ResponseWriter, r *http.Request) error {
	if _, err := admin(r); err != nil {
		return err
	}
	in, err := u.accounts.Instance(r.Context())
	if err != nil {
		return err
	}
	d := &adminData{Profile: accounts.Profile{Name: in.Name, Sector: in.Sector, Country: in.Country, Website: in.Website, Description: in.Description}}
	return u.renderAdmin(w, r, http.StatusOK, d)
}

func (u *UI) adminProfile(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	p := accounts.Profile{Name: r.PostFormValue("org_name"), Sector: r.PostFormValue("org_sector"),
		Country: r.PostFormValue("org_country"), Website: r.PostFormValue("org_website"), Description: r.PostFormValue("org_description")}
	if err := u.accounts.UpdateProfile(r.Context(), user, p); err != nil {
		fields, err := fieldErrors(err)
		if err != nil {
			return err
		}
		return u.renderAdmin(w, r, http.StatusUnprocessableEntity, &adminData{Profile: p, Errors: fields})
	}
	http.Redirect(w, r, "/admin?flash=admin.saved", http.StatusSeeOther)
	return nil
}

// adminMemberRole changes a member's role.
func (u *UI) adminMemberRole(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	if err := u.accounts.SetRole(r.Context(), user, r.PathValue("username"), model.Role(r.PostFormValue("role"))); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin?flash=admin.saved#members-h", http.StatusSeeOther)
	return nil
}

// adminMemberSuspend suspends a member, or lets them back.
func (u *UI) adminMemberSuspend(suspend bool) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		user, err := admin(r)
		if err != nil {
			return err
		}
		if err := u.accounts.Suspend(r.Context(), user, r.PathValue("username"), suspend); err != nil {
			return err
		}
		http.Redirect(w, r, "/admin?flash=admin.saved#members-h", http.StatusSeeOther)
		return nil
	}
}
