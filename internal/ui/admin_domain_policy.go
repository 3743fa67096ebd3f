package ui

import (
	"net/http"
	"strings"
)

// adminPolicySet allows or blocks a domain (replacing any earlier
// decision about it). The moderation service audits the decision.
func (u *UI) adminPolicySet(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	fed, err := u.federationOn()
	if err != nil {
		return err
	}
	f := policyForm{Domain: strings.TrimSpace(r.PostFormValue("domain")), Policy: r.PostFormValue("policy"),
		Note: strings.TrimSpace(r.PostFormValue("note"))}
	if len(f.Note) > 500 {
		return u.renderAdminFederation(w, r, http.StatusUnprocessableEntity, fed,
			&adminFederationPage{Form: f, Errors: fieldErrs{"note": u.tr("admin_fed.note_too_long")}})
	}
	if err := fed.policies.SetPolicy(r.Context(), user, f.Domain, f.Policy, f.Note); err != nil {
		fields, status, err := formProblem(err)
		if err != nil {
			return err
		}
		return u.renderAdminFederation(w, r, status, fed, &adminFederationPage{Form: f, Errors: fields})
	}
	redirect(w, r, "/admin/federation?flash=flash.policy_saved#policies-h")
	return nil
}

// adminPolicyRemove forgets the admins' decision about a domain; the
// configuration and the mode decide again. Audited.
func (u *UI) adminPolicyRemove(w http.ResponseWriter, r *http.Request) error {
	user, err := admin(r)
	if err != nil {
		return err
	}
	fed, err := u.federationOn()
	if err != nil {
		return err
	}
	if err := fed.policies.RemovePolicy(r.Context(), user, r.PathValue("domain")); err != nil {
		return err
	}
	redirect(w, r, "/admin/federation?flash=flash.policy_removed#policies-h")
	return nil
}
