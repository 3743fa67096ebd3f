package ui

import (
	"net/http"
	"time"

	"github.com/protectors-portal/portal/internal/model"
)

// adminFederationPage is the admin's view of federation: the mode and
// lists from the configuration, the admins' own domain decisions, and
// how deliveries to each peer fare.
type adminFederationPage struct {
	Mode        string // "open" or "allowlist"
	Domain      string // this node's
	ConfigAllow []string
	ConfigBlock []string
	Alliance    []string
	HubEnabled  bool
	HubMembers  []string
	Policies    []*model.DomainPolicy
	Peers       []peerView
	Form        policyForm
	Errors      fieldErrs // of the policy form
}

// policyForm is the form that allows or blocks a domain.
type policyForm struct{ Domain, Policy, Note string }

// peerView is one peer's row.
type peerView struct {
	*model.Peer
	Paused bool // deliveries wait until PausedUntil
}

// adminFederation shows the federation settings and the peers' status.
func (u *UI) adminFederation(w http.ResponseWriter, r *http.Request) error {
	if _, err := admin(r); err != nil {
		return err
	}
	fed, err := u.federationOn()
	if err != nil {
		return err
	}
	return u.renderAdminFederation(w, r, http.StatusOK, fed, &adminFederationPage{Form: policyForm{Policy: "block"}})
}

func (u *UI) renderAdminFederation(w http.ResponseWriter, r *http.Request, status int, fed *fedDeps, d *adminFederationPage) error {
	ctx := r.Context()
	cfg := fed.cfg
	d.Mode, d.Domain = cfg.FederationMode, cfg.Domain
	d.ConfigAllow, d.ConfigBlock, d.Alliance = cfg.FederationAllow, cfg.FederationBlock, cfg.AllianceDomains
	d.HubEnabled, d.HubMembers = cfg.HubEnabled, cfg.HubMembers
	var err error
	if d.Policies, err = fed.policies.Policies(ctx); err != nil {
		return err
	}
	peers, err := fed.svc.Peers(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	d.Peers = make([]peerView, len(peers))
	for i, p := range peers {
		d.Peers[i] = peerView{Peer: p, Paused: p.PausedUntil != nil && p.PausedUntil.After(now)}
	}
	return u.formPage(w, r, status, "admin_federation", u.tr("admin_fed.title"), d)
}
