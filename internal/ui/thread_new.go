package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// threadForm is the form that starts a discussion or posts a challenge.
type threadForm struct {
	Space      *model.Space
	Action     string
	Title      string
	Body       string
	Kind       string
	Category   string
	Visibility string
	Errors     fieldErrs
}

// ChooseVisibility says whether the form offers a choice of visibility:
// only a public space can hold alliance-only threads beside public ones.
func (f *threadForm) ChooseVisibility() bool { return f.Space.Visibility == model.VisibilityPublic }

// IsChallenge says whether the form is for a challenge.
func (f *threadForm) IsChallenge() bool { return f.Kind == string(model.KindChallenge) }

func newThreadForm(sp *model.Space, kind string) *threadForm {
	if kind != string(model.KindChallenge) {
		kind = string(model.KindDiscussion)
	}
	return &threadForm{Space: sp, Action: spacePath(sp) + "/threads", Kind: kind,
		Visibility: string(sp.Visibility)}
}

func (u *UI) renderThreadForm(w http.ResponseWriter, r *http.Request, status int, f *threadForm) error {
	title := u.tr("thread_new.title", f.Space.Title)
	if f.IsChallenge() {
		title = u.tr("thread_new.challenge_title", f.Space.Title)
	}
	return u.formPage(w, r, status, "thread_new", title, f)
}

// threadNew shows the form for a new discussion or challenge in a space
// (?kind=challenge picks a challenge).
func (u *UI) threadNew(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	user, err := signedIn(ctx)
	if err != nil {
		return err
	}
	sp, err := u.disc.Space(ctx, user, r.PathValue("name"))
	if err != nil {
		return err
	}
	if !sp.Local {
		return &model.SafeError{Err: model.ErrForbidden, Public: u.tr("thread_new.remote"), Status: http.StatusForbidden}
	}
	return u.renderThreadForm(w, r, http.StatusOK, newThreadForm(sp, r.URL.Query().Get("kind")))
}
