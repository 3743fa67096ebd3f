package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// organisationPage is the organisation that runs this node.
type organisationPage struct {
	Spaces  []*model.Space
	Members []memberCard
}

// memberCard is a member in a list.
type memberCard struct {
	Name, Username, Role string
}

// organisationShow shows the organisation's profile, its spaces and its
// members.
func (u *UI) organisationShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	spaces, err := u.disc.Spaces(ctx, httpx.User(ctx))
	if err != nil {
		return err
	}
	users, err := u.accounts.Users(ctx)
	if err != nil {
		return err
	}
	d := &organisationPage{Spaces: spaces}
	for _, m := range users {
		if m.SuspendedAt != nil || m.Actor == nil {
			continue
		}
		d.Members = append(d.Members, memberCard{Name: m.Actor.Name(), Username: m.Username, Role: string(m.Role)})
	}
	p := u.page(r, "", d)
	p.Title = p.Instance.Name
	if p.Title == "" {
		p.Title = u.tr("home.unnamed")
	}
	p.ActivityURL = u.urls.Instance()
	u.render(w, r, http.StatusOK, "organisation", p)
	return nil
}
